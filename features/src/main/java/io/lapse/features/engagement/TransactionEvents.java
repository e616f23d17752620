package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.input.TransactionReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Accepted transactions as engagement events, so that buying is measured like every other kind of
 * engagement (recency, latency, lifecycle stage, labels) even where there is no clickstream.
 */
public final class TransactionEvents {

  private TransactionEvents() {}

  /**
   * Maps accepted transactions ({@link TransactionReader} columns customer_id, event_ts, txn_date,
   * amount, order_id, source_file) onto the {@link EventReader} contract: one event of {@code
   * eventType} per transaction, the order id as event id, no session id (each purchase is
   * sessionized by the inactivity gap like any event without one), no referrer.
   */
  public static Dataset<Row> asEvents(Dataset<Row> transactions, String eventType) {
    List<Column> out = new ArrayList<>();
    for (String c : EventReader.OUTPUT_COLUMNS) {
      Column value = switch (c) {
        case EventReader.EVENT_ID -> col(TransactionReader.ORDER_ID).cast(DataTypes.StringType);
        case EventReader.USER_ID, EventReader.CUSTOMER_ID -> col(TransactionReader.CUSTOMER_ID);
        case EventReader.EVENT_TS -> col(TransactionReader.EVENT_TS);
        case EventReader.EVENT_DATE -> col(TransactionReader.TXN_DATE);
        case EventReader.EVENT_TYPE -> lit(eventType);
        case EventReader.AMOUNT -> col(TransactionReader.AMOUNT).cast(DataTypes.DoubleType);
        case EventReader.SOURCE_FILE -> col(TransactionReader.SOURCE_FILE);
        default -> lit(null).cast(DataTypes.StringType);
      };
      out.add(value.as(c));
    }
    return transactions.select(out.toArray(Column[]::new));
  }
}
