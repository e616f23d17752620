package io.lapse.models.evaluation;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A result over all rows together with the same result per segment.
 *
 * @param overall computed on all rows at once (not an average of the segments)
 * @param bySegment per segment, ordered by segment name
 */
public record BySegment<T>(T overall, SortedMap<String, T> bySegment) {

  public BySegment {
    bySegment = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bySegment));
  }

  public static <T> BySegment<T> of(T overall, Map<String, T> bySegment) {
    return new BySegment<>(overall, new TreeMap<>(bySegment));
  }
}
