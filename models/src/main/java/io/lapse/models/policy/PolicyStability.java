package io.lapse.models.policy;

/**
 * Flags a segment whose optimal re-engagement point moved: the new t* lies outside the interval
 * of the previous run. A move from acting to "no action" (or back) counts as moved; a previous
 * run without an interval (first run, bootstrap off, no action) gives nothing to compare with.
 */
public final class PolicyStability {

  private PolicyStability() {}

  /**
   * @param previous the previous run's policy of the segment, or null
   * @param current this run's policy of the segment
   */
  public static boolean moved(SegmentPolicy previous, SegmentPolicy current) {
    if (previous == null) {
      return false;
    }
    if (previous.noAction() != current.noAction()) {
      return true;
    }
    if (previous.unit() != current.unit()) {
      return true; // times in different units cannot be compared
    }
    return moved(previous.interval(), current.tStar());
  }

  /**
   * @param previous the previous interval of t*, or null
   * @param currentTStar this run's t*, null for "no action"
   */
  public static boolean moved(TStarInterval previous, Double currentTStar) {
    if (previous == null) {
      return false;
    }
    return currentTStar == null || !previous.contains(currentTStar);
  }
}
