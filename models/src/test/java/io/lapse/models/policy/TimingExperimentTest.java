package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.km.KaplanMeierCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timing arms on the return-time curve of PolicyOptimizerTest (S_inf 0.4, returns after Exp(5)
 * days) with an e-mail whose prior places t* in the first week.
 */
class TimingExperimentTest {

  static final KaplanMeierCurve KM = PolicyOptimizerTest.curve(PolicyOptimizerTest.spells(20_000,
      7));
  static final PolicyAction EMAIL = new PolicyAction("email", 0.1, 0.05, 0.0, 0.005);
  static final PolicySpec SPEC = PolicySpec.defaults().withActions(List.of(EMAIL))
      .withValuePerCustomer(50).withGrid(TimingUnit.DAYS, 180, 1);
  static final ExperimentSpec EXPERIMENT = new ExperimentSpec("x", 0.1, 0.2, 2, 0.95, 4000);

  static SegmentPolicy policy(CampaignUplift history) {
    return new PolicyOptimizer(SPEC).optimize("S1", KM, 50,
        history.over(UpliftModel.prior(SPEC.reachability()), "S1"));
  }

  /** A bucket where n treated and n control contacts responded at the given rates. */
  static UpliftBucket bucket(int b, long n, double treatedRate, double controlRate) {
    long t = Math.round(n * treatedRate);
    long c = Math.round(n * controlRate);
    return new UpliftBucket("S1", "email", b, 7 * b, 7 * (b + 1), n, n, t, c, Double.NaN,
        t / (double) n - c / (double) n, t / (double) n - c / (double) n, true);
  }

  @Test
  void withoutEvidenceEveryBucketAroundTStarIsExploredUpToTheCap() {
    CampaignUplift none = CampaignUplift.none(CampaignUpliftSpec.defaults());
    SegmentPolicy p = policy(none);
    int home = (int) Math.floor(p.tStar() / 7);
    List<TimingArm> arms = TimingExperiment.arms(p, SPEC, none, EXPERIMENT, 1L);
    java.util.Set<Integer> expected = new java.util.TreeSet<>(List.of(home + 1));
    if (home > 0) {
      expected.add(home - 1);
    }
    for (int j = -2; j <= 2; j++) {
      expected.add((int) Math.floor(Math.max(1, Math.ceil(p.tStar() * Math.pow(2, j))) / 7));
    }
    assertEquals(expected, new java.util.TreeSet<>(arms.stream().map(TimingArm::bucket)
        .toList()), "t* x 2^j and the buckets next to t*'s: " + arms);
    assertEquals(1.0, arms.stream().mapToDouble(TimingArm::share).sum(), 1e-12);
    TimingArm homeArm = arms.stream().filter(a -> a.bucket() == home).findFirst().orElseThrow();
    assertEquals(p.tStar(), homeArm.t());
    assertEquals(0.8, homeArm.share(), 1e-12, "the cap leaves t* 1 - explore-share");
    for (TimingArm a : arms) {
      assertEquals(a.bucket(), (int) Math.floor(a.t() / 7), "each arm acts inside its bucket");
    }
    assertEquals(arms, TimingExperiment.arms(p, SPEC, none, EXPERIMENT, 1L), "seeded");
  }

  /**
   * 5,000 contacts per group and bucket: treated respond at 0.30 in t*'s bucket and 0.15
   * elsewhere, control at 0.10. The posterior is sure t*'s bucket is best (its uplift 0.20 +-
   * 0.008 against 0.05 +- 0.007), so the segment stops exploring; with the better uplift in
   * another bucket, that bucket gets the largest probability of being best.
   */
  @Test
  void strongEvidenceStopsOrRedirectsTheExploration() {
    CampaignUplift none = CampaignUplift.none(CampaignUpliftSpec.defaults());
    int home = (int) Math.floor(policy(none).tStar() / 7);
    List<UpliftBucket> sure = new ArrayList<>();
    for (int b = 0; b <= 4 * home + 4; b++) {
      sure.add(bucket(b, 5000, b == home ? 0.30 : 0.15, 0.10));
    }
    CampaignUplift homeBest = CampaignUplift.of(CampaignUpliftSpec.defaults(), sure);
    SegmentPolicy p = policy(homeBest);
    assertEquals(home, (int) Math.floor(p.tStar() / 7));
    assertEquals(List.of(), TimingExperiment.arms(p, SPEC, homeBest, EXPERIMENT, 1L));

    int other = (int) Math.floor(4 * policy(none).tStar() / 7); // the arm at 4 t*
    List<UpliftBucket> elsewhere = new ArrayList<>();
    for (int b = 0; b <= other; b++) {
      elsewhere.add(bucket(b, b == other ? 5000 : 50, b == other ? 0.30 : 0.12, 0.10));
    }
    // Small buckets are not eligible: they leave the prior's t* where it was.
    CampaignUplift otherBest = CampaignUplift.of(CampaignUpliftSpec.defaults(), elsewhere.stream()
        .map(b -> b.treated() < 200 ? new UpliftBucket(b.segment(), b.action(), b.bucket(),
            b.from(), b.to(), b.treated(), b.control(), b.treatedResponses(),
            b.controlResponses(), b.meanCost(), b.rawUplift(), Double.NaN, false) : b).toList());
    List<TimingArm> arms = TimingExperiment.arms(policy(none), SPEC, otherBest, EXPERIMENT, 1L);
    TimingArm best = arms.stream().max((a, b) -> Double.compare(a.probabilityBest(),
        b.probabilityBest())).orElseThrow();
    assertEquals(other, best.bucket(), arms.toString());
  }

  /** Spells fall into the arms in their shares (five binomial standard errors). */
  @Test
  void spellsAreDrawnIntoTheArmsInTheirShares() {
    CampaignUplift none = CampaignUplift.none(CampaignUpliftSpec.defaults());
    SegmentPolicy p = policy(none);
    List<TimingArm> arms = TimingExperiment.arms(p, SPEC, none, EXPERIMENT, 1L);
    PolicyBook book = new PolicyBook(List.of(p), Map.of("S1", arms));
    int n = 40_000;
    Map<Integer, Integer> days = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      double draw = ReengagementExperiment.draw("x", "c" + i, "2025-06-01",
          CustomerActions.TIMING_DRAW);
      CustomerPlan plan = book.plan("S1", 1, null, 400, draw);
      days.merge(plan.next().daysInactive(), 1, Integer::sum);
    }
    for (TimingArm a : arms) {
      int day = (int) Math.ceil(a.t());
      long hits = days.getOrDefault(day, 0);
      ReengagementExperimentTest.assertShare(a.share(), hits, n, "arm at day " + day);
    }
    assertEquals(n, days.values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(p.tStar(), book.plan("S1", 1, null, 400, null).next().daysInactive(), 0.0,
        "without a draw, t*");
  }

  /**
   * A policy in latency units explores buckets half a latency wide, reads only the evidence
   * measured in latencies, and times a customer's arm in their own latency.
   */
  @Test
  void aPolicyInLatencyUnitsExploresAndPlansInLatencies() {
    PolicySpec latencySpec = SPEC.withGrid(TimingUnit.LATENCY, 20, 0.25);
    CampaignUplift none = CampaignUplift.none(CampaignUpliftSpec.defaults());
    SegmentPolicy p = new PolicyOptimizer(latencySpec).optimize("S1", KM, 50,
        none.over(UpliftModel.prior(latencySpec.reachability()), "S1", TimingUnit.LATENCY));
    List<TimingArm> arms = TimingExperiment.arms(p, latencySpec, none, EXPERIMENT, 1L);
    assertTrue(arms.size() > 1, arms.toString());
    for (TimingArm a : arms) {
      assertEquals(TimingUnit.LATENCY, a.unit());
      assertEquals(a.bucket(), (int) Math.floor(a.t() / 0.5 + 1e-9), "inside its bucket: " + a);
    }

    int home = (int) Math.floor(p.tStar() / 0.5 + 1e-9);
    List<UpliftBucket> sure = new ArrayList<>();
    for (int b = 0; b <= 40; b++) {
      long t = b == home ? 1500 : 750;
      sure.add(new UpliftBucket(TimingUnit.LATENCY, "S1", "email", b, b * 0.5, (b + 1) * 0.5,
          5000, 5000, t, 500, Double.NaN, (t - 500) / 5000.0, (t - 500) / 5000.0, true));
    }
    List<UpliftBucket> inDays = sure.stream().map(b -> new UpliftBucket(b.segment(), b.action(),
        b.bucket(), 7 * b.bucket(), 7 * b.bucket() + 7, b.treated(), b.control(),
        b.treatedResponses(), b.controlResponses(), b.meanCost(), b.rawUplift(),
        b.smoothedUplift(), true)).toList();
    assertEquals(arms, TimingExperiment.arms(p, latencySpec,
        CampaignUplift.of(CampaignUpliftSpec.defaults(), inDays), EXPERIMENT, 1L),
        "evidence in days does not apply to a policy in latencies");
    assertEquals(List.of(), TimingExperiment.arms(p, latencySpec,
        CampaignUplift.of(CampaignUpliftSpec.defaults(), sure), EXPERIMENT, 1L),
        "sure evidence in latencies stops the exploration");

    TimingArm other = arms.stream().filter(a -> a.bucket() != home).findFirst().orElseThrow();
    double before = 0;
    for (TimingArm a : arms) {
      if (a == other) {
        break;
      }
      before += a.share();
    }
    PolicyBook book = new PolicyBook(List.of(p), Map.of("S1", arms));
    double draw = before + other.share() / 2;
    assertEquals(PolicyTiming.actionDay(other.t() * 10.0),
        book.plan("S1", 1, 10.0, 400, draw).next().daysInactive(),
        "the arm's time in latencies x the customer's latency of 10 days");
  }
}
