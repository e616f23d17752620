package io.lapse.models.onset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.LabelSpec;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.models.survival.ReturnTimeBaseline;
import io.lapse.models.training.ReturnTimeCurves;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The model-based inputs of the onset models and their baselines, each computed as of the row's
 * own date from data up to that date only: BG/NBD P(alive) and expected transactions in H (one
 * global fit per date on every customer with transactions by then), and the Kaplan-Meier
 * probability of onset within H read off the return-time curve of engaged days up to that date.
 */
public final class OnsetInputs {

  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_TRANSACTIONS = "expected_transactions";
  public static final String KM_P_DISENGAGE = "km_p_disengage";
  /** BG/NBD's P(no transaction in the H days after the row's date). */
  public static final String PROB_NO_TRANSACTION = "prob_no_transaction";

  private OnsetInputs() {}

  /**
   * Adds {@link #P_ALIVE}, {@link #EXPECTED_TRANSACTIONS} and, with a fixed threshold,
   * {@link #KM_P_DISENGAGE} to rows keyed by (as_of_date, customer_id) with a segment and the
   * engagement recency.
   *
   * @param rows examples or the features of one date: as_of_date, customer_id, segment and the
   *     engagement recency column
   * @param activityDaily the transactions per customer and day (BG/NBD's input)
   * @param engagedDays (customer_id, activity_date) of every engaged day
   * @param dates the as-of dates present in {@code rows}
   * @param recencyColumn engagement recency in days (null where never engaged)
   */
  public static Dataset<Row> enrich(SparkSession spark, Dataset<Row> rows,
      Dataset<Row> activityDaily, Dataset<Row> engagedDays, List<LocalDate> dates,
      String recencyColumn, OnsetSpec spec) {
    String[] keys = {CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID};
    // No transactions (or no fit yet) means no expected transactions: 0, so that the BG/NBD
    // baseline scores every row it is compared on; P(alive) stays unknown and is imputed.
    Dataset<Row> out = rows.join(bgnbd(spark, activityDaily, dates, spec), keys, "left")
        .withColumn(EXPECTED_TRANSACTIONS,
            functions.coalesce(col(EXPECTED_TRANSACTIONS), lit(0.0)))
        .withColumn(PROB_NO_TRANSACTION,
            functions.coalesce(col(PROB_NO_TRANSACTION), lit(1.0)));
    boolean inactiveLabel = spec.label().definition() == LabelSpec.Definition.NO_ENGAGEMENT;
    if (!inactiveLabel && spec.kaplanMeierThresholdDays().isEmpty()) {
      return out.withColumn(KM_P_DISENGAGE, lit(null).cast("double"));
    }
    Dataset<Row> segments = rows.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT)
        .distinct();
    Map<LocalDate, Map<String, KaplanMeierCurve>> curves =
        ReturnTimeCurves.curvesByDate(engagedDays, segments, dates);
    Dataset<Row> table;
    if (inactiveLabel) {
      Row max = rows.agg(functions.max(col(recencyColumn))).first();
      table = ReturnTimeBaseline.inactiveLookup(spark, curves, spec.horizonDays(),
          max.isNullAt(0) ? 0 : ((Number) max.get(0)).intValue());
    } else {
      table = ReturnTimeBaseline.lookup(spark, curves,
          spec.kaplanMeierThresholdDays().getAsInt(), spec.horizonDays());
    }
    Dataset<Row> lookup = table
        .withColumnRenamed("snapshot_date", "_km_date")
        .withColumnRenamed("segment", "_km_segment")
        .withColumnRenamed("recency_days", "_km_recency")
        .withColumnRenamed("km_p_disengage", KM_P_DISENGAGE);
    return out.join(lookup, col(CustomerFeatures.AS_OF_DATE).equalTo(col("_km_date"))
            .and(col(Segmenter.SEGMENT).equalTo(col("_km_segment")))
            .and(col(recencyColumn).equalTo(col("_km_recency"))), "left")
        .drop("_km_date", "_km_segment", "_km_recency");
  }

  /** (as_of_date, customer_id, p_alive, expected_transactions) of each date. */
  private static Dataset<Row> bgnbd(SparkSession spark, Dataset<Row> activityDaily,
      List<LocalDate> dates, OnsetSpec spec) {
    return SnapshotBgNbd.asOf(spark, activityDaily, dates, spec.bgnbd(), spec.horizonDays());
  }
}
