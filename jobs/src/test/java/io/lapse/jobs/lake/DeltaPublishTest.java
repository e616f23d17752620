package io.lapse.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.LakeLayout;
import io.lapse.jobs.config.MaintenanceSettings;
import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Publishing: change events only for changed rows, and the schema policy before any commit. */
class DeltaPublishTest {

  private static final LocalDate D = LocalDate.parse("2025-06-30");
  private static final MaintenanceSettings MAINTENANCE =
      new MaintenanceSettings(false, true, 168, 30);

  private static Dataset<Row> scores(String date, String rows) {
    return TestSpark.session().sql("SELECT DATE'" + date + "' AS as_of_date, customer_id,"
        + " p_alive, 'bgnbd-1' AS model_version FROM VALUES " + rows
        + " AS t(customer_id, p_alive)");
  }

  private static long version(String path) {
    return DeltaTable.forPath(TestSpark.session(), path).history(1).select("version").first()
        .getLong(0);
  }

  /** The change events of one version: "change_type customer_id p_alive", sorted. */
  private static List<String> changes(String path, long version) {
    return TestSpark.session().read().format("delta").option("readChangeFeed", "true")
        .option("startingVersion", version).option("endingVersion", version).load(path)
        .selectExpr("concat_ws(' ', _change_type, customer_id, p_alive)")
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  @Test
  void aRerunOfTheSameScoresRecordsNoChangeAndAChangedRunOnlyItsChanges() {
    DeltaTables delta = new DeltaTables(TestSpark.session());
    String path = TestSpark.tempDir("publish-cdf").resolve("scores").toString();
    String ofD = Outputs.asOfPredicate(D);
    delta.publish(Table.SCORES, path, scores("2025-06-29", "('a', 0.5D), ('b', 0.5D)"),
        Outputs.asOfPredicate(D.minusDays(1)), MAINTENANCE.tableProperties(Table.SCORES));
    delta.publish(Table.SCORES, path, scores("2025-06-30", "('a', 0.1D), ('b', 0.2D), ('c', 0.3D)"),
        ofD, MAINTENANCE.tableProperties(Table.SCORES));
    assertEquals(List.of("insert a 0.1", "insert b 0.2", "insert c 0.3"),
        changes(path, version(path)));

    delta.publish(Table.SCORES, path, scores("2025-06-30", "('a', 0.1D), ('b', 0.2D), ('c', 0.3D)"),
        ofD, MAINTENANCE.tableProperties(Table.SCORES));
    assertEquals(List.of(), changes(path, version(path)), "a rerun that changes nothing");

    delta.publish(Table.SCORES, path, scores("2025-06-30", "('a', 0.1D), ('b', 0.25D), ('d', 0.4D)"),
        ofD, MAINTENANCE.tableProperties(Table.SCORES));
    assertEquals(List.of("delete c 0.3", "insert d 0.4", "update_postimage b 0.25",
        "update_preimage b 0.2"), changes(path, version(path)));
    assertEquals(List.of("2025-06-29 a 0.5", "2025-06-29 b 0.5", "2025-06-30 a 0.1",
        "2025-06-30 b 0.25", "2025-06-30 d 0.4"), TestSpark.session().read().format("delta")
        .load(path).selectExpr("concat_ws(' ', as_of_date, customer_id, p_alive)")
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList(),
        "the other date untouched");
  }

  @Test
  void aScheduledRunThatBreaksASchemaPolicyPublishesNoTable() {
    SparkSession spark = TestSpark.session();
    LakeLayout lake = new LakeLayout(TestSpark.tempDir("publish-policy").toString());
    DeltaTables delta = new DeltaTables(spark);
    StagedOutputs first = new StagedOutputs(spark, delta, lake, MAINTENANCE, "first");
    first.writeAsOf(Table.SEGMENT_POLICIES, spark.sql("SELECT DATE'2025-06-30' AS as_of_date,"
        + " 'ALL' AS segment, 3.0D AS t_star"), D);
    first.writeAsOf(Table.SCORES, scores("2025-06-30", "('a', 0.1D)"), D);
    first.publish();
    long policies = version(lake.path(Table.SEGMENT_POLICIES));
    long scores = version(lake.path(Table.SCORES));

    StagedOutputs second = new StagedOutputs(spark, delta, lake, MAINTENANCE, "second");
    second.writeAsOf(Table.SEGMENT_POLICIES, spark.sql("SELECT DATE'2025-06-30' AS as_of_date,"
        + " 'ALL' AS segment, 4.0D AS t_star, 1.0D AS t_star_low"), D);
    second.writeAsOf(Table.SCORES, spark.sql("SELECT DATE'2025-06-30' AS as_of_date,"
        + " 'a' AS customer_id, '0.2' AS p_alive"), D);
    SchemaPolicyException e = assertThrows(SchemaPolicyException.class, second::publish);
    assertEquals("cannot publish 07_model_output/scores: column p_alive is double in the table"
        + " but string in the rows written: retyped; column model_version (string) is in the"
        + " table but not in the rows written: dropped or renamed. A table's columns may only be"
        + " added to; to drop, rename or retype one on purpose, rewrite the table first (README,"
        + " \"Schema policy\"). Nothing of this run was published.", e.getMessage());
    assertEquals(policies, version(lake.path(Table.SEGMENT_POLICIES)),
        "segment_policies, whose rows were fine, is not published either");
    assertEquals(scores, version(lake.path(Table.SCORES)));
    assertTrue(delta.read(lake.path(Table.SEGMENT_POLICIES)).where("t_star = 3.0").count() == 1);
  }
}
