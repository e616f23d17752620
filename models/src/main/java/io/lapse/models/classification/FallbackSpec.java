package io.lapse.models.classification;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * When a segment is too small for its own model and which model it borrows.
 *
 * @param minRows a segment with fewer rows uses its parent's model, or the global one
 * @param minClassRows the least count of each class the fit relies on (for a classifier: label 1
 *     and label 0 in the training and in the validation snapshots; for a survival model: events)
 * @param parents parent segment of a segment; a parent's rows are its children's rows and its own.
 *     Segments without a parent, and parents that are too small themselves, fall back to the
 *     global model fitted on all rows.
 */
public record FallbackSpec(long minRows, long minClassRows, Map<String, String> parents) {

  public FallbackSpec {
    if (minRows < 1) {
      throw new IllegalArgumentException("fallback min-rows must be >= 1 but was " + minRows);
    }
    if (minClassRows < 1) {
      throw new IllegalArgumentException(
          "fallback min-class-rows must be >= 1 but was " + minClassRows);
    }
    parents = Map.copyOf(Objects.requireNonNullElse(parents, Map.of()));
    for (Map.Entry<String, String> e : new TreeMap<>(parents).entrySet()) {
      if (e.getValue() == null || e.getValue().isBlank() || e.getValue().equals(e.getKey())) {
        throw new IllegalArgumentException("fallback parent of segment '" + e.getKey()
            + "' must name another segment but was '" + e.getValue() + "'");
      }
    }
  }

  /** 1,000 rows and 30 of each class; no parents. */
  public static FallbackSpec defaults() {
    return new FallbackSpec(1000, 30, Map.of());
  }
}
