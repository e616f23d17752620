package io.lapse.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.input.TransactionReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One row per customer and active day. Several transactions on one day count as one active day,
 * the convention of the buy-till-you-die literature that the models rely on.
 */
public final class ActivityDaily {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String ACTIVITY_DATE = "activity_date";
  public static final String TRANSACTIONS = "transactions";
  public static final String AMOUNT = "amount";

  private ActivityDaily() {}

  /** Aggregates accepted transactions (the {@link TransactionReader} contract) by customer and day. */
  public static Dataset<Row> fromTransactions(Dataset<Row> transactions) {
    return transactions
        .groupBy(col(TransactionReader.CUSTOMER_ID), col(TransactionReader.TXN_DATE).as(ACTIVITY_DATE))
        .agg(
            count(lit(1)).cast(DataTypes.IntegerType).as(TRANSACTIONS),
            sum(col(TransactionReader.AMOUNT)).as(AMOUNT));
  }

  /**
   * The activity of a run without transactions (an events source only): each engaged day
   * (engagement_daily with {@link EngagementDaily#ACTIONS} &gt; 0) is an active day, its actions
   * the transactions and its purchase-kind events' amounts the amount (0 when the log has none).
   *
   * <p>Why engaged days, not no activity: BG/NBD's story (a customer repeats at their own rate
   * while alive and may drop out after each active day) is about repeat activity of any kind, and
   * is fitted to visits and logins as much as purchases; the engaged days are also the days that
   * recency, latency, the Kaplan-Meier curves and the default no-engagement label already count.
   * Skipping instead would leave every score without p_alive and the onset models without their
   * BG/NBD baseline. The monetary features then hold what the log's purchase events say, which
   * for a login or rating log is 0: an honest "nothing bought that we know of".
   */
  public static Dataset<Row> fromEngagedDays(Dataset<Row> engagementDaily) {
    return engagementDaily
        .where(col(EngagementDaily.ACTIONS).gt(0))
        .select(col(EngagementDaily.CUSTOMER_ID).as(CUSTOMER_ID),
            col(EngagementDaily.ACTIVITY_DATE).as(ACTIVITY_DATE),
            col(EngagementDaily.ACTIONS).cast(DataTypes.IntegerType).as(TRANSACTIONS),
            col(EngagementDaily.PURCHASE_AMOUNT).cast(DataTypes.DoubleType).as(AMOUNT));
  }
}
