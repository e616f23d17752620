package io.lapse.benchmarks.reengagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaign history through the jobs, end to end: three weekly nightlies of the closed loop at a
 * small scale (a tenth of the benchmark's customers). lapse assigns arms, the simulated CRM sends
 * what reengagement_actions lists and reports it back as campaign contacts, customers respond,
 * and the next nightlies measure the uplift from both. The benchmark's results are not asserted
 * here (too few weeks); the plumbing is.
 */
class ReengagementLoopTest {

  static Path work;
  static Path lake;

  @BeforeAll
  static void runTheLoop() throws Exception {
    work = TestSpark.tempDir("reengagement-loop");
    int code = ReengagementLoop.run("--runs", "3", "--scale", "0.1", "--burn-in-days", "35",
        "--config", Path.of("reengagement/lapse-reengagement.conf").toAbsolutePath().toString(),
        "--out", work.resolve("loop.md").toString(), "--work", work.toString());
    assertEquals(0, code);
    lake = work.resolve("lake");
  }

  @AfterAll
  static void clearOverrides() {
    for (String key : List.of("lapse.lake.root", "lapse.input.transactions.path",
        "lapse.input.customers.path", "lapse.input.campaign-contacts.path")) {
      System.clearProperty(key);
    }
    com.typesafe.config.ConfigFactory.invalidateCaches();
  }

  static Dataset<Row> table(String path) {
    return TestSpark.session().read().format("delta").load(lake.resolve(path).toString());
  }

  @Test
  void crmOnlyEverContactsTreatedSpellsAndTheirOutcomesAreMeasured() throws Exception {
    SparkSession spark = TestSpark.session();
    Dataset<Row> assignments = table("07_model_output/reengagement_assignments").cache();
    long all = assignments.count();
    long control = assignments.where("arm = 'control'").count();
    assertTrue(all > 500, "assignments: " + all);
    ReengagementExperimentShare.assertShare(0.25, control, all);

    // What the CRM reported sending (a contact per customer, day and action) matched treated
    // assignments of the same spell, never a control one.
    Dataset<Row> contacts = spark.read().option("header", "true")
        .csv(work.resolve("input/campaign_contacts.csv").toString())
        .selectExpr("customer_id", "action", "to_date(contact_ts) AS day");
    assertTrue(contacts.count() > 0);
    Dataset<Row> matched = contacts.join(assignments.selectExpr("customer_id", "action", "arm",
            "spell_start", "planned_date"),
        new String[] {"customer_id", "action"})
        .where("day > spell_start AND day <= date_add(planned_date, 1)");
    assertEquals(0L, matched.where("arm = 'control'").count(), "control is never contacted");
    assertEquals(contacts.count(), matched.where("arm = 'treated'").count(),
        "every contact carries out one treated assignment");

    // The last night measured both arms of the first night's assignments.
    Dataset<Row> uplift = table("08_reporting/reengagement_uplift");
    Row last = uplift.selectExpr("max(as_of_date)").first();
    Dataset<Row> night = uplift.where(uplift.col("as_of_date").equalTo(last.get(0)))
        .where("segment IN ('fast', 'slow') AND preference_group = 'all'");
    Dataset<Row> measured = night.where("unit = 'days'");
    Row sums = measured.selectExpr("sum(treated)", "sum(control)", "sum(treated_responses)")
        .first();
    assertTrue(sums.getLong(0) > 0 && sums.getLong(1) > 0 && sums.getLong(2) > 0,
        "treated, control and responses measured: " + sums);
    assertTrue(sums.getLong(0) + sums.getLong(1) <= all);
    assertEquals(measured.count(), measured.select("segment", "action", "bucket").distinct()
        .count(), "one row per segment, action and bucket");
    // The same contacts bucketed in latencies: those of customers with a latency.
    Row inLatencies = night.where("unit = 'latency'").selectExpr("sum(treated) + sum(control)")
        .first();
    assertTrue(inLatencies.isNullAt(0)
        || inLatencies.getLong(0) <= sums.getLong(0) + sums.getLong(1), "latency buckets");
    String report = Files.readString(work.resolve("loop.md"));
    assertTrue(report.contains("| fast |") && report.contains("oracle t*"), report);
  }

  /** The binomial bound of the models' experiment test, for the share of the arms here. */
  static final class ReengagementExperimentShare {
    static void assertShare(double expected, long hits, long n) {
      double se = Math.sqrt(expected * (1 - expected) / n);
      double share = hits / (double) n;
      assertTrue(Math.abs(share - expected) <= 5 * se,
          "control share " + share + " vs " + expected + " +- " + 5 * se);
    }
  }
}
