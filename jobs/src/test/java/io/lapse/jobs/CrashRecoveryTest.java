package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.GenerateSettings;
import io.lapse.jobs.lake.Table;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.testing.TestSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills real nightly runs (separate JVMs, SIGKILL) at several points: every table stays readable,
 * tables are untouched until the publish stage, and the next run completes with the same tables
 * as runs that were never interrupted. The runs also carry a secret from the environment, which
 * must never reach their logs.
 */
class CrashRecoveryTest {

  private static final LocalDate D1 = LocalDate.parse("2024-05-31");
  private static final LocalDate D2 = LocalDate.parse("2024-06-30");
  private static final String SECRET = "s3cr3t-" + Long.toHexString(System.nanoTime());
  private static final List<Table> TABLES = List.of(Table.RAW_TRANSACTIONS, Table.QUARANTINE,
      Table.INGEST_RUNS, Table.ACTIVITY_DAILY, Table.FEATURES, Table.SEGMENT_MODELS, Table.SCORES);

  @Test
  void killedRunsLeaveReadableTablesAndTheNextRunCompletes() throws Exception {
    GenerateSettings settings = new GenerateSettings("unused", 300, 3L,
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"), D2, List.of(
            new GenerateSettings.Segment("web", 1.0, new BgNbdParams(0.6, 3, 0.8, 2.5), 6, 4, 15)));
    Path input = GenerateJob.run(settings, TestSpark.tempDir("crash-input")).transactions();
    TestLake lake = new TestLake(inputWithoutOnsetModels(input));
    lake.nightly(D1);
    // The uninterrupted runs start from the same lake as of D1: a copy, not a second run. The
    // copy is faithful only while D1 has no model registry: model_runs holds absolute artifact
    // paths, which would send the copy to the original's artifacts.
    assertFalse(DeltaTable.isDeltaTable(TestSpark.session(),
        lake.config.lake.path(Table.MODEL_RUNS)), "D1 registered models: copy them with the lake");
    TestLake reference = new TestLake(inputWithoutOnsetModels(input),
        TestLake.copyRecursively(lake.root, TestSpark.tempDir("crash-reference")));
    Path config = writeConfig(lake, input);

    List<String> logs = new ArrayList<>();
    // Mid-run (ingest and features staged, nothing published) and mid-publish (some tables
    // committed, others not).
    for (String killAt : List.of("stage train started", "published ")) {
      Map<Table, Long> before = versions(lake);
      boolean killed = runChild(config, killAt, logs);
      assertTrue(killed, "the run ended before reaching '" + killAt + "'");
      Map<Table, Long> after = versions(lake); // every table still readable
      if (!killAt.equals("published ")) {
        assertEquals(before, after, "a run killed at '" + killAt + "' changed a table");
      }
    }
    // The run after the crashes, in this JVM: a cold JVM costs about twice as much, and the
    // recovery (the dead run's lock, its staged leftovers) is the same code either way.
    lake.nightly(D2);

    reference.nightly(D2);
    for (Table table : TABLES) {
      assertTrue(TestLake.sameRows(reference.table(table), lake.table(table)),
          table + " differs from runs that were never interrupted");
    }
    String all = String.join("\n", logs);
    assertTrue(all.contains("stage publish started"), "the child logs were captured");
    assertFalse(all.contains(SECRET), "a configured secret reached the logs");
  }

  /**
   * What is at stake is staging and publishing, the same for every table: the onset models, which
   * are most of train's time and add no table the check compares: they are off.
   */
  private static Map<String, Object> inputWithoutOnsetModels(Path input) {
    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(input, null));
    conf.put("lapse.models.onset.enabled", false);
    return conf;
  }

  private static Path writeConfig(TestLake lake, Path input) throws Exception {
    Path dir = TestSpark.tempDir("crash-conf");
    Path config = dir.resolve("crash.conf");
    Files.writeString(config, String.join("\n",
        "lapse.spark.master = \"local[2]\"",
        "lapse.spark.shuffle-partitions = 2",
        "lapse.spark.conf { \"spark.ui.enabled\" = \"false\", \"spark.driver.host\" = \"127.0.0.1\",",
        "  \"spark.driver.bindAddress\" = \"127.0.0.1\",",
        // As in TestSpark. Delta's default, 50 tasks per table state, gave this lake's ingest
        // 402 tasks (66 with 2).
        "  \"spark.databricks.delta.snapshotPartitions\" = \"2\",",
        "  \"spark.hadoop.fs.s3a.secret.key\" = ${?LAPSE_TEST_SECRET} }",
        "lapse.lake.root = \"" + lake.root + "\"",
        "lapse.input.transactions.path = \"" + input + "\"",
        "lapse.input.transactions.columns.order-id = \"order_id\"",
        "lapse.report.enabled = false", "lapse.models.onset.enabled = false", ""));
    // Everything at INFO, Spark included, so that a leaked secret would show.
    Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = info", "rootLogger.appenderRef.stdout.ref = console",
        "appender.console.type = Console", "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %p %c{1}: %m%n", ""));
    return config;
  }

  /**
   * Runs nightly for D2 in a new JVM; with a marker, kills it (SIGKILL) when its log shows the
   * marker. Returns whether it was killed; a run left to finish must exit 0.
   */
  private static boolean runChild(Path config, String killAt, List<String> logs)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.")
          || arg.startsWith("-Dio.netty")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile="
            + config.resolveSibling("log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), "io.lapse.jobs.Lapse", "nightly",
        "--as-of", D2.toString(), "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("LAPSE_TEST_SECRET", SECRET);
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    boolean killed = false;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        logs.add(line);
        if (killAt != null && line.contains(killAt)
            && (!killAt.equals("published ") || logs.stream().anyMatch(
                l -> l.contains("stage publish started")))) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
          killed = true;
          break;
        }
      }
    }
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child run hung");
    if (!killed) {
      assertEquals(0, child.exitValue(), "the run failed:\n" + String.join("\n",
          logs.subList(Math.max(0, logs.size() - 40), logs.size())));
    }
    return killed;
  }

  private static Map<Table, Long> versions(TestLake lake) {
    Map<Table, Long> v = new HashMap<>();
    for (Table t : TABLES) {
      DeltaTable table = DeltaTable.forPath(TestSpark.session(), lake.config.lake.path(t));
      table.toDF().count(); // readable
      v.put(t, table.history(1).select("version").first().getLong(0));
    }
    return v;
  }
}
