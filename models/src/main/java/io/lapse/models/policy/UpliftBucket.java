package io.lapse.models.policy;

/**
 * Observed uplift of one action in one segment for the contacts made after a given inactivity.
 *
 * @param unit the unit of the inactivity: days, or multiples of the customer's latency
 * @param group the reward preference group of the contacts, or {@code all} for every contact
 * @param segment the segment
 * @param action the action
 * @param bucket the bucket index b: contacts after [b * width, (b + 1) * width) of inactivity
 * @param from b * width, inclusive (in the unit)
 * @param to (b + 1) * width, exclusive (in the unit)
 * @param treated treated contacts
 * @param control control contacts
 * @param treatedResponses treated contacts with an engaged day within the response window
 * @param controlResponses control contacts with an engaged day within the response window
 * @param meanCost mean cost of the treated contacts (recorded, not used by the policy, which
 *     takes the configured cost)
 * @param rawUplift treatedResponses / treated - controlResponses / control (NaN when a group is
 *     empty)
 * @param smoothedUplift the fit: the win-back share fitted non-increasing in inactivity, times
 *     (1 - control rate); NaN when not eligible
 * @param eligible both groups have at least the configured minimum of contacts: only then the
 *     bucket enters the fit and replaces the prior
 */
public record UpliftBucket(
    TimingUnit unit,
    String group,
    String segment,
    String action,
    int bucket,
    double from,
    double to,
    long treated,
    long control,
    long treatedResponses,
    long controlResponses,
    double meanCost,
    double rawUplift,
    double smoothedUplift,
    boolean eligible) {

  /** A bucket of inactivity in days. */
  public UpliftBucket(String segment, String action, int bucket, double from, double to,
      long treated, long control, long treatedResponses, long controlResponses, double meanCost,
      double rawUplift, double smoothedUplift, boolean eligible) {
    this(TimingUnit.DAYS, segment, action, bucket, from, to, treated, control, treatedResponses,
        controlResponses, meanCost, rawUplift, smoothedUplift, eligible);
  }

  /** A bucket of all contacts. */
  public UpliftBucket(TimingUnit unit, String segment, String action, int bucket, double from,
      double to, long treated, long control, long treatedResponses, long controlResponses,
      double meanCost, double rawUplift, double smoothedUplift, boolean eligible) {
    this(unit, RewardPreferences.ALL_GROUPS, segment, action, bucket, from, to, treated, control,
        treatedResponses, controlResponses, meanCost, rawUplift, smoothedUplift, eligible);
  }

  /**
   * Inverse of the variance of the raw uplift up to the p(1-p) factors: 1 / (1/treated +
   * 1/control). The smoothing weights buckets by it, so a bucket with many contacts in both
   * groups counts more, and a bucket with a tiny control group does not count as much as its
   * treated group.
   */
  public double weight() {
    return treated == 0 || control == 0 ? 0.0 : 1.0 / (1.0 / treated + 1.0 / control);
  }

  /**
   * Confidence interval of the raw uplift: Newcombe's hybrid score interval for a difference of
   * proportions (method 10 of Newcombe 1998, Statistics in Medicine 17:873), built from the Wilson
   * intervals of the two rates. Unlike the Wald interval it stays inside [-1, 1] and keeps its
   * coverage with few responses, which is the normal case for a young experiment.
   *
   * @param z the normal quantile of the level (1.959964 for 95%)
   * @return {low, high}; NaNs when a group is empty
   */
  public double[] interval(double z) {
    if (treated == 0 || control == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p1 = treatedResponses / (double) treated;
    double p0 = controlResponses / (double) control;
    double[] w1 = wilson(treatedResponses, treated, z);
    double[] w0 = wilson(controlResponses, control, z);
    double d = p1 - p0;
    return new double[] {
        d - Math.sqrt((p1 - w1[0]) * (p1 - w1[0]) + (w0[1] - p0) * (w0[1] - p0)),
        d + Math.sqrt((w1[1] - p1) * (w1[1] - p1) + (p0 - w0[0]) * (p0 - w0[0]))};
  }

  /** Wilson's score interval of a proportion x / n. */
  static double[] wilson(long x, long n, double z) {
    double p = x / (double) n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new double[] {centre - half, centre + half};
  }

  /** controlResponses / control; NaN without control contacts. */
  public double controlRate() {
    return control == 0 ? Double.NaN : controlResponses / (double) control;
  }

  UpliftBucket withSmoothed(double s) {
    return new UpliftBucket(unit, group, segment, action, bucket, from, to, treated, control,
        treatedResponses, controlResponses, meanCost, rawUplift, s, eligible);
  }
}
