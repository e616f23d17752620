package io.lapse.models.policy;

/**
 * What the previous run decided for a segment and unit, as the stability rule needs it.
 *
 * @param tStar its t*, null for "no action"
 * @param interval its t* interval, null when none was computed
 * @param tStarSource where its t* came from ({@link SegmentPolicies#EVIDENCE} and the others)
 */
public record PreviousPolicy(Double tStar, TStarInterval interval, String tStarSource) {}
