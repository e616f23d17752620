package io.lapse.models.classification;

import io.lapse.features.Segmenter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which rows fit the model each segment uses: its own, its parent's, or all rows
 * ({@link Segmenter#ALL}). Plain Java on counts that Spark has already aggregated, so the rule is
 * tested without Spark.
 */
public final class SegmentFallback {

  private SegmentFallback() {}

  /**
   * Row and class counts of a segment.
   *
   * @param rows all rows of the segment
   * @param classCounts the class counts the fit needs enough of (see {@link FallbackSpec}); summed
   *     element by element when segments are pooled
   */
  public record Counts(long rows, long[] classCounts) {
    public Counts {
      classCounts = classCounts.clone();
    }

    Counts plus(Counts o) {
      long[] c = classCounts.length >= o.classCounts.length ? classCounts.clone()
          : o.classCounts.clone();
      long[] other = classCounts.length >= o.classCounts.length ? o.classCounts : classCounts;
      for (int i = 0; i < other.length; i++) {
        c[i] += other[i];
      }
      return new Counts(rows + o.rows, c);
    }

    long minClass() {
      return Arrays.stream(classCounts).min().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Counts c && rows == c.rows && Arrays.equals(classCounts, c.classCounts);
    }

    @Override
    public int hashCode() {
      return 31 * Long.hashCode(rows) + Arrays.hashCode(classCounts);
    }

    @Override
    public String toString() {
      return rows + " rows, class counts " + Arrays.toString(classCounts);
    }
  }

  /**
   * The model a segment uses.
   *
   * @param segment the segment served
   * @param fittedSegment the segment whose rows fit the model: itself, its parent or ALL
   * @param reason why it falls back; empty when it has its own model
   */
  public record Assignment(String segment, String fittedSegment, String reason) {
    public boolean isFallback() {
      return !segment.equals(fittedSegment);
    }
  }

  /**
   * @param counts counts per segment (every segment of the data)
   * @return an assignment per segment, ordered by segment
   * @throws IllegalArgumentException when even all rows together are too few
   */
  public static Map<String, Assignment> resolve(Map<String, Counts> counts, FallbackSpec spec) {
    Counts all = counts.values().stream().reduce(new Counts(0, new long[0]), Counts::plus);
    String globalProblem = problem(all, spec);
    if (globalProblem != null) {
      throw new IllegalArgumentException("too little data for even the global model: "
          + globalProblem);
    }
    Map<String, Assignment> out = new LinkedHashMap<>();
    for (Map.Entry<String, Counts> e : new TreeMap<>(counts).entrySet()) {
      String segment = e.getKey();
      String own = segment.equals(Segmenter.ALL) ? null : problem(e.getValue(), spec);
      if (own == null) {
        out.put(segment, new Assignment(segment, segment, ""));
        continue;
      }
      String parent = spec.parents().get(segment);
      String reason = "segment '" + segment + "': " + own;
      if (parent != null) {
        String parentProblem = problem(pooled(parent, counts, spec), spec);
        if (parentProblem == null) {
          out.put(segment, new Assignment(segment, parent, reason + "; uses parent '" + parent
              + "'"));
          continue;
        }
        reason += "; parent '" + parent + "': " + parentProblem;
      }
      out.put(segment, new Assignment(segment, Segmenter.ALL, reason + "; uses the global model "
          + Segmenter.ALL));
    }
    return out;
  }

  /** The segments whose rows fit {@code fittedSegment}'s model. */
  public static boolean isMember(String segment, String fittedSegment, FallbackSpec spec) {
    return fittedSegment.equals(Segmenter.ALL) || segment.equals(fittedSegment)
        || fittedSegment.equals(spec.parents().get(segment));
  }

  private static Counts pooled(String parent, Map<String, Counts> counts, FallbackSpec spec) {
    Counts c = new Counts(0, new long[0]);
    for (Map.Entry<String, Counts> e : counts.entrySet()) {
      if (isMember(e.getKey(), parent, spec)) {
        c = c.plus(e.getValue());
      }
    }
    return c;
  }

  private static String problem(Counts c, FallbackSpec spec) {
    if (c.rows() < spec.minRows()) {
      return c.rows() + " rows < min-rows " + spec.minRows();
    }
    if (c.classCounts().length == 0 || c.minClass() < spec.minClassRows()) {
      return "class counts " + Arrays.toString(c.classCounts()) + " have one < min-class-rows "
          + spec.minClassRows();
    }
    return null;
  }
}
