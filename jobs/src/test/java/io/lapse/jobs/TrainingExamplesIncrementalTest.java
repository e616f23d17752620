package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * training_examples is kept from night to night: a night computes only the snapshots of its plan
 * the table does not hold as they would be computed tonight, and what it keeps equals a full
 * recompute row for row. H = 30, 28 days between snapshots; the training snapshots sit on the
 * grid of days 28 x n since 1970 (2024-08-01 is one).
 */
class TrainingExamplesIncrementalTest {

  private static final LocalDate D = LocalDate.parse("2024-09-30");
  /** The day whose events arrive late: within the horizon of the snapshot 2024-08-01 only. */
  private static final String LATE_DAY = "2024-08-20";
  private static ClickstreamFixture input;
  private static Path partialEvents;
  /** Ingest and features of D, without the events of the late day: each test works on a copy. */
  private static TestLake nightOfD;
  private static List<String> firstNight;

  @BeforeAll
  static void runTheFirstNight() throws IOException {
    input = new ClickstreamFixture("incremental-input", 60);
    List<String> lines = Files.readAllLines(input.events);
    partialEvents = TestSpark.tempDir("partial").resolve("events.csv");
    Files.write(partialEvents, lines.stream().filter(l -> !l.contains("," + LATE_DAY + " "))
        .toList());
    assertTrue(lines.size() - Files.readAllLines(partialEvents).size() > 0, "no late event");
    nightOfD = new TestLake(config(partialEvents));
    nightOfD.run("ingest", D);
    firstNight = features(nightOfD, D);
  }

  private static Map<String, Object> config(Path events) {
    Map<String, Object> conf = input.config(events);
    // Segments by customer column: the one segment source read as of D.
    conf.put("lapse.segments.source", "customer-column");
    return conf;
  }

  /** Runs features and returns its INFO line about the training examples. */
  private static List<String> features(TestLake lake, LocalDate asOf) {
    try (LogCapture log = LogCapture.of("io.lapse.jobs.FeaturesJob", Level.INFO)) {
      lake.run("features", asOf);
      return log.messages().stream().filter(m -> m.startsWith("training examples at")).toList();
    }
  }

  private static TestLake copy(TestLake lake, Path events) {
    return new TestLake(config(events),
        TestLake.copyRecursively(lake.root, TestSpark.tempDir("lake-copy")));
  }

  @Test
  void aLaterNightComputesOnlyItsNewSnapshotsAndKeepsTheRestAsAFullRecomputeWould() {
    assertEquals(List.of("training examples at 6 snapshots (2024-04-11 through 2024-08-31): new"
        + " [2024-04-11, 2024-05-09, 2024-06-06, 2024-07-04, 2024-08-01, 2024-08-31], stale [],"
        + " kept [], dropped []"), firstNight);

    // Four weeks later the grid has moved on by one training snapshot, validation by 28 days.
    LocalDate later = D.plusDays(28);
    TestLake incremental = copy(nightOfD, partialEvents);
    incremental.run("ingest", later);
    TestLake full = copy(incremental, partialEvents);
    TestLake.deleteRecursively(Path.of(full.config.lake.path(Table.TRAINING_EXAMPLES)));

    assertEquals(List.of("training examples at 6 snapshots (2024-05-09 through 2024-09-28): new"
        + " [2024-08-29, 2024-09-28], stale [], kept [2024-05-09, 2024-06-06, 2024-07-04,"
        + " 2024-08-01], dropped [2024-04-11, 2024-08-31]"), features(incremental, later));
    assertEquals(List.of("training examples at 6 snapshots (2024-05-09 through 2024-09-28): new"
        + " [2024-05-09, 2024-06-06, 2024-07-04, 2024-08-01, 2024-08-29, 2024-09-28], stale [],"
        + " kept [], dropped []"), features(full, later));
    var kept = incremental.table(Table.TRAINING_EXAMPLES);
    var recomputed = full.table(Table.TRAINING_EXAMPLES);
    assertTrue(recomputed.count() > 0);
    assertEquals(recomputed.count(), kept.count());
    assertTrue(TestLake.sameRows(kept, recomputed), "kept examples differ from a full recompute");
  }

  @Test
  void lateDataForAnOldDayRecomputesTheSnapshotsWhoseHorizonReachesIt() {
    // The late day's events arrive: re-ingested a week later with the complete file.
    LocalDate later = D.plusDays(7);
    TestLake lake = copy(nightOfD, input.events);
    lake.run("ingest", later, LocalDate.parse(LATE_DAY));
    // 2024-08-01 + H reaches the late day, 2024-07-04 + H does not; the grid has not moved.
    assertEquals(List.of("training examples at 6 snapshots (2024-04-11 through 2024-09-07): new"
        + " [2024-09-07], stale [2024-08-01], kept [2024-04-11, 2024-05-09, 2024-06-06,"
        + " 2024-07-04], dropped [2024-08-31]"), features(lake, later));
  }

  @Test
  void aCustomerWhoseSegmentChangedHasTheSnapshotsHeIsInRecomputed() throws IOException {
    // A clickstream user first engaged after the first snapshots (UNKNOWN: not in the customers
    // table) is added to it as a store customer; the night is run again.
    TestLake lake = copy(nightOfD, partialEvents);
    var examples = lake.table(Table.TRAINING_EXAMPLES);
    String id = examples.where("segment = 'UNKNOWN'").groupBy("customer_id").count()
        .where("count BETWEEN 1 AND 4").orderBy("customer_id").first().getString(0);
    List<String> in = examples.where("customer_id = '" + id + "'").select("as_of_date")
        .distinct().orderBy("as_of_date").collectAsList().stream()
        .map(r -> r.getDate(0).toString()).toList();
    List<String> customers = new ArrayList<>(Files.readAllLines(input.customers));
    assertEquals("customer_id,signup_date,channel", customers.get(0));
    customers.add(id + ",2024-01-01,store");
    Path changed = TestSpark.tempDir("customers").resolve("customers.csv");
    Files.write(changed, customers);
    Map<String, Object> conf = config(partialEvents);
    conf.put("lapse.input.customers.path", changed.toString());
    lake = new TestLake(conf, lake.root);

    List<String> all = List.of("2024-04-11", "2024-05-09", "2024-06-06", "2024-07-04",
        "2024-08-01", "2024-08-31");
    assertEquals(List.of("training examples at 6 snapshots (2024-04-11 through 2024-08-31): new"
        + " [], stale " + in + ", kept " + all.stream().filter(d -> !in.contains(d)).toList()
        + ", dropped []"), features(lake, D));
    assertEquals(List.of("store"), lake.table(Table.TRAINING_EXAMPLES)
        .where("customer_id = '" + id + "'").select("segment").distinct().collectAsList()
        .stream().map(r -> r.getString(0)).toList());
  }
}
