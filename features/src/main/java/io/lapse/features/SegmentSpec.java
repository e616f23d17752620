package io.lapse.features;

import java.util.List;
import java.util.Objects;

/**
 * How customers are split into segments that get their own models.
 *
 * @param source {@code all} (one segment), {@code rfm} (built-in recency/frequency/monetary tier) or
 *     {@code customer-column} (a column of the customers table)
 * @param customerColumn the customers-table column when source is customer-column
 * @param recencyCutsDays ascending recency cut points in days: at or below the first scores highest
 * @param frequencyCuts ascending cut points on transactions in the last 365 days
 * @param monetaryCuts ascending cut points on the mean amount per active day
 */
public record SegmentSpec(
    String source,
    String customerColumn,
    List<Integer> recencyCutsDays,
    List<Integer> frequencyCuts,
    List<Double> monetaryCuts) {

  public static final List<String> SOURCES = List.of("all", "rfm", "customer-column");

  public SegmentSpec {
    Objects.requireNonNull(source, "source");
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException(
          "segment source must be one of " + SOURCES + " but was '" + source + "'");
    }
    if (source.equals("customer-column") && (customerColumn == null || customerColumn.isBlank())) {
      throw new IllegalArgumentException(
          "segment source customer-column needs a column name but lapse.segments.customer-column was empty");
    }
    requireAscending("recency-cuts-days", recencyCutsDays);
    requireAscending("frequency-cuts", frequencyCuts);
    requireAscending("monetary-cuts", monetaryCuts);
  }

  private static <T extends Comparable<T>> void requireAscending(String name, List<T> cuts) {
    for (int i = 1; i < cuts.size(); i++) {
      if (cuts.get(i).compareTo(cuts.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "segment rfm " + name + " must be strictly ascending but was " + cuts);
      }
    }
  }
}
