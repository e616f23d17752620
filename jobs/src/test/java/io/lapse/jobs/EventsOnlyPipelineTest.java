package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.ClickstreamScenario;
import io.lapse.features.engagement.ClickstreamSimulator;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A nightly with no transactions at all: a login log (user and time, one kind of event, no
 * amounts) is the only input. Its engaged days are the activity that BG/NBD and the RFM features
 * read, so every stage runs and every engaged customer gets a p_alive and a p_disengage.
 */
class EventsOnlyPipelineTest {

  private static final LocalDate D = LocalDate.parse("2024-09-30");

  @Test
  void aLoginLogAloneRunsTheNightlyAndPublishesScores() throws IOException {
    ClickstreamSimulator.Simulation simulation =
        ClickstreamSimulator.simulate(ClickstreamScenario.year2024().withUsers(120));
    DateTimeFormatter ts = DateTimeFormatter.ofPattern(ClickstreamSimulator.TIMESTAMP_FORMAT);
    List<String> lines = new ArrayList<>(List.of("member,login_at"));
    for (ClickstreamSimulator.Event e : simulation.events()) {
      if (e.eventType().equals("visit")) {
        lines.add(e.userId() + "," + e.time().format(ts));
      }
    }
    Path logins = TestSpark.tempDir("logins").resolve("logins.csv");
    Files.write(logins, lines);
    TestLake lake = new TestLake(Map.of(
        "lapse.input.events.format", "csv",
        "lapse.input.events.path", logins.toString(),
        "lapse.input.events.event-type", "visit",
        "lapse.input.events.columns.user-id", "member",
        "lapse.input.events.columns.timestamp", "login_at",
        "lapse.input.events.timestamp-format", ClickstreamSimulator.TIMESTAMP_FORMAT,
        // One candidate keeps the test quick.
        "lapse.models.onset.logistic.reg-params", List.of(0.01),
        "lapse.models.onset.gbt.max-depths", List.of()));

    lake.nightly(D);

    assertEquals(List.of(IngestJob.EVENTS), lake.table(Table.INGEST_RUNS)
        .select("source").distinct().collectAsList().stream().map(r -> r.getString(0)).toList());
    Dataset<Row> engaged = lake.table(Table.ENGAGEMENT_DAILY).where("actions > 0")
        .selectExpr("customer_id", "activity_date", "CAST(actions AS INT) AS transactions",
            "0.0 AS amount");
    assertTrue(engaged.count() > 1000, "engaged days: " + engaged.count());
    assertTrue(TestLake.sameRows(engaged, lake.table(Table.ACTIVITY_DAILY)),
        "activity_daily is the engaged days, without amounts");

    Dataset<Row> scores = lake.table(Table.SCORES).where("as_of_date = DATE'" + D + "'");
    long customers = lake.table(Table.ENGAGEMENT_DAILY)
        .where("actions > 0 AND activity_date <= DATE'" + D + "'")
        .select("customer_id").distinct().count();
    assertEquals(customers, scores.count(), "every customer engaged by D is scored");
    assertEquals(customers, scores.where("p_alive IS NOT NULL AND p_disengage IS NOT NULL"
        + " AND risk_tier IS NOT NULL").count());
    assertEquals(0L, scores.where("p_alive < 0 OR p_alive > 1").count());
    assertTrue(lake.table(Table.SEGMENT_POLICIES).count() > 0);
  }
}
