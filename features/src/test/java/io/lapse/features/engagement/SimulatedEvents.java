package io.lapse.features.engagement;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Simulated events as accepted rows of the {@link EventReader} contract, without files. */
final class SimulatedEvents {

  private SimulatedEvents() {}

  /** The events dated on or before {@code through}. */
  static Dataset<Row> through(SparkSession spark, ClickstreamSimulator.Simulation sim,
      LocalDate through) {
    List<Row> rows = new ArrayList<>();
    for (ClickstreamSimulator.Event e : sim.events()) {
      if (e.time().toLocalDate().isAfter(through)) {
        continue;
      }
      rows.add(RowFactory.create(e.eventId(), e.userId(), e.userId(),
          Timestamp.from(e.time().toInstant(ZoneOffset.UTC)), Date.valueOf(e.time().toLocalDate()),
          e.eventType(), e.sessionId(), e.page(), e.referrerUserId(), e.referrerUserId(),
          e.amount(), "simulated", e.eventId(), null));
    }
    // Cached, so that plans hold an in-memory relation rather than thousands of literal rows.
    return spark.createDataFrame(rows, EventRows.SCHEMA).cache();
  }

  /** (customer_id, segment) of every simulated user. */
  static Dataset<Row> segments(SparkSession spark, ClickstreamSimulator.Simulation sim) {
    List<Row> rows = sim.users().stream()
        .map(u -> RowFactory.create(u.userId(), u.segment())).toList();
    return spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("customer_id", "string").add("segment", "string"));
  }
}
