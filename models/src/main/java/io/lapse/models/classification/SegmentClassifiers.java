package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.Segmenter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The fitted classifier of every segment, and scoring with them.
 *
 * @param segmentColumn the segment column of the rows to score
 * @param bySegment the classifier each segment uses, by segment
 */
public record SegmentClassifiers(String segmentColumn,
    SortedMap<String, FittedClassifier> bySegment) {

  /** P(dis-engagement begins within H days). */
  public static final String P_DISENGAGE = "p_disengage";
  /** The segment whose rows fitted the model that scored the row. */
  public static final String MODEL_SEGMENT = "model_segment";

  public SegmentClassifiers {
    bySegment = Collections.unmodifiableSortedMap(new TreeMap<>(bySegment));
  }

  /**
   * Adds {@link #P_DISENGAGE} and {@link #MODEL_SEGMENT} to every row, scoring each with its
   * segment's classifier. Segments not seen in training use the global model when one was
   * fitted.
   *
   * @throws IllegalArgumentException when a segment has no classifier and there is no global one
   */
  public Dataset<Row> score(Dataset<Row> rows) {
    Map<String, List<String>> segmentsByModel = new TreeMap<>();
    Map<String, FittedClassifier> models = new TreeMap<>();
    for (FittedClassifier f : bySegment.values()) {
      segmentsByModel.computeIfAbsent(f.fittedSegment(), k -> new ArrayList<>()).add(f.segment());
      models.put(f.fittedSegment(), f);
    }
    List<String> unseen = Arrays.stream((Row[]) rows.select(col(segmentColumn)
            .cast(DataTypes.StringType)).distinct().collect())
        .map(r -> r.getString(0))
        .filter(s -> !bySegment.containsKey(s))
        .sorted()
        .toList();
    if (!unseen.isEmpty()) {
      if (!models.containsKey(Segmenter.ALL)) {
        throw new IllegalArgumentException("segments " + unseen + " have no classifier and no"
            + " global model was fitted; segments with one: " + bySegment.keySet());
      }
      segmentsByModel.get(Segmenter.ALL).addAll(unseen);
    }
    Column[] keep = Arrays.stream(rows.columns()).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
    Column[] out = Arrays.copyOf(keep, keep.length + 2);
    Dataset<Row> scored = null;
    for (Map.Entry<String, List<String>> e : segmentsByModel.entrySet()) {
      FittedClassifier fitted = models.get(e.getKey());
      out[keep.length] = fitted.calibration().apply(Candidate.POSITIVE_PROBABILITY)
          .as(P_DISENGAGE);
      out[keep.length + 1] = lit(e.getKey()).as(MODEL_SEGMENT);
      Dataset<Row> part = fitted.model()
          .transform(rows.where(col(segmentColumn).cast(DataTypes.StringType)
              .isin(e.getValue().toArray())))
          .select(out);
      scored = scored == null ? part : scored.unionByName(part);
    }
    return scored;
  }
}
