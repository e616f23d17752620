package io.lapse.models.policy;

import java.io.Serializable;

/**
 * One timing arm of a segment's first rung: the share of the segment's treated spells whose first
 * action is planned at t instead of t*.
 *
 * @param unit the unit of the policy the arm belongs to (and of t and bucket)
 * @param bucket the inactivity bucket of t (campaign-history buckets of the unit)
 * @param t the first rung's time in this arm, in the unit
 * @param share the share of spells drawn into this arm (the arms of a segment sum to 1)
 * @param probabilityBest the posterior probability that this bucket is the best of the arms
 *     (Thompson sampling), before the exploration cap
 */
public record TimingArm(TimingUnit unit, int bucket, double t, double share,
    double probabilityBest) implements Serializable {

  /** An arm of a policy in days. */
  public TimingArm(int bucket, double t, double share, double probabilityBest) {
    this(TimingUnit.DAYS, bucket, t, share, probabilityBest);
  }
}
