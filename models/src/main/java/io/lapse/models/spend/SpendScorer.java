package io.lapse.models.spend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.training.SegmentModel;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores expected mean spend and CLV per customer with the segment's Gamma-Gamma and BG/NBD
 * rows of segment_models. Expected mean spend is E[M | x, m_x] for a customer with positive
 * repeat spend, and the segment's mean otherwise (the fitted population mean p gamma / (q - 1),
 * or the observed mean_spend where the segment has no usable fit). As in {@code BgNbdScorer} the
 * formulas run in Java UDFs, the code the unit tests check.
 */
public final class SpendScorer {

  public static final String EXPECTED_MEAN_SPEND = "expected_mean_spend";
  public static final String CLV = "clv";
  /** Score columns, after customer_id. */
  public static final List<String> COLUMNS = List.of(EXPECTED_MEAN_SPEND, CLV);

  private static final UserDefinedFunction SPEND = udf(
      (UDF3<scala.collection.Map<String, Double>, Integer, Double, Double>) (params, x, mean) ->
          params == null ? null : expectedMeanSpend(
              scala.jdk.javaapi.CollectionConverters.asJava(params), x == null ? 0 : x, mean),
      DataTypes.DoubleType);

  private final CustomerValue value;

  public SpendScorer(CustomerValue value) {
    this.value = value;
  }

  /**
   * @param features customer features with segment, for one as-of date (customers with a
   *     purchase: T not null)
   * @param repeatSpend rows of {@link RepeatSpend#perCustomer}
   * @param segmentModels segment_models rows of that date
   * @return customer_id, expected_mean_spend, clv
   */
  public Dataset<Row> score(Dataset<Row> features, Dataset<Row> repeatSpend,
      Dataset<Row> segmentModels) {
    Dataset<Row> spendModels = segmentModels
        .where(col("model").equalTo(GammaGammaSegmentTrainer.MODEL))
        .select(col("segment").as("gg_segment"), col("params").as("gg_params"));
    Dataset<Row> bgnbd = segmentModels.where(col("model").equalTo(SegmentModel.BGNBD))
        .select(col("segment").as("bg_segment"), col("params").as("bg_params"));
    Dataset<Row> joined = features
        .join(repeatSpend.select(col(CustomerFeatures.CUSTOMER_ID), col(RepeatSpend.MEAN)),
            CustomerFeatures.CUSTOMER_ID, "left")
        .join(spendModels, col(Segmenter.SEGMENT).equalTo(col("gg_segment")), "left")
        .join(bgnbd, col(Segmenter.SEGMENT).equalTo(col("bg_segment")), "left");
    Column spend = SPEND.apply(col("gg_params"), col(CustomerFeatures.REPEAT_DAYS),
        col(RepeatSpend.MEAN));
    CustomerValue v = value;
    UserDefinedFunction clv = udf(
        (UDF8<Double, Double, Double, Double, Integer, Double, Double, Double, Double>)
            (r, alpha, a, b, x, tx, T, s) -> r == null || s == null || x == null ? null
                : v.clv(new BgNbdParams(r, alpha, a, b), x, tx, T, s),
        DataTypes.DoubleType);
    Dataset<Row> withSpend = joined.withColumn(EXPECTED_MEAN_SPEND, spend);
    return withSpend.select(col(CustomerFeatures.CUSTOMER_ID), col(EXPECTED_MEAN_SPEND),
        clv.apply(col("bg_params").getItem("r"), col("bg_params").getItem("alpha"),
            col("bg_params").getItem("a"), col("bg_params").getItem("b"),
            col(CustomerFeatures.REPEAT_DAYS), col(CustomerFeatures.T_X_WEEKS),
            col(CustomerFeatures.T_WEEKS), col(EXPECTED_MEAN_SPEND)).as(CLV));
  }

  /**
   * A customer's expected mean spend from a gamma_gamma row's params; null without a row, or
   * when the row has neither a fit nor an observed mean.
   */
  static Double expectedMeanSpend(java.util.Map<String, Double> params, int x, Double mean) {
    if (params == null) {
      return null;
    }
    GammaGammaParams fitted = GammaGammaSegmentTrainer.paramsOf(params);
    if (fitted == null) {
      return params.get(GammaGammaSegmentTrainer.MEAN_SPEND);
    }
    boolean history = x >= 1 && mean != null && mean > 0;
    return GammaGammaPredictor.expectedMeanSpend(fitted, history ? x : 0, history ? mean : 0);
  }
}
