package io.lapse.models.survival;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;

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
 * The survival model of every segment, and scoring with them.
 *
 * @param segmentColumn the segment column of the rows to score
 * @param horizonDays H of the onset probability
 * @param bySegment the model each segment uses
 */
public record SegmentSurvivalModels(String segmentColumn, int horizonDays,
    SortedMap<String, FittedSurvival> bySegment) {

  /** Weibull mean time to onset in days, lambda * Gamma(1 + 1/k). */
  public static final String EXPECTED_DAYS = "expected_days_to_onset";
  /** Weibull P(onset within H) = 1 - exp(-(H / lambda)^k). */
  public static final String P_ONSET = "p_onset_within_h";
  /** Kaplan-Meier baseline: 1 - S(H) of the segment's curve (one value per segment). */
  public static final String KM_P_ONSET = "km_p_onset_within_h";
  /** Kaplan-Meier baseline: restricted mean time to onset (one value per segment). */
  public static final String KM_EXPECTED_DAYS = "km_restricted_mean_days";
  public static final String MODEL_SEGMENT = "survival_model_segment";
  static final String SCALE = "_aft_scale";

  public SegmentSurvivalModels {
    bySegment = Collections.unmodifiableSortedMap(new TreeMap<>(bySegment));
  }

  /**
   * Adds the model's and the baseline's columns to every row. Segments not seen in training use
   * the global model when one was fitted.
   */
  public Dataset<Row> score(Dataset<Row> rows) {
    Map<String, List<String>> segmentsByModel = new TreeMap<>();
    Map<String, FittedSurvival> models = new TreeMap<>();
    for (FittedSurvival f : bySegment.values()) {
      segmentsByModel.computeIfAbsent(f.fittedSegment(), k -> new ArrayList<>()).add(f.segment());
      models.put(f.fittedSegment(), f);
    }
    List<String> unseen = Arrays.stream((Row[]) rows.select(col(segmentColumn)
            .cast(DataTypes.StringType)).distinct().collect())
        .map(r -> r.getString(0)).filter(s -> !bySegment.containsKey(s)).sorted().toList();
    if (!unseen.isEmpty()) {
      if (!models.containsKey(Segmenter.ALL)) {
        throw new IllegalArgumentException("segments " + unseen + " have no survival model and"
            + " no global model was fitted; segments with one: " + bySegment.keySet());
      }
      segmentsByModel.get(Segmenter.ALL).addAll(unseen);
    }
    List<Column> keep = new ArrayList<>(Arrays.stream(rows.columns()).map(c -> col("`" + c + "`"))
        .toList());
    Dataset<Row> scored = null;
    for (Map.Entry<String, List<String>> e : segmentsByModel.entrySet()) {
      FittedSurvival f = models.get(e.getKey());
      Column scale = col(SCALE);
      List<Column> out = new ArrayList<>(keep);
      out.add(scale.multiply(Weibull.meanFactor(f.shape())).as(EXPECTED_DAYS));
      out.add(lit(1.0).minus(exp(pow(lit((double) horizonDays).divide(scale), f.shape())
          .multiply(-1))).as(P_ONSET));
      out.add(lit(1.0 - f.baseline().survivalAt(horizonDays)).as(KM_P_ONSET));
      out.add(lit(OnsetKaplanMeier.restrictedMean(f.baseline())).as(KM_EXPECTED_DAYS));
      out.add(lit(e.getKey()).as(MODEL_SEGMENT));
      Dataset<Row> part = f.model()
          .transform(rows.where(col(segmentColumn).cast(DataTypes.StringType)
              .isin(e.getValue().toArray())))
          .select(out.toArray(Column[]::new));
      scored = scored == null ? part : scored.unionByName(part);
    }
    return scored;
  }
}
