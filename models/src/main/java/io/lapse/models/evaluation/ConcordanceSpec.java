package io.lapse.models.evaluation;

/**
 * How the concordance index is computed on a DataFrame.
 *
 * @param timeColumn observed time to the event or to censoring
 * @param eventColumn whether the event was observed (boolean, or numeric with 1 = event)
 * @param segmentColumn the segment of each row
 * @param maxRowsPerSegment the most rows collected to the driver for one index (a segment, or
 *     all rows for the overall index); a larger set is sampled down to about this size, with the
 *     seed, and the result says so. 2,000,000 rows take about 50 MB on the driver (the jobs
 *     read it from lapse.models.onset.evaluation.concordance-max-rows-per-segment).
 * @param sampleSeed seed of that sample, so reruns give the same index
 */
public record ConcordanceSpec(
    String timeColumn, String eventColumn, String segmentColumn, int maxRowsPerSegment,
    long sampleSeed) {

  public ConcordanceSpec {
    for (String[] c : new String[][] {{"time", timeColumn}, {"event", eventColumn},
        {"segment", segmentColumn}}) {
      if (c[1] == null || c[1].isBlank()) {
        throw new IllegalArgumentException("concordance " + c[0] + " column must be set but was '"
            + c[1] + "'");
      }
    }
    if (maxRowsPerSegment < 2) {
      throw new IllegalArgumentException(
          "concordance max-rows-per-segment must be >= 2 but was " + maxRowsPerSegment);
    }
  }

  public static ConcordanceSpec defaults() {
    return new ConcordanceSpec("duration_days", "event", "segment", 2_000_000, 42L);
  }

  public ConcordanceSpec withMaxRowsPerSegment(int rows) {
    return new ConcordanceSpec(timeColumn, eventColumn, segmentColumn, rows, sampleSeed);
  }
}
