package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.lapse.models.evaluation.ScoreColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores of the baselines a model has to beat, added as columns to the rows being evaluated:
 *
 * <ul>
 *   <li>{@link #RECENCY}: recency in days (rank only);
 *   <li>{@link #RECENCY_RATIO}: recency over the customer's own latency, the signal lapse reads;
 *       customers with no latency yet (one active day) get the median latency of the rows (rank
 *       only);
 *   <li>{@link #BGNBD}: minus BG/NBD's expected transactions in the horizon (rank only);
 *   <li>{@link #BGNBD_PROBABILITY}: BG/NBD's probability of no transaction in the horizon (a
 *       probability);
 *   <li>{@link #KAPLAN_MEIER}: the Kaplan-Meier probability given in the rows (a probability).
 * </ul>
 */
public final class Baselines {

  public static final String RECENCY = "recency_days";
  public static final String RECENCY_RATIO = "recency_over_latency";
  public static final String BGNBD = "bgnbd_expected_transactions";
  public static final String BGNBD_PROBABILITY = "bgnbd_prob_no_transaction";
  public static final String KAPLAN_MEIER = "kaplan_meier";
  private static final String PREFIX = "_baseline_";

  private Baselines() {}

  /** The baseline score columns {@link #withScores} adds, in a fixed order. */
  public static List<ScoreColumn> scores(BaselineSpec spec) {
    List<ScoreColumn> out = new ArrayList<>();
    out.add(ScoreColumn.rankOnly(RECENCY, PREFIX + RECENCY));
    if (!spec.latencyColumn().isEmpty()) {
      out.add(ScoreColumn.rankOnly(RECENCY_RATIO, PREFIX + RECENCY_RATIO));
    }
    if (!spec.bgnbdExpectedColumn().isEmpty()) {
      out.add(ScoreColumn.rankOnly(BGNBD, PREFIX + BGNBD));
    }
    if (!spec.bgnbdProbabilityColumn().isEmpty()) {
      out.add(ScoreColumn.probability(BGNBD_PROBABILITY, PREFIX + BGNBD_PROBABILITY));
    }
    if (!spec.kaplanMeierColumn().isEmpty()) {
      out.add(ScoreColumn.probability(KAPLAN_MEIER, PREFIX + KAPLAN_MEIER));
    }
    return List.copyOf(out);
  }

  /**
   * Whether scoring may serve the baseline where no model is champion. Every baseline but
   * {@link #BGNBD}: BG/NBD's answer to the label's question is {@link #BGNBD_PROBABILITY}, its
   * probability of no transaction, which ranks nearly alike and needs no calibration of its own
   * shape.
   */
  public static boolean servable(ScoreColumn baseline) {
    return !baseline.name().equals(BGNBD);
  }

  /** Adds the baseline score columns; reads only features, never labels. */
  public static Dataset<Row> withScores(Dataset<Row> rows, BaselineSpec spec) {
    Column recency = col(spec.recencyColumn()).cast(DataTypes.DoubleType);
    Dataset<Row> out = rows.withColumn(PREFIX + RECENCY, recency);
    if (!spec.latencyColumn().isEmpty()) {
      Column latency = col(spec.latencyColumn()).cast(DataTypes.DoubleType);
      Row median = rows.where(latency.gt(0))
          .agg(percentile_approx(latency, lit(0.5), lit(10000))).first();
      double fallback = median.isNullAt(0) ? 1.0 : ((Number) median.get(0)).doubleValue();
      out = out.withColumn(PREFIX + RECENCY_RATIO,
          recency.divide(when(latency.gt(0), latency).otherwise(lit(fallback))));
    }
    if (!spec.bgnbdExpectedColumn().isEmpty()) {
      out = out.withColumn(PREFIX + BGNBD,
          col(spec.bgnbdExpectedColumn()).cast(DataTypes.DoubleType).multiply(-1));
    }
    if (!spec.bgnbdProbabilityColumn().isEmpty()) {
      out = out.withColumn(PREFIX + BGNBD_PROBABILITY,
          col(spec.bgnbdProbabilityColumn()).cast(DataTypes.DoubleType));
    }
    if (!spec.kaplanMeierColumn().isEmpty()) {
      out = out.withColumn(PREFIX + KAPLAN_MEIER,
          col(spec.kaplanMeierColumn()).cast(DataTypes.DoubleType));
    }
    return out;
  }
}
