package io.lapse.models.policy;

import java.io.Serializable;

/**
 * One timing arm of a segment's first rung: the share of the segment's treated spells whose first
 * action is planned at t instead of t*.
 *
 * @param bucket the inactivity bucket of t (campaign-history buckets, in days)
 * @param t the first rung's time in this arm, in days
 * @param share the share of spells drawn into this arm (the arms of a segment sum to 1)
 * @param probabilityBest the posterior probability that this bucket is the best of the arms
 *     (Thompson sampling), before the exploration cap
 */
public record TimingArm(int bucket, double t, double share, double probabilityBest)
    implements Serializable {}
