package io.lapse.models.policy;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the re-engagement policy; see the package documentation for the model.
 *
 * @param valuePerCustomer V: the value of a won-back customer (used when the caller has no
 *     per-segment value)
 * @param actions the actions of the escalation ladder, any order (the ladder orders them by cost)
 * @param timingUnit unit of t, of {@code maxTime}, {@code timeStep} and the half-life
 * @param maxTime the last point of the time grid
 * @param timeStep spacing of the time grid t = step, 2 step, ..., max
 * @param reachabilityHalfLife h of the prior A(t) = 0.5^(t/h); 0 means always reachable
 *     (A = 1)
 * @param dueWindowDays an action is due when its date falls on the as-of date or within this many
 *     days after it
 * @param campaignHistory how campaign contacts become observed uplift
 * @param bootstrap the confidence interval of t*
 * @param responseWindow in the timing unit: a customer who comes back within this time of a
 *     contact responded (in days the campaign history's response window); the prior's share of
 *     customers still inactive at t who come back on their own within it, 1 - S(t + w) / S(t),
 *     prices the discount paid to them
 */
public record PolicySpec(
    double valuePerCustomer,
    List<PolicyAction> actions,
    TimingUnit timingUnit,
    double maxTime,
    double timeStep,
    double reachabilityHalfLife,
    int dueWindowDays,
    CampaignUpliftSpec campaignHistory,
    BootstrapSpec bootstrap,
    double responseWindow) {

  /** Upper bound of grid points, so that a typo in max or step cannot stall the driver. */
  static final int MAX_GRID_POINTS = 100_000;

  public PolicySpec {
    if (!(valuePerCustomer > 0) || Double.isInfinite(valuePerCustomer)) {
      throw new IllegalArgumentException("policy value-per-customer must be > 0 and finite but was "
          + valuePerCustomer);
    }
    actions = List.copyOf(Objects.requireNonNull(actions, "policy actions"));
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("policy actions must not be empty");
    }
    Set<String> names = new HashSet<>();
    for (PolicyAction a : actions) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException("policy action names must be distinct but '" + a.name()
            + "' appears more than once");
      }
    }
    Objects.requireNonNull(timingUnit, "policy timing unit");
    if (!(timeStep > 0) || Double.isInfinite(timeStep)) {
      throw new IllegalArgumentException("policy time-step must be > 0 and finite but was "
          + timeStep);
    }
    if (!(maxTime >= timeStep) || Double.isInfinite(maxTime)) {
      throw new IllegalArgumentException("policy max-time must be >= time-step (" + timeStep
          + ") and finite but was " + maxTime);
    }
    if (maxTime / timeStep > MAX_GRID_POINTS) {
      throw new IllegalArgumentException("policy max-time / time-step must be <= "
          + MAX_GRID_POINTS + " but was " + (maxTime / timeStep));
    }
    if (!(reachabilityHalfLife >= 0) || Double.isInfinite(reachabilityHalfLife)) {
      throw new IllegalArgumentException(
          "policy reachability-half-life must be >= 0 and finite but was " + reachabilityHalfLife);
    }
    if (dueWindowDays < 0) {
      throw new IllegalArgumentException("policy due-window-days must be >= 0 but was "
          + dueWindowDays);
    }
    Objects.requireNonNull(campaignHistory, "policy campaign history");
    Objects.requireNonNull(bootstrap, "policy bootstrap");
    if (!(responseWindow > 0) || Double.isInfinite(responseWindow)) {
      throw new IllegalArgumentException("policy response window must be > 0 and finite but was "
          + responseWindow);
    }
  }

  /**
   * V = 50; email (cost 0.1, r 0.05), coupon (2, 0.15, discount 5), double_coupon (4, 0.25,
   * discount 10), recognition (0.3, 0.08, fatigue 0.002), early_access (1.0, 0.12), the others
   * with fatigue probability 0.005 (their reward kinds: {@link RewardPreferences#defaults()});
   * days, grid
   * 1..180 step 1; half-life 60 days; due window 7 days; campaign history and bootstrap defaults;
   * response window 14 days.
   */
  public static PolicySpec defaults() {
    return new PolicySpec(50.0,
        List.of(new PolicyAction("email", 0.1, 0.05, 0.0, 0.005),
            new PolicyAction("coupon", 2.0, 0.15, 5.0, 0.005),
            new PolicyAction("double_coupon", 4.0, 0.25, 10.0, 0.005),
            new PolicyAction("recognition", 0.3, 0.08, 0.0, 0.002),
            new PolicyAction("early_access", 1.0, 0.12, 0.0, 0.005)),
        TimingUnit.DAYS, 180, 1, 60, 7, CampaignUpliftSpec.defaults(), BootstrapSpec.defaults(),
        CampaignUpliftSpec.defaults().responseWindowDays());
  }

  /** The actions by cost, ties by name: the order of the escalation ladder. */
  public List<PolicyAction> actionsByCost() {
    return actions.stream()
        .sorted(Comparator.comparingDouble(PolicyAction::cost).thenComparing(PolicyAction::name))
        .toList();
  }

  /** The prior reachability A(t) of the configured half-life. */
  public Reachability reachability() {
    return reachabilityHalfLife == 0 ? Reachability.always()
        : Reachability.halfLife(reachabilityHalfLife);
  }

  public PolicySpec withValuePerCustomer(double v) {
    return new PolicySpec(v, actions, timingUnit, maxTime, timeStep, reachabilityHalfLife,
        dueWindowDays, campaignHistory, bootstrap, responseWindow);
  }

  public PolicySpec withActions(List<PolicyAction> a) {
    return new PolicySpec(valuePerCustomer, a, timingUnit, maxTime, timeStep,
        reachabilityHalfLife, dueWindowDays, campaignHistory, bootstrap, responseWindow);
  }

  public PolicySpec withGrid(TimingUnit unit, double max, double step) {
    return new PolicySpec(valuePerCustomer, actions, unit, max, step, reachabilityHalfLife,
        dueWindowDays, campaignHistory, bootstrap, responseWindow);
  }

  public PolicySpec withReachabilityHalfLife(double h) {
    return new PolicySpec(valuePerCustomer, actions, timingUnit, maxTime, timeStep, h,
        dueWindowDays, campaignHistory, bootstrap, responseWindow);
  }

  public PolicySpec withBootstrap(BootstrapSpec b) {
    return new PolicySpec(valuePerCustomer, actions, timingUnit, maxTime, timeStep,
        reachabilityHalfLife, dueWindowDays, campaignHistory, b, responseWindow);
  }

  public PolicySpec withResponseWindow(double w) {
    return new PolicySpec(valuePerCustomer, actions, timingUnit, maxTime, timeStep,
        reachabilityHalfLife, dueWindowDays, campaignHistory, bootstrap, w);
  }

  public PolicySpec withCampaignHistory(CampaignUpliftSpec c) {
    return new PolicySpec(valuePerCustomer, actions, timingUnit, maxTime, timeStep,
        reachabilityHalfLife, dueWindowDays, c, bootstrap, responseWindow);
  }

  /** The grid points t_i = i * step, i = 1..n, with n = floor(max / step) (+ a rounding slack). */
  double[] grid() {
    int n = (int) Math.floor(maxTime / timeStep + 1e-9);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (i + 1) * timeStep;
    }
    return t;
  }
}
