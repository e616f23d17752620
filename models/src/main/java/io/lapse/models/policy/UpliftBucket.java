package io.lapse.models.policy;

/**
 * Observed uplift of one action in one segment for the contacts made after a given inactivity.
 *
 * @param segment the segment
 * @param action the action
 * @param bucket the bucket index b: contacts after [b * width, (b + 1) * width) days inactive
 * @param fromDays b * width, inclusive
 * @param toDays (b + 1) * width, exclusive
 * @param treated treated contacts
 * @param control control contacts
 * @param treatedResponses treated contacts with an engaged day within the response window
 * @param controlResponses control contacts with an engaged day within the response window
 * @param meanCost mean cost of the treated contacts (recorded, not used by the policy, which
 *     takes the configured cost)
 * @param rawUplift treatedResponses / treated - controlResponses / control (NaN when a group is
 *     empty)
 * @param smoothedUplift the monotone (non-increasing in inactivity) fit; NaN when not eligible
 * @param eligible both groups have at least the configured minimum of contacts: only then the
 *     bucket enters the fit and replaces the prior
 */
public record UpliftBucket(
    String segment,
    String action,
    int bucket,
    int fromDays,
    int toDays,
    long treated,
    long control,
    long treatedResponses,
    long controlResponses,
    double meanCost,
    double rawUplift,
    double smoothedUplift,
    boolean eligible) {

  /**
   * Inverse of the variance of the raw uplift up to the p(1-p) factors: 1 / (1/treated +
   * 1/control). The smoothing weights buckets by it, so a bucket with many contacts in both
   * groups counts more, and a bucket with a tiny control group does not count as much as its
   * treated group.
   */
  public double weight() {
    return treated == 0 || control == 0 ? 0.0 : 1.0 / (1.0 / treated + 1.0 / control);
  }

  UpliftBucket withSmoothed(double s) {
    return new UpliftBucket(segment, action, bucket, fromDays, toDays, treated, control,
        treatedResponses, controlResponses, meanCost, rawUplift, s, eligible);
  }
}
