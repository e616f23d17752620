package io.lapse.models.onset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdFitException;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.scoring.BgNbdScorer;
import io.lapse.models.training.BgNbdSegmentTrainer;
import io.lapse.models.training.SegmentModel;
import io.lapse.models.training.SegmentModels;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BG/NBD P(alive) and expected transactions in H of every customer as of one date, from one
 * global fit on the activity up to that date.
 */
final class SnapshotBgNbd {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotBgNbd.class);

  private SnapshotBgNbd() {}

  /**
   * (as_of_date, customer_id, {@link OnsetInputs#P_ALIVE}, {@link OnsetInputs#EXPECTED_TRANSACTIONS})
   * of every customer active on or before {@code d}. Customers first seen on {@code d} are left
   * out of the fit and scored with it. Both values are null for everyone only when there is no
   * fit: no customer seen before {@code d}, or the global fit did not converge.
   */
  static Dataset<Row> asOf(SparkSession spark, Dataset<Row> activityDaily, LocalDate d,
      FitOptions options, int horizonDays) {
    return asOf(spark, activityDaily, List.of(d), options, horizonDays);
  }

  /**
   * As above for several dates, each with its own fit on the activity up to it; the sufficient
   * statistics of all dates come from one grouped query (a query per date cost several Spark
   * jobs each, and training has one date per snapshot).
   */
  static Dataset<Row> asOf(SparkSession spark, Dataset<Row> activityDaily, List<LocalDate> dates,
      FitOptions options, int horizonDays) {
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("BG/NBD inputs need at least one as-of date");
    }
    Map<LocalDate, Dataset<Row>> features = new TreeMap<>();
    for (LocalDate d : dates) {
      features.put(d, CustomerFeatures.asOf(activityDaily, d)
          .withColumn(Segmenter.SEGMENT, lit(Segmenter.ALL)));
    }
    Map<String, SufficientStatistics> statsByDate = BgNbdSegmentTrainer.sufficientStatisticsBy(
        features.values().stream().reduce(Dataset::unionByName).orElseThrow(),
        col(CustomerFeatures.AS_OF_DATE).cast("string"));
    Dataset<Row> out = null;
    for (Map.Entry<LocalDate, Dataset<Row>> e : features.entrySet()) {
      Dataset<Row> scores = scored(spark, e.getValue(), e.getKey(),
          statsByDate.get(e.getKey().toString()), options, horizonDays);
      out = out == null ? scores : out.unionByName(scores);
    }
    return out;
  }

  private static Dataset<Row> scored(SparkSession spark, Dataset<Row> features, LocalDate d,
      SufficientStatistics all, FitOptions options, int horizonDays) {
    if (all == null || all.customers() == 0) {
      LOG.warn("no BG/NBD inputs as of {}: no customer was seen before that day", d);
      return withoutInputs(features);
    }
    List<SegmentModel> fits;
    try {
      fits = BgNbdSegmentTrainer.globalOnly(options).fit(Map.of(Segmenter.ALL, all), d);
    } catch (BgNbdFitException e) {
      // Too little history at an early date: the features stay null there and are imputed.
      LOG.warn("no BG/NBD inputs as of {}: {}", d, e.getMessage());
      return withoutInputs(features);
    }
    return new BgNbdScorer(horizonDays)
        .score(features, SegmentModels.toDataFrame(spark, d, fits))
        .select(col(CustomerFeatures.AS_OF_DATE), col(CustomerFeatures.CUSTOMER_ID),
            col("p_alive").as(OnsetInputs.P_ALIVE),
            col("expected_transactions").as(OnsetInputs.EXPECTED_TRANSACTIONS),
            col("prob_no_transaction").as(OnsetInputs.PROB_NO_TRANSACTION));
  }

  private static Dataset<Row> withoutInputs(Dataset<Row> features) {
    return features.select(col(CustomerFeatures.AS_OF_DATE), col(CustomerFeatures.CUSTOMER_ID),
        lit(null).cast("double").as(OnsetInputs.P_ALIVE),
        lit(null).cast("double").as(OnsetInputs.EXPECTED_TRANSACTIONS),
        lit(null).cast("double").as(OnsetInputs.PROB_NO_TRANSACTION));
  }
}
