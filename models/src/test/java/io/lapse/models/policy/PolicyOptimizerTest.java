package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The policy model on spells drawn from a known return-time distribution: a share S_inf never
 * returns, the others return after Exp(mu) days, so S(t) = S_inf + (1 - S_inf) exp(-t / mu);
 * spells are right-censored at a uniform day.
 */
class PolicyOptimizerTest {

  static final double S_INF = 0.4;
  static final double MU = 5;
  static final double HALF_LIFE = 30;
  static final double R = 0.3;
  static final double V = 60;
  static final double C = 6;

  /** Grouped spells: {times, events, censored} over days 1..200. */
  static Object[] spells(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int days = 200;
    long[] events = new long[days + 1];
    long[] censored = new long[days + 1];
    for (int i = 0; i < n; i++) {
      int censorDay = 20 + rnd.nextInt(days - 20 + 1);
      boolean returns = rnd.nextDouble() >= S_INF;
      // ceil(X) > t exactly when X > t for whole t, so S is exact on the day grid.
      int returnDay = returns ? (int) Math.ceil(-MU * Math.log(1 - rnd.nextDouble())) : -1;
      if (returns && returnDay <= censorDay) {
        events[Math.max(1, returnDay)]++;
      } else {
        censored[censorDay]++;
      }
    }
    double[] times = new double[days];
    long[] e = new long[days];
    long[] c = new long[days];
    for (int d = 1; d <= days; d++) {
      times[d - 1] = d;
      e[d - 1] = events[d];
      c[d - 1] = censored[d];
    }
    return new Object[] {times, e, c};
  }

  static KaplanMeierCurve curve(Object[] s) {
    return KaplanMeier.estimate((double[]) s[0], (long[]) s[1], (long[]) s[2]);
  }

  static double trueS(double t) {
    return S_INF + (1 - S_INF) * Math.exp(-t / MU);
  }

  static double reach(double t) {
    return Math.pow(0.5, t / HALF_LIFE);
  }

  /** W(t) = S(t) * (r * S_inf / S(t) * A(t) * V - c) = r V S_inf A(t) - c S(t). */
  static double trueW(double t) {
    return R * V * S_INF * reach(t) - C * trueS(t);
  }

  static double se(KaplanMeierCurve c, double t) {
    double se = 0;
    for (int k = 0; k < c.times().length && c.times()[k] <= t; k++) {
      se = c.standardError()[k];
    }
    return se;
  }

  static PolicySpec spec(List<PolicyAction> actions) {
    return PolicySpec.defaults().withActions(actions).withValuePerCustomer(V)
        .withReachabilityHalfLife(HALF_LIFE).withGrid(TimingUnit.DAYS, 180, 1);
  }

  /**
   * The tolerance. With the prior, W(t) = r V S_inf A(t) - c S(t) is linear in S and S_inf, so
   * the estimate's error is e(t) = r V (S^_inf - S_inf) A(t) - c (S^(t) - S(t)). The found t^
   * maximizes W^ = W + e, so W^(t^) >= W^(t*) and the regret is bounded by
   *   W(t*) - W(t^) <= e(t^) - e(t*)
   *                 <= r V |S^_inf - S_inf| |A(t^) - A(t*)| + c (|S^ - S|(t^) + |S^ - S|(t*)),
   * and each |S^ - S| is within z Greenwood standard errors; z = 4 because t^ is chosen from the
   * data (a pointwise 2 would not do) and the Hall-Wellner simultaneous band on this range needs
   * less than 3.5 at 99%. Near the optimum W(t*) - W(t) ~ |W''(t*)| (t - t*)^2 / 2, which turns
   * the regret bound into a bound on |t^ - t*| (plus one grid day for the discrete argmax).
   */
  @Test
  void tStarFromTheKaplanMeierEstimateIsNearTheAnalyticOptimum() {
    Object[] s = spells(20_000, 7);
    KaplanMeierCurve km = curve(s);
    SegmentPolicy p = new PolicyOptimizer(spec(List.of(new PolicyAction("coupon", C, R))))
        .optimize("S1", km);
    assertEquals(1, p.ladder().size());
    double found = p.tStar();

    int best = 1;
    for (int t = 2; t <= 180; t++) {
      if (trueW(t) > trueW(best)) {
        best = t;
      }
    }
    double z = 4;
    double bound = R * V * z * km.standardError()[km.times().length - 1]
        * Math.abs(reach(found) - reach(best))
        + C * z * (se(km, found) + se(km, best));
    double regret = trueW(best) - trueW(found);
    double curvature = Math.abs(trueW(best + 1) + trueW(best - 1) - 2 * trueW(best));
    double tTolerance = Math.sqrt(2 * bound / curvature) + 1;
    System.out.printf("policy t*: analytic %d, found %.0f, |error| %.0f days (tolerance %.1f);"
        + " regret %.4f (bound %.4f), W(t*) %.3f%n", best, found, Math.abs(found - best),
        tTolerance, regret, bound, trueW(best));
    assertTrue(regret <= bound, "regret " + regret + " > bound " + bound);
    assertTrue(Math.abs(found - best) <= tTolerance,
        "t* " + found + " vs analytic " + best + ", tolerance " + tTolerance);
    // The expected value of the rung is W^(t^), within the same error of the true W there.
    assertEquals(trueW(found), p.ladder().get(0).expectedValue(),
        R * V * z * km.standardError()[km.times().length - 1] + C * z * se(km, found));
  }

  /** uplift <= r (S_inf / S <= 1, A <= 1), so c > V r makes W < 0 at every t. */
  @Test
  void noActionWhenTheActionCannotPay() {
    KaplanMeierCurve km = curve(spells(2_000, 11));
    PolicyAction dear = new PolicyAction("coupon", 10, 0.15); // V r = 9 < 10
    SegmentPolicy p = new PolicyOptimizer(spec(List.of(dear))).optimize("S1", km);
    assertTrue(p.noAction());
    assertNull(p.tStar());
    for (double w : p.curves().get(0).w()) {
      assertTrue(w < 0, "W " + w);
    }
    CustomerPlan plan = new PolicyBook(List.of(p)).plan("S1", 30, null, 7);
    assertEquals(CustomerActions.NO_ACTION, plan.reason());
    assertNull(plan.next());
  }

  /**
   * Each later rung is optimized on the customers the earlier ones did not win back, after the
   * earlier rung's time; no action twice; an action that cannot pay is skipped.
   */
  @Test
  void ladderEscalatesByCostOnTheRemainingCustomers() {
    KaplanMeierCurve km = curve(spells(5_000, 13));
    List<PolicyAction> actions = List.of(new PolicyAction("double_coupon", 9, 0.45),
        new PolicyAction("sms", 0.5, 0.0001), new PolicyAction("email", 0.2, 0.05),
        new PolicyAction("coupon", 4, 0.3));
    SegmentPolicy p = new PolicyOptimizer(spec(actions)).optimize("S1", km);
    List<Rung> ladder = p.ladder();
    assertEquals(List.of("email", "coupon", "double_coupon"),
        ladder.stream().map(Rung::action).toList(), "sms cannot pay (V r = 0.006 < 0.5)");
    double[] s = p.survival();
    double remaining = 1;
    double after = 0;
    for (Rung r : ladder) {
      assertTrue(r.t() > after);
      PolicyAction a = actions.stream().filter(x -> x.name().equals(r.action())).findFirst()
          .orElseThrow();
      double[] u = p.curves().stream().filter(c -> c.action().equals(r.action())).findFirst()
          .orElseThrow().uplift();
      // Brute force over the admissible times.
      double bestW = Double.NEGATIVE_INFINITY;
      double bestT = -1;
      for (int i = 0; i < s.length; i++) {
        double w = remaining * s[i] * (u[i] * V - a.cost());
        if (p.times()[i] > after && w > bestW) {
          bestW = w;
          bestT = p.times()[i];
        }
      }
      assertEquals(bestT, r.t());
      assertEquals(bestW, r.expectedValue(), 1e-12);
      assertEquals(u[(int) r.t() - 1], r.uplift(), 1e-15);
      assertEquals(r.uplift() * V - a.cost(), r.valueIfActed(), 1e-12);
      assertEquals(UpliftModel.PRIOR, r.upliftSource());
      remaining *= 1 - r.uplift();
      after = r.t();
    }
    assertEquals(UpliftModel.PRIOR, p.upliftSource());
    assertEquals(ladder.stream().mapToDouble(Rung::expectedValue).sum(), p.ladderValue(), 1e-12);
  }

  @Test
  void reachabilityFromASuppliedFunction() {
    KaplanMeierCurve km = curve(spells(2_000, 17));
    PolicySpec spec = spec(List.of(new PolicyAction("coupon", C, R)));
    UpliftModel viaFunction = UpliftModel.prior(Reachability.of(PolicyOptimizerTest::reach));
    SegmentPolicy a = new PolicyOptimizer(spec).optimize("S1", km, V, viaFunction);
    SegmentPolicy b = new PolicyOptimizer(spec).optimize("S1", km);
    assertEquals(b.tStar(), a.tStar());
    assertEquals(b.ladder().get(0).expectedValue(), a.ladder().get(0).expectedValue(), 1e-12);
    // Clamped to [0, 1].
    assertEquals(1.0, Reachability.of(t -> 3.0).at(1));
    assertEquals(0.0, Reachability.of(t -> -1.0).at(1));
    assertEquals(1.0, Reachability.always().at(1e6));
    assertEquals(0.5, Reachability.halfLife(10).at(10), 1e-15);
  }

  /** The bootstrap interval holds the point estimate, is reproducible, and flags moves. */
  @Test
  void bootstrapIntervalOfTStarAndStability() {
    Object[] s = spells(3_000, 19);
    KaplanMeierCurve km = curve(s);
    PolicySpec spec = spec(List.of(new PolicyAction("coupon", C, R)))
        .withBootstrap(new BootstrapSpec(100, 0.9, 5));
    PolicyOptimizer optimizer = new PolicyOptimizer(spec);
    UpliftModel prior = UpliftModel.prior(spec.reachability());
    SegmentPolicy p = optimizer.optimizeWithInterval("S1", km, V, prior);
    TStarInterval i = p.interval();
    assertNotNull(i);
    System.out.printf("policy t* %.0f, 90%% bootstrap interval [%.0f, %.0f], %d no-action%n",
        p.tStar(), i.low(), i.high(), i.noActionReplicates());
    assertTrue(i.contains(p.tStar()), i + " vs " + p.tStar());
    assertEquals(100, i.replicates());
    assertEquals(i, optimizer.optimizeWithInterval("S1", km, V, prior).interval());

    // Resampling keeps the number of spells.
    long[][] r = PolicyBootstrap.resample((long[]) s[1], (long[]) s[2], new SplittableRandom(1));
    long total = 0;
    for (int k = 0; k < r[0].length; k++) {
      total += r[0][k] + r[1][k];
    }
    assertEquals(3_000, total);

    TStarInterval previous = new TStarInterval(8, 12, 0.9, 100, 0);
    assertFalse(PolicyStability.moved(previous, 12.0));
    assertTrue(PolicyStability.moved(previous, 13.0));
    assertTrue(PolicyStability.moved(previous, null));
    assertFalse(PolicyStability.moved((TStarInterval) null, 30.0));
    assertFalse(PolicyStability.moved(p, p));
    assertFalse(PolicyStability.moved(p.withInterval(null), p), "no previous interval");
    SegmentPolicy none = new PolicyOptimizer(spec(List.of(new PolicyAction("c", 100, 0.1))))
        .optimize("S1", km);
    assertTrue(PolicyStability.moved(p, none));
  }

  @Test
  void specValidationMessages() {
    assertEquals("policy action 'coupon' cost must be >= 0 but was -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyAction("coupon", -1, 0.1)).getMessage());
    assertEquals("policy action 'coupon' response-rate must be in [0, 1] but was 1.5",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyAction("coupon", 1, 1.5)).getMessage());
    assertEquals("policy action name must be set but was ' '",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyAction(" ", 1, 0.1)).getMessage());
    assertEquals("policy value-per-customer must be > 0 and finite but was 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withValuePerCustomer(0)).getMessage());
    assertEquals("policy action names must be distinct but 'email' appears more than once",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withActions(List.of(new PolicyAction("email", 1, 0.1),
                new PolicyAction("email", 2, 0.2)))).getMessage());
    assertEquals("policy actions must not be empty",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withActions(List.of())).getMessage());
    assertEquals("policy max-time must be >= time-step (1.0) and finite but was 0.5",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withGrid(TimingUnit.DAYS, 0.5, 1)).getMessage());
    assertEquals("policy time-step must be > 0 and finite but was 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withGrid(TimingUnit.DAYS, 10, 0)).getMessage());
    assertEquals("policy reachability-half-life must be >= 0 and finite but was -2.0",
        assertThrows(IllegalArgumentException.class,
            () -> PolicySpec.defaults().withReachabilityHalfLife(-2)).getMessage());
    assertEquals("policy bootstrap replicates must be >= 0 but was -1",
        assertThrows(IllegalArgumentException.class,
            () -> new BootstrapSpec(-1, 0.9, 1)).getMessage());
    assertEquals("policy bootstrap level must be in (0, 1) but was 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new BootstrapSpec(10, 1.0, 1)).getMessage());
    assertEquals("campaign history bucket-days must be >= 1 but was 0",
        assertThrows(IllegalArgumentException.class,
            () -> new CampaignUpliftSpec(0, 14, 10)).getMessage());
    assertEquals("campaign history response-window-days must be >= 1 but was 0",
        assertThrows(IllegalArgumentException.class,
            () -> new CampaignUpliftSpec(7, 0, 10)).getMessage());
    assertEquals("campaign history min-contacts-per-group must be >= 1 but was 0",
        assertThrows(IllegalArgumentException.class,
            () -> new CampaignUpliftSpec(7, 14, 0)).getMessage());
    assertEquals("policy timing unit must be one of [days, latency] but was 'weeks'",
        assertThrows(IllegalArgumentException.class,
            () -> TimingUnit.parse("weeks")).getMessage());
    assertEquals(TimingUnit.LATENCY, TimingUnit.parse("latency"));
    assertEquals("ladder of segment 'S1' has action 'email' more than once",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentPolicy.validateLadder("S1", List.of(
                new Rung(1, "email", 5, 1, 0.1, UpliftModel.PRIOR, 0.1, 0.5, 1),
                new Rung(2, "email", 9, 1, 0.1, UpliftModel.PRIOR, 0.1, 0.4, 1)))).getMessage());
    assertEquals("ladder of segment 'S1' times must increase but rung 2 is at 5.0 after 5.0",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentPolicy.validateLadder("S1", List.of(
                new Rung(1, "email", 5, 1, 0.1, UpliftModel.PRIOR, 0.1, 0.5, 1),
                new Rung(2, "coupon", 5, 1, 0.1, UpliftModel.PRIOR, 2, 0.4, 1)))).getMessage());
  }

  /**
   * Fatigue and discount enter W as the package documentation writes it, at every grid point:
   * W(t) = S(t) (u(t) (V - d) - c - f V - d q(t)), q(t) = 1 - S(t + w) / S(t), on the estimated
   * curve itself (so the comparison is exact arithmetic, not an estimate).
   */
  @Test
  void fatigueAndDiscountPriceEveryContactAsDocumented() {
    KaplanMeierCurve km = curve(spells(20_000, 7));
    double d = 8.0;
    double f = 0.01;
    double w = 14;
    PolicyAction coupon = new PolicyAction("coupon", 1.0, R, d, f);
    SegmentPolicy p = new PolicyOptimizer(spec(List.of(coupon)).withResponseWindow(w))
        .optimize("S1", km);
    double[] curve = p.curves().get(0).w();
    int best = 0;
    for (int i = 0; i < curve.length; i++) {
      double t = i + 1;
      double st = km.survivalAt(t);
      double u = R * Math.min(1, km.tail() / st) * reach(t);
      double q = 1 - km.survivalAt(t + w) / st;
      double expected = st * (u * (V - d) - 1.0 - f * V - d * q);
      assertEquals(expected, curve[i], 1e-12, "W at day " + t);
      if (expected > curve[best]) {
        best = i;
      }
    }
    assertEquals(best + 1.0, p.tStar());
    // The discount paid to those who return on their own makes the coupon wait: without it the
    // same coupon is sent earlier.
    SegmentPolicy free = new PolicyOptimizer(spec(List.of(new PolicyAction("coupon", 1.0, R))))
        .optimize("S1", km);
    assertTrue(free.tStar() < p.tStar(), free.tStar() + " < " + p.tStar());
  }

  @Test
  void rejectsBadActionCostsNamingThem() {
    assertEquals("policy action 'coupon' discount must be >= 0 and finite but was -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyAction("coupon", 1, 0.1, -1, 0)).getMessage());
    assertEquals("policy action 'email' fatigue-probability must be in [0, 1] but was 1.5",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyAction("email", 1, 0.1, 0, 1.5)).getMessage());
  }
}
