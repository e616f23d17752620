package io.lapse.benchmarks.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.CustomerFeatures;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Training and evaluation examples on the transaction path: {@link CustomerFeatures} at each
 * snapshot with the dis-engagement label and the time to onset, for a fixed threshold T.
 *
 * <p>Onset: the last active day + T + 1 when the customer has not been active again by that day
 * (a purchase on the onset day itself cancels it), the convention of the engagement path's
 * {@code DisengagementLabels}, written here for activity_daily so the transaction-only path does
 * not depend on the clickstream tables.
 *
 * <p>Examples at snapshot S: customers active on or before S and not dis-engaged at S (recency
 * &lt;= T). {@link #LABEL}: the next onset falls in (S, S + H] (null when S + H is after
 * {@code dataEnd} and no onset was seen). {@link #EVENT}/{@link #DURATION_DAYS}: days from S to the
 * next onset observed by {@code dataEnd}, else to {@code dataEnd} (censored). Nothing reads
 * activity after {@code dataEnd}, which is how a backtest cut-off is enforced.
 */
public final class TransactionExamples {

  public static final String SNAPSHOT_DATE = "snapshot_date";
  public static final String ONSET_DATE = "onset_date";
  public static final String LABEL = "label";
  public static final String EVENT = "event";
  public static final String DURATION_DAYS = "duration_days";

  private TransactionExamples() {}

  /**
   * @param activityDaily {@link ActivityDaily} rows, any dates
   * @param snapshots snapshot dates, each before {@code dataEnd}
   * @param dataEnd the last day of activity the labels may read
   * @param thresholdDays T: dis-engaged once recency exceeds it (>= 1)
   * @param horizonDays H of the label (>= 1)
   * @return the {@link CustomerFeatures} columns, then snapshot_date, onset_date, label (double,
   *     null when unknown), event (boolean), duration_days (int)
   */
  public static Dataset<Row> build(Dataset<Row> activityDaily, List<LocalDate> snapshots,
      LocalDate dataEnd, int thresholdDays, int horizonDays) {
    if (thresholdDays < 1) {
      throw new IllegalArgumentException("threshold days must be >= 1 but was " + thresholdDays);
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizon days must be >= 1 but was " + horizonDays);
    }
    if (snapshots.isEmpty()) {
      throw new IllegalArgumentException("examples need at least one snapshot date");
    }
    for (LocalDate s : snapshots) {
      if (!s.isBefore(dataEnd)) {
        throw new IllegalArgumentException("snapshot " + s + " must be before the end of the data "
            + dataEnd);
      }
    }
    Date end = Date.valueOf(dataEnd);
    Dataset<Row> daily = activityDaily.where(col(ActivityDaily.ACTIVITY_DATE).leq(lit(end)));
    Column day = col(ActivityDaily.ACTIVITY_DATE);
    Column onset = date_add(day, thresholdDays + 1);
    Column nextDay = lead(day, 1).over(Window.partitionBy(ActivityDaily.CUSTOMER_ID).orderBy(day));
    Dataset<Row> onsets = daily
        .select(col(ActivityDaily.CUSTOMER_ID).as("o_customer"), day.as("o_from"),
            onset.as("o_onset"), nextDay.as("o_next"))
        .where(col("o_next").isNull().or(col("o_next").gt(col("o_onset")))
            .and(col("o_onset").leq(lit(end))))
        .drop("o_next");

    Dataset<Row> features = null;
    for (LocalDate s : snapshots) {
      Dataset<Row> f = CustomerFeatures.asOf(daily, s)
          .where(col(CustomerFeatures.RECENCY_DAYS).leq(thresholdDays));
      features = features == null ? f : features.unionByName(f);
    }
    // Every onset from the last active day on or after is after S: recency <= T at S.
    Dataset<Row> nextOnset = features
        .select(CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID,
            CustomerFeatures.LAST_ACTIVE_DATE)
        .join(onsets, col(CustomerFeatures.CUSTOMER_ID).equalTo(col("o_customer"))
            .and(col("o_from").geq(col(CustomerFeatures.LAST_ACTIVE_DATE))))
        .groupBy(col(CustomerFeatures.AS_OF_DATE).as("n_as_of"),
            col(CustomerFeatures.CUSTOMER_ID).as("n_customer"))
        .agg(min("o_onset").as(ONSET_DATE));
    Column s = col(CustomerFeatures.AS_OF_DATE);
    Column horizonEnd = date_add(s, horizonDays);
    Column o = col(ONSET_DATE);
    Column label = when(o.leq(horizonEnd), lit(1.0))
        .when(horizonEnd.leq(lit(end)), lit(0.0))
        .cast(DataTypes.DoubleType);
    return features
        .join(nextOnset, s.equalTo(col("n_as_of"))
            .and(col(CustomerFeatures.CUSTOMER_ID).equalTo(col("n_customer"))), "left")
        .drop("n_as_of", "n_customer")
        .withColumn(SNAPSHOT_DATE, s)
        .withColumn(LABEL, label)
        .withColumn(EVENT, o.isNotNull())
        .withColumn(DURATION_DAYS, when(o.isNotNull(), datediff(o, s))
            .otherwise(datediff(lit(end), s)));
  }
}
