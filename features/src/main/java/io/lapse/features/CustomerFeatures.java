package io.lapse.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Point-in-time customer features as of a date D, computed strictly from active days on or before
 * D, so that history appended later cannot change them.
 *
 * <p>Includes the BG/NBD sufficient statistics: {@code repeat_days} (x, active days after the
 * first), {@code t_x_weeks} (time of the last active day) and {@code t_weeks} (T, age at D), both
 * in weeks from the first active day.
 */
public final class CustomerFeatures {

  public static final String AS_OF_DATE = "as_of_date";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String FIRST_ACTIVE_DATE = "first_active_date";
  public static final String LAST_ACTIVE_DATE = "last_active_date";
  public static final String ACTIVE_DAYS = "active_days";
  public static final String REPEAT_DAYS = "repeat_days";
  public static final String T_X_WEEKS = "t_x_weeks";
  public static final String T_WEEKS = "t_weeks";
  public static final String RECENCY_DAYS = "recency_days";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String TRANSACTIONS_30D = "transactions_30d";
  public static final String TRANSACTIONS_90D = "transactions_90d";
  public static final String TRANSACTIONS_365D = "transactions_365d";
  public static final String TRANSACTIONS_TOTAL = "transactions_total";
  public static final String MONETARY_TOTAL = "monetary_total";
  public static final String MONETARY_MEAN = "monetary_mean";
  public static final String LATENCY_MEAN_DAYS = "latency_mean_days";
  public static final String LATENCY_MEDIAN_DAYS = "latency_median_days";

  /** The feature columns in table order (the segment column is added by {@link Segmenter}). */
  public static final List<String> COLUMNS =
      List.of(
          AS_OF_DATE, CUSTOMER_ID, FIRST_ACTIVE_DATE, LAST_ACTIVE_DATE, ACTIVE_DAYS, REPEAT_DAYS,
          T_X_WEEKS, T_WEEKS, RECENCY_DAYS, TENURE_DAYS, TRANSACTIONS_30D, TRANSACTIONS_90D,
          TRANSACTIONS_365D, TRANSACTIONS_TOTAL, MONETARY_TOTAL, MONETARY_MEAN, LATENCY_MEAN_DAYS,
          LATENCY_MEDIAN_DAYS);

  private static final double DAYS_PER_WEEK = 7.0;

  private CustomerFeatures() {}

  /**
   * Computes features as of {@code asOf} from an {@link ActivityDaily} table.
   *
   * @param activityDaily rows of (customer_id, activity_date, transactions, amount), any dates
   */
  public static Dataset<Row> asOf(Dataset<Row> activityDaily, LocalDate asOf) {
    Date d = Date.valueOf(asOf);
    Column day = col(ActivityDaily.ACTIVITY_DATE);
    Column daysBeforeD = datediff(lit(d), day);
    Column gap =
        datediff(day, lag(day, 1).over(Window.partitionBy(ActivityDaily.CUSTOMER_ID).orderBy(day)));
    Dataset<Row> perCustomer =
        activityDaily
            .where(day.leq(lit(d)))
            .withColumn("gap_days", gap)
            .groupBy(ActivityDaily.CUSTOMER_ID)
            .agg(
                min(day).as(FIRST_ACTIVE_DATE),
                max(day).as(LAST_ACTIVE_DATE),
                count(lit(1)).cast(DataTypes.IntegerType).as(ACTIVE_DAYS),
                windowed(daysBeforeD, 30).as(TRANSACTIONS_30D),
                windowed(daysBeforeD, 90).as(TRANSACTIONS_90D),
                windowed(daysBeforeD, 365).as(TRANSACTIONS_365D),
                sum(col(ActivityDaily.TRANSACTIONS)).cast(DataTypes.LongType).as(TRANSACTIONS_TOTAL),
                sum(col(ActivityDaily.AMOUNT)).as(MONETARY_TOTAL),
                percentile(col("gap_days"), lit(0.5)).as(LATENCY_MEDIAN_DAYS));
    Column first = col(FIRST_ACTIVE_DATE);
    Column last = col(LAST_ACTIVE_DATE);
    Column activeDays = col(ACTIVE_DAYS);
    return perCustomer.select(
        lit(d).as(AS_OF_DATE),
        col(CUSTOMER_ID),
        first,
        last,
        activeDays,
        activeDays.minus(1).as(REPEAT_DAYS),
        datediff(last, first).divide(DAYS_PER_WEEK).as(T_X_WEEKS),
        datediff(lit(d), first).divide(DAYS_PER_WEEK).as(T_WEEKS),
        datediff(lit(d), last).as(RECENCY_DAYS),
        datediff(lit(d), first).as(TENURE_DAYS),
        col(TRANSACTIONS_30D),
        col(TRANSACTIONS_90D),
        col(TRANSACTIONS_365D),
        col(TRANSACTIONS_TOTAL),
        col(MONETARY_TOTAL),
        col(MONETARY_TOTAL).divide(activeDays).as(MONETARY_MEAN),
        when(activeDays.gt(1), datediff(last, first).divide(activeDays.minus(1)))
            .as(LATENCY_MEAN_DAYS),
        col(LATENCY_MEDIAN_DAYS));
  }

  /** Transactions in the {@code days} days ending with D (D - days + 1 through D). */
  private static Column windowed(Column daysBeforeD, int days) {
    return sum(when(daysBeforeD.lt(days), col(ActivityDaily.TRANSACTIONS)).otherwise(0))
        .cast(DataTypes.LongType);
  }
}
