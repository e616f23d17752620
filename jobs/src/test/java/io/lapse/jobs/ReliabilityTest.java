package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.GenerateSettings;
import io.lapse.jobs.lake.RunLock;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.jobs.lake.MissingTableException;
import io.lapse.jobs.lake.RunLockedException;
import io.lapse.jobs.lake.Table;
import io.lapse.jobs.quality.DataQualityException;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The data-quality gate and the run lock. */
class ReliabilityTest {

  private static final LocalDate D1 = LocalDate.parse("2024-03-31");
  private static final LocalDate D2 = LocalDate.parse("2024-04-30");

  /** 300 customers simulated from BG/NBD through April, plus April records with no customer. */
  private static Path input(int badRowsInApril) throws Exception {
    GenerateSettings settings = new GenerateSettings("unused", 300, 5L,
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-02-29"), D2, List.of(
            new GenerateSettings.Segment("web", 1.0, new BgNbdParams(0.6, 3, 0.8, 2.5), 6, 4, 15)));
    Path file = GenerateJob.run(settings, TestSpark.tempDir("reliability")).transactions();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < badRowsInApril; i++) {
      bad.add(",2024-04-1" + (i % 10) + " 10:00:00,1.00,B" + i);
    }
    Files.write(file, bad, java.nio.file.StandardOpenOption.APPEND);
    return file;
  }

  @Test
  void aFailedErrorCheckStopsTheRunBeforeAnythingIsPublished() throws Exception {
    Path clean = input(0);
    Path dirty = input(400);
    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(clean, null));
    // The nightly's maintain step runs after publishing: never for a run that fails its gate.
    conf.put("lapse.maintenance.in-nightly", true);
    // The gate and the maintain step are at stake, not the models.
    conf.put("lapse.models.onset.enabled", false);
    TestLake lake = new TestLake(conf);
    lake.nightly(D1);
    Map<Table, Long> versions = new HashMap<>();
    for (Table t : List.of(Table.RAW_TRANSACTIONS, Table.ACTIVITY_DAILY, Table.FEATURES,
        Table.SCORES, Table.INGEST_RUNS)) {
      versions.put(t, version(lake, t));
    }

    // Same lake, the April file now has 400 records without a customer id.
    Map<String, Object> dirtyConf = new HashMap<>(TestLake.csvInput(dirty, null));
    dirtyConf.put("lapse.lake.root", lake.root.toString());
    dirtyConf.put("lapse.models.onset.enabled", false);
    TestLake sameLakeDirtyInput = new TestLake(dirtyConf);
    DataQualityException e = assertThrows(DataQualityException.class,
        () -> sameLakeDirtyInput.nightly(D2));
    assertTrue(e.getMessage().startsWith("data-quality gate failed, nothing published:"
        + " quarantine_rate: 400 of "), e.getMessage());
    assertTrue(e.getMessage().contains("null_rate:customer_id: 400 of "), e.getMessage());
    versions.forEach((table, v) -> assertEquals(v, version(lake, table),
        table + " was published by a run that failed its data-quality gate"));
    // The gate's results are stored, failed and passed checks alike.
    List<Row> checks = sameLakeDirtyInput.table(Table.DATA_QUALITY)
        .where("as_of_date = DATE'" + D2 + "'").orderBy("check").collectAsList();
    assertEquals(List.of("date_coverage", "null_rate:amount", "null_rate:customer_id",
        "null_rate:timestamp", "quarantine_rate", "row_volume"),
        checks.stream().map(r -> r.<String>getAs("check")).toList());
    Row rate = checks.get(4);
    assertFalse((boolean) rate.getAs("passed"));
    assertEquals("error", rate.getAs("level"));
    assertEquals("<= 0.05", rate.getAs("threshold"));

    // With the clean input the same date goes through and publishes.
    lake.nightly(D2);
    assertTrue(version(lake, Table.SCORES) > versions.get(Table.SCORES));
    assertEquals("VACUUM END", DeltaTable.forPath(TestSpark.session(),
        lake.config.lake.path(Table.SCORES)).history(1).first().getAs("operation"),
        "the nightly ends with the maintain step");
  }

  private static long version(TestLake lake, Table table) {
    return DeltaTable.forPath(TestSpark.session(), lake.config.lake.path(table)).history(1)
        .select("version").first().getLong(0);
  }

  @Test
  void aReportOfADateNoRunPublishedIsRefusedAsAMissingInput() {
    TestLake lake = new TestLake(TestLake.csvInput(
        TestSpark.tempDir("no-run").resolve("transactions.csv"), null));
    MissingTableException e = assertThrows(MissingTableException.class,
        () -> lake.run("report", D1));
    assertEquals("no scores of 2024-03-31 in " + lake.config.lake.path(Table.SCORES)
        + ": a report describes a published run; run bin/lapse nightly --as-of 2024-03-31 first",
        e.getMessage());
  }

  @Test
  void aSecondRunCannotTakeTheLockWhileTheFirstHoldsIt() {
    String locks = TestSpark.tempDir("locks").toString();
    var hadoop = TestSpark.session().sparkContext().hadoopConfiguration();
    try (RunLock first = RunLock.acquire(hadoop, locks, "job=nightly as_of=2024-04-30",
        Duration.ofHours(1))) {
      RunLockedException e = assertThrows(RunLockedException.class, () -> RunLock.acquire(
          hadoop, locks, "job=nightly as_of=2024-04-30", Duration.ofHours(1)));
      assertTrue(e.getMessage().startsWith("another lapse run holds the lock "), e.getMessage());
      assertTrue(e.getMessage().contains("job=nightly as_of=2024-04-30"), e.getMessage());
    }
    // Released: the next run takes it.
    RunLock.acquire(hadoop, locks, "next", Duration.ofHours(1)).close();
  }

  @Test
  void aLockLeftByADeadProcessIsTakenOver() throws Exception {
    Path locks = TestSpark.tempDir("locks");
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(locks.resolve("lapse-1.lock"),
        "host=" + host + " pid=" + dead.pid() + " started=2024-01-01T00:00:00Z job=nightly");
    var hadoop = TestSpark.session().sparkContext().hadoopConfiguration();
    RunLock.acquire(hadoop, locks.toString(), "after a crash", Duration.ofHours(1)).close();
    assertFalse(Files.exists(locks.resolve("lapse-1.lock")));
    assertTrue(Files.exists(locks.resolve("lapse-2.released")));
  }
}
