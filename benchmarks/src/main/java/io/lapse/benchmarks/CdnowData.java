package io.lapse.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The benchmark's own reading of the raw CDNOW master file and everything it derives from it:
 * purchase days, the truth labels and the customer summaries the baselines use. Independent of
 * lapse's reader and tables on purpose, so that the truth cannot inherit a lapse bug.
 *
 * <p>Convention (the BTYD papers'): several purchases on one day are one purchase day; times are
 * whole days between calendar dates.
 */
public final class CdnowData {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String DAY = "day";
  public static final String AMOUNT = "amount";
  public static final String LABEL = "label";

  public static final String RECENCY_DAYS = "recency_days";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String FREQUENCY = "frequency";
  public static final String MONETARY = "monetary";
  public static final String MEAN_GAP_DAYS = "mean_gap_days";
  /** x: purchase days after the first. */
  public static final String REPEAT_DAYS = "repeat_days";
  /** Days from the first to the last purchase day (t_x in days). */
  public static final String TX_DAYS = "tx_days";

  private CdnowData() {}

  /**
   * Purchase days of the master file: {@code customer_id} (string, leading zeros kept),
   * {@code day} (date) and {@code amount} (the day's total dollar value).
   *
   * @throws IllegalStateException when a non-blank line other than the header does not have four
   *     fields, a yyyyMMdd date and a numeric amount (the file is expected to be clean)
   */
  public static Dataset<Row> purchaseDays(SparkSession spark, String path) {
    Column line = regexp_replace(col("value"), "^\\s+|\\s+$", "");
    Dataset<Row> lines = spark.read().text(path).select(line.as("line"))
        .where(col("line").notEqual(lit(""))
            .and(functions.not(col("line").startsWith("customer_id"))));
    Column fields = split(col("line"), "\\s+");
    Dataset<Row> parsed = lines.select(
        col("line"),
        functions.size(fields).as("n"),
        fields.getItem(0).as(CUSTOMER_ID),
        functions.try_to_date(fields.getItem(1), "yyyyMMdd").as(DAY),
        fields.getItem(3).try_cast(DataTypes.DoubleType).as(AMOUNT));
    Dataset<Row> bad = parsed.where(col("n").notEqual(lit(4)).or(col(DAY).isNull())
        .or(col(AMOUNT).isNull()));
    long badCount = bad.count();
    if (badCount > 0) {
      throw new IllegalStateException(badCount + " lines of " + path + " are not 'customer_id"
          + " yyyyMMdd cds dollars', e.g. '" + bad.first().getString(0) + "'");
    }
    return parsed.groupBy(CUSTOMER_ID, DAY).agg(sum(AMOUNT).as(AMOUNT));
  }

  /**
   * Customer summaries as of {@code asOf} from the purchase days on or before it, one row per
   * customer with such a day: {@code recency_days} (asOf - last), {@code tenure_days} (asOf -
   * first, T in days), {@code frequency} (purchase days), {@code monetary} (mean spend per
   * purchase day), {@code mean_gap_days} ((last - first) / (frequency - 1), null for one purchase
   * day), {@code repeat_days} (x) and {@code tx_days} (last - first).
   */
  public static Dataset<Row> summaries(Dataset<Row> purchaseDays, LocalDate asOf) {
    Column d = lit(java.sql.Date.valueOf(asOf));
    Dataset<Row> agg = purchaseDays.where(col(DAY).leq(d))
        .groupBy(CUSTOMER_ID)
        .agg(min(DAY).as("first_day"), max(DAY).as("last_day"), count(lit(1)).as(FREQUENCY),
            sum(AMOUNT).as("spend"));
    Column span = datediff(col("last_day"), col("first_day"));
    return agg.select(
        col(CUSTOMER_ID),
        datediff(d, col("last_day")).as(RECENCY_DAYS),
        datediff(d, col("first_day")).as(TENURE_DAYS),
        col(FREQUENCY),
        col("spend").divide(col(FREQUENCY)).as(MONETARY),
        when(col(FREQUENCY).gt(1), span.divide(col(FREQUENCY).minus(1)))
            .otherwise(lit(null).cast(DataTypes.DoubleType)).as(MEAN_GAP_DAYS),
        col(FREQUENCY).minus(1).cast(DataTypes.IntegerType).as(REPEAT_DAYS),
        span.as(TX_DAYS));
  }

  /**
   * The truth at cut-off C for horizon H: every customer with a purchase day on or before C, with
   * {@code label} 1.0 when the customer has no purchase day in (C, C + H], else 0.0.
   */
  public static Dataset<Row> truth(Dataset<Row> purchaseDays, LocalDate cutoff, int horizonDays) {
    Column c = lit(java.sql.Date.valueOf(cutoff));
    Column end = lit(java.sql.Date.valueOf(cutoff.plusDays(horizonDays)));
    Dataset<Row> population = purchaseDays.where(col(DAY).leq(c)).select(CUSTOMER_ID).distinct();
    Dataset<Row> buyers = purchaseDays.where(col(DAY).gt(c).and(col(DAY).leq(end)))
        .select(col(CUSTOMER_ID).as("_buyer")).distinct();
    return population.join(buyers, col(CUSTOMER_ID).equalTo(col("_buyer")), "left")
        .select(col(CUSTOMER_ID),
            when(col("_buyer").isNull(), lit(1.0)).otherwise(lit(0.0)).as(LABEL));
  }

  /** First and last purchase day of the data. */
  public static LocalDate[] dayRange(Dataset<Row> purchaseDays) {
    Row r = purchaseDays.agg(min(DAY), max(DAY)).first();
    return new LocalDate[] {r.getDate(0).toLocalDate(), r.getDate(1).toLocalDate()};
  }
}
