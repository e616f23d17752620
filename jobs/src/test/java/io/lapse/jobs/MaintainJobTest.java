package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The maintain job compacts and vacuums every table, in each table's history, rows unchanged. */
class MaintainJobTest {

  private static final LocalDate D = LocalDate.parse("2025-06-30");

  private static Map<String, Object> conf() {
    return new HashMap<>(TestLake.csvInput(
        TestSpark.tempDir("maintain-in").resolve("transactions.csv"), null));
  }

  @Test
  void everyTableIsCompactedAndVacuumedWithItsRowsUnchanged() {
    SparkSession spark = TestSpark.session();
    TestLake lake = new TestLake(conf());
    DeltaTables delta = new DeltaTables(spark);
    // Five nightly reruns of one day: files of which only the last is live.
    for (int run = 0; run < 5; run++) {
      Dataset<Row> scores = spark.sql("SELECT DATE'2025-06-30' AS as_of_date, CONCAT('c', id)"
          + " AS customer_id, " + run + " / 10.0 AS p_disengage FROM range(3)");
      delta.publish(Table.SCORES, lake.config.lake.path(Table.SCORES), scores,
          "as_of_date = DATE'2025-06-30'", lake.config.maintenance.tableProperties(Table.SCORES));
    }
    // Three days appended as three files.
    for (int day = 1; day <= 3; day++) {
      delta.publish(Table.ACTIVITY_DAILY, lake.config.lake.path(Table.ACTIVITY_DAILY),
          spark.sql("SELECT DATE'2025-06-0" + day + "' AS activity_date, 'c1' AS customer_id,"
              + " 1L AS transactions, 5.0 AS amount"),
          "activity_date = DATE'2025-06-0" + day + "'",
          lake.config.maintenance.tableProperties(Table.ACTIVITY_DAILY));
    }
    List<Row> before = lake.table(Table.ACTIVITY_DAILY).orderBy("activity_date").collectAsList();

    assertEquals("interval 168 hours", properties(Table.ACTIVITY_DAILY, lake)
        .get("delta.deletedFileRetentionDuration"), "set when the table is created");
    // Retention changed since the tables were created: maintain sets it on each table.
    Map<String, Object> longer = conf();
    longer.put("lapse.maintenance.vacuum-retention-hours", 240);
    longer.put("lapse.maintenance.log-retention-days", 60);
    new TestLake(longer, lake.root).run("maintain", D);

    for (Table t : List.of(Table.SCORES, Table.ACTIVITY_DAILY)) {
      List<String> operations = DeltaTable.forPath(spark, lake.config.lake.path(t)).history()
          .orderBy("version").select("operation").collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      // The scores' merges leave one live file: nothing to compact, and OPTIMIZE commits nothing.
      assertEquals(t == Table.ACTIVITY_DAILY, operations.contains("OPTIMIZE"), t + ": "
          + operations);
      assertEquals("VACUUM END", operations.get(operations.size() - 1), t + ": " + operations);
    }
    Row detail = DeltaTable.forPath(spark, lake.config.lake.path(Table.ACTIVITY_DAILY)).detail()
        .first();
    assertEquals(1L, detail.<Long>getAs("numFiles"), "three daily files compacted into one");
    for (Table t : List.of(Table.SCORES, Table.ACTIVITY_DAILY)) {
      Map<String, String> properties = properties(t, lake);
      assertEquals("interval 240 hours", properties.get("delta.deletedFileRetentionDuration"));
      assertEquals("interval 60 days", properties.get("delta.logRetentionDuration"));
      assertEquals(t == Table.SCORES ? "true" : null,
          properties.get("delta.enableChangeDataFeed"), t.relativePath());
    }
    assertEquals(before, lake.table(Table.ACTIVITY_DAILY).orderBy("activity_date")
        .collectAsList());
    assertEquals(List.of(0.4, 0.4, 0.4), lake.table(Table.SCORES).orderBy("customer_id")
        .collectAsList().stream().map(r -> ((java.math.BigDecimal) r.getAs("p_disengage"))
            .doubleValue()).toList());
  }

  private static Map<String, String> properties(Table table, TestLake lake) {
    Row detail = DeltaTable.forPath(TestSpark.session(), lake.config.lake.path(table)).detail()
        .first();
    return detail.getJavaMap(detail.fieldIndex("properties"));
  }

  @Test
  void aLogRetentionShorterThanTheVacuumRetentionIsAStartUpProblem() {
    Map<String, Object> conf = conf();
    conf.put("lapse.maintenance.log-retention-days", 6);
    ConfigValidationException e = assertThrows(ConfigValidationException.class,
        () -> new TestLake(conf));
    assertEquals(List.of("lapse.maintenance: lapse.maintenance.log-retention-days must cover"
        + " lapse.maintenance.vacuum-retention-hours (168 hours) but was 6"), e.problems());
  }

  @Test
  void aRetentionBelowDeltasFloorIsAStartUpProblem() {
    Map<String, Object> conf = conf();
    conf.put("lapse.maintenance.vacuum-retention-hours", 24);
    ConfigValidationException e = assertThrows(ConfigValidationException.class,
        () -> new TestLake(conf));
    assertEquals(List.of("lapse.maintenance: lapse.maintenance.vacuum-retention-hours must be at"
        + " least 168 (a running reader or time travel may still need younger files) but was 24"),
        e.problems());
  }
}
