package io.lapse.benchmarks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A plain logistic regression on RFM and latency as a baseline: fitted at the earlier cut-off
 * C - H (features as of C - H, label "no purchase in (C - H, C]") and applied to the features as
 * of C, so it never sees the truth window.
 *
 * <p>Features, each standardized (mean 0, standard deviation 1, on the training rows):
 * log1p(recency days), log1p(purchase days), log1p(mean spend per purchase day), log1p(tenure
 * days), log1p(mean gap between purchase days) and an indicator of a single purchase day. The
 * mean gap is undefined for a customer with one purchase day; it is imputed with the tenure (the
 * gap is at least as long as the customer has been observed), and the indicator lets the model
 * treat those customers apart. No regularization (reg-param 0), MLlib's default of 100
 * iterations.
 */
public final class LogisticBaseline {

  public static final String P_NO_PURCHASE = "logit_p_no_purchase";

  static final List<String> FEATURES = List.of("log1p_recency_days", "log1p_frequency",
      "log1p_monetary", "log1p_tenure_days", "log1p_mean_gap_days", "single_purchase_day");

  /** Fitted model and what the report shows. */
  public record Result(Dataset<Row> scores, LocalDate trainedAt, long trainingRows,
      double trainingPositiveRate, List<String> features, double[] coefficients,
      double intercept) {}

  private LogisticBaseline() {}

  /**
   * @param purchaseDays {@link CdnowData#purchaseDays}
   * @return scores at C with {@code customer_id} and {@link #P_NO_PURCHASE}
   */
  public static Result fitAndScore(Dataset<Row> purchaseDays, LocalDate cutoff, int horizonDays) {
    LocalDate trainAt = cutoff.minusDays(horizonDays);
    Dataset<Row> training = withFeatures(CdnowData.summaries(purchaseDays, trainAt))
        .join(CdnowData.truth(purchaseDays, trainAt, horizonDays), CdnowData.CUSTOMER_ID)
        .cache();
    long rows = training.count();
    double positives = training.agg(org.apache.spark.sql.functions.sum(CdnowData.LABEL))
        .first().getDouble(0);
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(FEATURES.toArray(String[]::new)).setOutputCol("_raw_features");
    StandardScaler scaler = new StandardScaler().setInputCol("_raw_features")
        .setOutputCol("_features").setWithMean(true).setWithStd(true);
    LogisticRegression lr = new LogisticRegression().setFeaturesCol("_features")
        .setLabelCol(CdnowData.LABEL).setRegParam(0.0).setMaxIter(100)
        .setProbabilityCol("_probability");
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {assembler, scaler, lr}).fit(training);
    training.unpersist();
    LogisticRegressionModel fitted = (LogisticRegressionModel) model.stages()[2];
    Vector coefficients = fitted.coefficients();
    Dataset<Row> scored = model.transform(withFeatures(CdnowData.summaries(purchaseDays, cutoff)))
        .select(col(CdnowData.CUSTOMER_ID),
            org.apache.spark.ml.functions.vector_to_array(col("_probability"), "float64")
                .getItem(1).as(P_NO_PURCHASE));
    return new Result(scored, trainAt, rows, positives / rows, FEATURES,
        coefficients.toArray(), fitted.intercept());
  }

  /** Adds {@link #FEATURES} to {@link CdnowData#summaries} rows. */
  static Dataset<Row> withFeatures(Dataset<Row> summaries) {
    Column gap = coalesce(col(CdnowData.MEAN_GAP_DAYS),
        col(CdnowData.TENURE_DAYS).cast(DataTypes.DoubleType));
    List<Column> cols = new ArrayList<>();
    for (String c : summaries.columns()) {
      cols.add(col(c));
    }
    cols.add(log1p(col(CdnowData.RECENCY_DAYS)).as(FEATURES.get(0)));
    cols.add(log1p(col(CdnowData.FREQUENCY)).as(FEATURES.get(1)));
    cols.add(log1p(col(CdnowData.MONETARY)).as(FEATURES.get(2)));
    cols.add(log1p(col(CdnowData.TENURE_DAYS)).as(FEATURES.get(3)));
    cols.add(log1p(gap).as(FEATURES.get(4)));
    cols.add(when(col(CdnowData.FREQUENCY).equalTo(1), 1.0).otherwise(0.0).as(FEATURES.get(5)));
    return summaries.select(cols.toArray(Column[]::new));
  }
}
