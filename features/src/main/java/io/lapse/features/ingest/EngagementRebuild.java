package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.lit;

import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementProfile;
import io.lapse.features.engagement.SessionSpec;
import io.lapse.features.engagement.TransactionEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rebuilds engagement_daily for the days of a window from the raw events and, when configured, the
 * raw transactions as purchase events. Sessions are cut at midnight, so a day's row depends on
 * that day's events only.
 */
public final class EngagementRebuild {

  private EngagementRebuild() {}

  /**
   * @param rawEvents the window's days of the raw events table, when there is a clickstream
   * @param rawTransactions the window's days of the raw transactions table, when transactions
   *     join the engagement view
   * @param transactionsEventType the event type transactions become
   * @return the engagement_daily rows, empty when there are no events of either kind
   */
  public static Optional<Dataset<Row>> engagementDaily(Optional<Dataset<Row>> rawEvents,
      Optional<Dataset<Row>> rawTransactions, String transactionsEventType,
      EngagementProfile profile, SessionSpec sessions) {
    List<Dataset<Row>> parts = new ArrayList<>();
    rawEvents.ifPresent(events -> parts.add(events
        .withColumn(IngestSource.RAW_RECORD, lit(null).cast(DataTypes.StringType))
        .withColumn(IngestSource.REJECT_REASON, lit(null).cast(DataTypes.StringType))));
    rawTransactions.ifPresent(
        transactions -> parts.add(TransactionEvents.asEvents(transactions, transactionsEventType)));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> events = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      events = events.unionByName(p);
    }
    return Optional.of(EngagementDaily.fromEvents(events, profile, sessions));
  }
}
