package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nightly pipeline with a clickstream next to the transactions: events ingest with quarantine
 * and reconciliation, engagement features and training examples that do not leak, and late events
 * picked up by re-ingesting their days.
 */
class EngagementPipelineTest {

  private static final LocalDate D = LocalDate.parse("2024-09-30");
  private static final List<String> DIRTY = List.of(
      "bad1,,2024-03-01 10:00:00,visit,,,,",
      "bad2,u001,not-a-time,visit,,,,",
      "bad3,u001,2024-03-01 10:00:00,teleport,,,,");
  private static ClickstreamFixture input;
  private static Path events;
  private static List<String> cleanLines;
  /** The nightly of D on the dirty events, shared: the tests only read it. */
  private static TestLake lakeOfD;

  @BeforeAll
  static void writeInputAndRunTheNightlyOfD() throws IOException {
    input = new ClickstreamFixture("engagement-input", 120);
    cleanLines = Files.readAllLines(input.events);
    List<String> lines = new ArrayList<>(cleanLines);
    lines.addAll(DIRTY);
    lines.add(cleanLines.get(1)); // a duplicate of the first event
    events = input.events.resolveSibling("dirty-events.csv");
    Files.write(events, lines);
    lakeOfD = lake(events);
    lakeOfD.nightly(D);
  }

  private static TestLake lake(Path eventsFile) {
    Map<String, Object> conf = input.config(eventsFile);
    conf.put("lapse.engagement.profile.unknown-type-policy", "quarantine");
    return new TestLake(conf);
  }

  @Test
  void nightlyIngestsEventsAccountsForEveryRecordAndMeasuresEngagement() {
    TestLake lake = lakeOfD;

    Row run = lake.ingestRun(D, IngestJob.EVENTS);
    long read = run.getAs("rows_read");
    assertEquals(cleanLines.size() - 1 + DIRTY.size() + 1, read, "every non-header line is read");
    assertEquals(read, (long) run.getAs("rows_accepted") + (long) run.getAs("rows_quarantined")
        + (long) run.getAs("rows_already_ingested") + (long) run.getAs("rows_deferred"));
    assertTrue((long) run.getAs("rows_deferred") > 0, "the simulation runs past D");
    assertEquals((long) run.getAs("rows_accepted"), lake.table(Table.RAW_EVENTS).count());

    Map<String, Long> reasons = new TreeMap<>();
    lake.table(Table.QUARANTINE).where("source = 'events'").groupBy("reason").count()
        .collectAsList().forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
    assertEquals(Map.of("duplicate_event", 1L, "missing_user_id", 1L,
        "unparsable_timestamp", 1L, "unknown_event_type", 1L), reasons);
    assertEquals(2L, lake.table(Table.DATA_QUALITY).where("source NOT LIKE 'output:%'")
        .select("source").distinct().count(), "the ingest checks of each source");

    Dataset<Row> features = lake.table(Table.FEATURES);
    Set<String> stages = new TreeSet<>();
    features.select(EngagementFeatures.LIFECYCLE_STAGE).distinct().collectAsList()
        .forEach(r -> stages.add(r.getString(0)));
    assertTrue(stages.containsAll(Set.of("reach", "engage", "nurture", "lapsed")),
        "stages found: " + stages);
    // Clickstream users have engagement features but no transaction features; buyers have both.
    assertEquals(0L, features.where("customer_id LIKE 'u%' AND t_weeks IS NOT NULL").count());
    assertTrue(features.where("customer_id LIKE 'C%' AND engaged_days > 0"
        + " AND recency_days_purchase = recency_days").count() > 0);
    assertTrue(lake.table(Table.TRAINING_EXAMPLES).where("disengages_within_horizon").count() > 0);
    assertTrue(lake.table(Table.SCORES).count() > 0);
  }

  @Test
  void eventsAfterTheAsOfDateChangeNoFeatureAndNoTrainingExample() {
    TestLake upToD = lakeOfD;
    // A lake that has already ingested 40 more days and stored the training snapshots of that
    // night's plan (the models and scores after them are beside the point), then recomputes the
    // features of D.
    TestLake later = lake(events);
    later.run("ingest", D.plusDays(40));
    later.run("features", D.plusDays(40));
    later.run("features", D);
    Dataset<Row> featuresOfD = later.table(Table.FEATURES).where("as_of_date = DATE'" + D + "'");
    assertTrue(TestLake.sameRows(upToD.table(Table.FEATURES), featuresOfD),
        "data after D leaked into the features of D");
    assertTrue(TestLake.sameRows(upToD.table(Table.TRAINING_EXAMPLES),
        later.table(Table.TRAINING_EXAMPLES)), "data after D leaked into the training examples");
  }

  @Test
  void lateEventsArePickedUpByReingestingTheirDays() throws IOException {
    // The events of three days arrive late: first run without them, then re-ingest from the
    // first late day with the full file.
    Path partial = TestSpark.tempDir("late").resolve("events.csv");
    List<String> early = new ArrayList<>();
    for (String line : cleanLines) {
      if (!line.contains(",2024-06-1")) {
        early.add(line);
      }
    }
    Files.write(partial, early);
    TestLake stepwise = lake(partial);
    stepwise.run("ingest", D);
    Files.write(partial, cleanLines);
    stepwise.run("ingest", D, LocalDate.parse("2024-06-10"));

    Path complete = TestSpark.tempDir("complete").resolve("events.csv");
    Files.write(complete, cleanLines);
    TestLake oneShot = lake(complete);
    oneShot.run("ingest", D);
    for (Table table : List.of(Table.RAW_EVENTS, Table.ENGAGEMENT_DAILY)) {
      assertTrue(TestLake.sameRows(stepwise.table(table).drop("source_file"),
          oneShot.table(table).drop("source_file")), table.name());
    }
  }
}
