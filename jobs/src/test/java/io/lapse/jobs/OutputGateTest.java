package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.GenerateSettings;
import io.lapse.jobs.lake.Table;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output checks gate a run's publishing: a failed error-level check publishes nothing. */
class OutputGateTest {

  private static final LocalDate D1 = LocalDate.parse("2024-03-31");
  private static final LocalDate D2 = LocalDate.parse("2024-04-30");

  @Test
  void aFailedOutputCheckLeavesEveryTableAtItsVersionStoresEveryResultAndExits65()
      throws Exception {
    // 60 customers, all buying first in January and February: D2 has the customers of D1.
    GenerateSettings settings = new GenerateSettings("unused", 60, 5L,
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-02-29"), D2, List.of(
            new GenerateSettings.Segment("web", 1.0, new BgNbdParams(0.6, 3, 0.8, 2.5), 6, 4, 15)));
    Path transactions = GenerateJob.run(settings, TestSpark.tempDir("output-gate")).transactions();
    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(transactions, null));
    // BG/NBD scores only: engagement features, onset models and the policy cost most of a
    // nightly, and the gate needs none of them.
    conf.put("lapse.engagement.transactions-event-type", "");
    conf.put("lapse.models.onset.enabled", false);
    conf.put("lapse.policy.enabled", false);
    TestLake lake = new TestLake(conf);
    lake.nightly(D1);
    Map<Table, Long> versions = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (exists(lake, t)) {
        versions.put(t, version(lake, t));
      }
    }
    assertTrue(versions.keySet().containsAll(List.of(Table.FEATURES, Table.SEGMENT_MODELS,
        Table.SCORES, Table.DATA_QUALITY)), versions.toString());
    long customers = lake.table(Table.SCORES).count();

    // The same lake and input, through the command line, with D2's scores held to at least 1.5
    // times D1's as an error.
    conf.put("lapse.lake.root", lake.root.toString());
    conf.put("lapse.spark.master", "local[2]");
    conf.put("lapse.spark.shuffle-partitions", 2);
    conf.put("lapse.report.enabled", false);
    conf.put("lapse.data-quality.output.row-count.level", "error");
    conf.put("lapse.data-quality.output.row-count.min-ratio", 1.5);
    Path file = TestSpark.tempDir("output-gate-conf").resolve("strict.conf");
    Files.writeString(file, ConfigFactory.parseMap(conf).root()
        .render(ConfigRenderOptions.concise()));
    String rowCount = String.format(Locale.ROOT, "07_model_output/scores row_count: %d rows as of"
        + " %s are 1.000 times the %d of %s (allowed between 1.5 and 2.0 of the previous as-of"
        + " date's)", customers, D2, customers, D1);
    try (LogCapture log = LogCapture.of(Lapse.class.getName())) {
      assertEquals(ExitCode.DATA_QUALITY_FAILED,
          Lapse.run("nightly", "--as-of", D2.toString(), "--config", file.toString()));
      assertEquals(List.of("data-quality gate failed, nothing published: " + rowCount),
          log.messages());
    }

    for (Table t : Table.values()) {
      if (t == Table.DATA_QUALITY) {
        assertTrue(version(lake, t) > versions.get(t), "the results are published at once");
      } else if (versions.containsKey(t)) {
        assertEquals(versions.get(t), version(lake, t),
            t + " was published by a run that failed an output check");
      } else {
        assertFalse(exists(lake, t), t + " was created by a run that failed an output check");
      }
    }
    // Every result of D2 is stored, the ingest's and the outputs', passed and failed alike.
    List<String> stored = lake.table(Table.DATA_QUALITY)
        .where("as_of_date = DATE'" + D2 + "'").orderBy("source", "check")
        .collectAsList().stream().map(r -> r.getAs("source") + " " + r.getAs("check") + " "
            + r.getAs("level") + " " + r.getAs("passed")).toList();
    assertEquals(List.of(
        "output:features unique_key error true",
        "output:scores features_scored error true",
        "output:scores non_negative:clv error true",
        "output:scores non_negative:expected_mean_spend error true",
        "output:scores non_negative:expected_transactions error true",
        "output:scores probability_range:p_alive error true",
        "output:scores probability_range:prob_no_transaction error true",
        "output:scores row_count error false",
        "output:scores unique_key error true",
        "output:segment_models unique_key error true",
        "transactions date_coverage warn true",
        "transactions null_rate:amount error true",
        "transactions null_rate:customer_id error true",
        "transactions null_rate:timestamp error true",
        "transactions quarantine_rate error true",
        "transactions row_volume warn true"), stored);
    assertEquals(rowCount, lake.table(Table.DATA_QUALITY)
        .where("as_of_date = DATE'" + D2 + "' AND check = 'row_count'").first().getAs("message"));
  }

  private static boolean exists(TestLake lake, Table table) {
    return DeltaTable.isDeltaTable(TestSpark.session(), lake.config.lake.path(table));
  }

  private static long version(TestLake lake, Table table) {
    return DeltaTable.forPath(TestSpark.session(), lake.config.lake.path(table)).history(1)
        .select("version").first().getLong(0);
  }
}
