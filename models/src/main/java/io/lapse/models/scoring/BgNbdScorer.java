package io.lapse.models.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import io.lapse.models.training.SegmentModel;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores customers with their segment's BG/NBD model. The predictions run in Java UDFs so that
 * the cluster evaluates exactly the code that the unit tests check against the published values
 * (the expected-transactions formula needs a hypergeometric function Spark SQL does not have).
 */
public final class BgNbdScorer {

  public static final List<String> COLUMNS = List.of(
      "as_of_date", "customer_id", "segment", "model_segment", "p_alive",
      "expected_transactions", "prob_no_transaction", "horizon_days", "recency_days",
      "latency_median_days", "latency_mean_days", "model_version");

  private static final double DAYS_PER_WEEK = 7.0;

  private static final UserDefinedFunction P_ALIVE = udf(
      (UDF8<Double, Double, Double, Double, Integer, Double, Double, Double, Double>)
          (r, alpha, a, b, x, tx, T, t) ->
              BgNbdPredictor.probabilityAlive(new BgNbdParams(r, alpha, a, b), x, tx, T),
      DataTypes.DoubleType);
  private static final UserDefinedFunction EXPECTED = udf(
      (UDF8<Double, Double, Double, Double, Integer, Double, Double, Double, Double>)
          (r, alpha, a, b, x, tx, T, t) ->
              BgNbdPredictor.expectedTransactions(new BgNbdParams(r, alpha, a, b), t, x, tx, T),
      DataTypes.DoubleType);
  private static final UserDefinedFunction NO_TRANSACTION = udf(
      (UDF8<Double, Double, Double, Double, Integer, Double, Double, Double, Double>)
          (r, alpha, a, b, x, tx, T, t) ->
              BgNbdPredictor.probabilityNoTransaction(new BgNbdParams(r, alpha, a, b), t, x, tx, T),
      DataTypes.DoubleType);

  private final int horizonDays;

  /**
   * P(alive), expected transactions and P(no transaction) in t weeks from BG/NBD parameters and a
   * customer's (x, t_x, T), as columns (the UDFs above).
   */
  public static Column[] predictions(Column r, Column alpha, Column a, Column b, Column x,
      Column tx, Column bigT, Column tWeeks) {
    Column[] args = {r, alpha, a, b, x, tx, bigT, tWeeks};
    return new Column[] {P_ALIVE.apply(args), EXPECTED.apply(args), NO_TRANSACTION.apply(args)};
  }

  public BgNbdScorer(int horizonDays) {
    if (horizonDays <= 0) {
      throw new IllegalArgumentException("horizon days must be > 0 but was " + horizonDays);
    }
    this.horizonDays = horizonDays;
  }

  /**
   * @param features customer features with a segment column, for one as-of date
   * @param segmentModels segment_models rows of that date (any models; BG/NBD rows are used)
   * @return one row per customer, columns {@link #COLUMNS}
   */
  public Dataset<Row> score(Dataset<Row> features, Dataset<Row> segmentModels) {
    Dataset<Row> bgnbd = segmentModels
        .where(col("model").equalTo(SegmentModel.BGNBD))
        .select(col("segment").as("m_segment"), col("fitted_segment"), col("params"),
            col("model_version"));
    Dataset<Row> joined = features.join(bgnbd,
        col(Segmenter.SEGMENT).equalTo(col("m_segment")), "left");
    Column[] args = {
        col("params").getItem("r"), col("params").getItem("alpha"),
        col("params").getItem("a"), col("params").getItem("b"),
        col(CustomerFeatures.REPEAT_DAYS), col(CustomerFeatures.T_X_WEEKS),
        col(CustomerFeatures.T_WEEKS), lit(horizonDays / DAYS_PER_WEEK)};
    Column[] predicted = predictions(args[0], args[1], args[2], args[3], args[4], args[5],
        args[6], args[7]);
    return joined.select(
        col(CustomerFeatures.AS_OF_DATE),
        col(CustomerFeatures.CUSTOMER_ID),
        col(Segmenter.SEGMENT),
        col("fitted_segment").as("model_segment"),
        predicted[0].as("p_alive"),
        predicted[1].as("expected_transactions"),
        predicted[2].as("prob_no_transaction"),
        lit(horizonDays).as("horizon_days"),
        col(CustomerFeatures.RECENCY_DAYS),
        col(CustomerFeatures.LATENCY_MEDIAN_DAYS),
        col(CustomerFeatures.LATENCY_MEAN_DAYS),
        col("model_version"));
  }

  /** Segments of the features that have no BG/NBD row: scoring them would give nulls. */
  public static List<String> unmodelledSegments(Dataset<Row> features, Dataset<Row> segmentModels) {
    Dataset<Row> modelled = segmentModels.where(col("model").equalTo(SegmentModel.BGNBD))
        .select(col("segment").as("m_segment"));
    return Arrays.stream((Row[]) features.select(Segmenter.SEGMENT).distinct()
            .join(modelled, col(Segmenter.SEGMENT).equalTo(col("m_segment")), "left_anti")
            .collect())
        .map(r -> r.getString(0)).sorted().toList();
  }
}
