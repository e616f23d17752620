package io.lapse.models.policy;

/**
 * Converts policy times to a customer's days.
 *
 * <p>In {@link TimingUnit#LATENCY} a policy time t means t times the customer's personal latency
 * (e.g. their median gap between engaged days): t_days = t * latency_days, so a weekly customer
 * with t* = 3 is due after 21 days and a monthly one after 90. A customer without a latency (fewer
 * than two engaged days, or a latency of 0) gets t read as days; callers that have a policy in
 * days for the segment give those customers that policy instead ({@link PolicyBook}).
 */
public final class PolicyTiming {

  private PolicyTiming() {}

  /**
   * @param t a policy time in {@code unit}
   * @param latencyDays the customer's personal latency in days, or null
   * @return the time in days (not rounded)
   */
  public static double toDays(double t, TimingUnit unit, Double latencyDays) {
    if (unit == TimingUnit.LATENCY && hasLatency(latencyDays)) {
      return t * latencyDays;
    }
    return t;
  }

  public static boolean hasLatency(Double latencyDays) {
    return latencyDays != null && latencyDays > 0 && !latencyDays.isInfinite();
  }

  /**
   * The whole day of inactivity on which a rung at {@code tDays} is acted on: the first day at or
   * after t (never earlier than the optimum, where W is still rising), at least day 1.
   */
  public static int actionDay(double tDays) {
    // The slack keeps 7.000000000001 (a product of a unit time and a latency) at day 7.
    return Math.max(1, (int) Math.ceil(tDays - 1e-9));
  }
}
