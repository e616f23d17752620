package io.lapse.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

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
}
