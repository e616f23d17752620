package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The policy stage through the jobs: segment policies, next actions in scores, the due actions
 * CRM loads (with Change Data Feed) and the CSV export. The policy's arithmetic is checked against
 * analytic optima in the models module (PolicyOptimizerTest, CampaignUpliftTest).
 */
class PolicyPipelineTest {

  private static final LocalDate D = LocalDate.parse("2024-09-30");

  @Test
  void nightlyWritesPoliciesDueActionsAndAnExportCrmCanLoad() throws Exception {
    ClickstreamFixture input = new ClickstreamFixture("policy-input", 150);
    Map<String, Object> conf = input.config(input.events);
    conf.put("lapse.models.onset.enabled", false);
    conf.put("lapse.policy.bootstrap.replicates", 50);
    Path exports = TestSpark.tempDir("exports");
    conf.put("lapse.export.path", exports.toString());
    TestLake lake = new TestLake(conf);
    lake.nightly(D);
    assertFalse(Files.exists(Path.of(lake.config.lake.path(Table.TRAINING_EXAMPLES))),
        "with the onset models off, features computes no training snapshots");

    Row all = lake.table(Table.SEGMENT_POLICIES).where("segment = 'ALL' AND timing_unit = 'days'").first();
    assertTrue(!(boolean) all.getAs("no_action"), "an e-mail costing 0.1 pays on this data");
    double tStar = all.getAs("t_star");
    assertTrue((double) all.getAs("t_star_low") <= tStar
        && tStar <= (double) all.getAs("t_star_high"), "t* lies in its interval");
    List<Row> ladder = all.getList(all.fieldIndex("ladder"));
    assertEquals(ladder.size(), ladder.stream().map(r -> r.getString(1)).distinct().count(),
        "no action twice in a ladder");

    Dataset<Row> scores = lake.table(Table.SCORES);
    assertEquals(0L, scores.where("engagement_recency_days = 0 AND next_action_reason <> 'active'")
        .count(), "a customer engaged on D is never due");
    Dataset<Row> due = lake.table(Table.REENGAGEMENT_ACTIONS);
    assertTrue(due.count() > 0);
    assertEquals(due.count(), due.select("customer_id", "action").distinct().count(),
        "no customer gets the same action twice");
    assertEquals(0L, due.join(scores.where("engagement_recency_days = 0"), "customer_id").count());
    assertEquals(0L, due.where("due_date < as_of_date OR due_date > date_add(as_of_date, 7)")
        .count());
    // lapse's holdout: every due action has an arm, control actions are recorded and not sent,
    // and a customer whose next action is held out is not 'due' in scores either.
    Dataset<Row> arms = lake.table(Table.REENGAGEMENT_ASSIGNMENTS);
    assertTrue(arms.where("arm = 'control'").count() > 0, "10% of the due actions are control");
    assertEquals(arms.where("arm = 'treated'").count(), due.count());
    assertEquals(0L, due.join(arms.where("arm = 'control'"), new String[] {"customer_id",
        "action"}).count(), "control actions are never in reengagement_actions");
    assertEquals(scores.where("next_action_reason IN ('due', 'held_out')").count(),
        arms.select("customer_id").distinct().count());
    assertEquals(0L, scores.where("next_action_reason = 'due'").join(
        arms.where("arm = 'control'").withColumnRenamed("action", "next_action"),
        new String[] {"customer_id", "next_action"}).count());
    // Timing in personal latency by default: customers with a latency follow the latency ladder.
    assertTrue(scores.where("engagement_latency_days > 0 AND next_action IS NOT NULL"
        + " AND policy_unit = 'latency'").count() > 0);
    assertEquals(0L, scores.where("engagement_latency_days IS NULL AND policy_unit = 'latency'")
        .count());
    // Rewards: recognition and early access are not default kinds; only preference groups get
    // them, from ladders of their own.
    assertEquals(0L, due.where("action IN ('recognition', 'early_access')"
        + " AND preference_group IS NULL").count());
    for (Row p : lake.table(Table.SEGMENT_POLICIES).collectAsList()) {
      List<Row> rungs = p.getList(p.fieldIndex("ladder"));
      assertTrue(rungs.stream().noneMatch(r -> List.of("recognition", "early_access")
          .contains(r.getString(1))), "default ladder of " + p.getString(1));
      assertTrue(!p.getList(p.fieldIndex("preference_ladders")).isEmpty()
          || (boolean) p.getAs("no_action"), "group ladders of " + p.getString(1));
    }
    assertTrue(lake.table(Table.REENGAGEMENT_UPLIFT).columns().length > 0,
        "the uplift report exists (empty: no response window has ended yet)");

    // A rerun of the policy draws the same arms and sends the same actions.
    List<Row> armsBefore = arms.orderBy("customer_id", "action").collectAsList();
    List<Row> dueBefore = due.orderBy("customer_id", "action").collectAsList();
    lake.run("policy", D);
    assertEquals(armsBefore, lake.table(Table.REENGAGEMENT_ASSIGNMENTS)
        .orderBy("customer_id", "action").collectAsList());
    assertEquals(dueBefore, lake.table(Table.REENGAGEMENT_ACTIONS)
        .orderBy("customer_id", "action").collectAsList());

    for (Table t : List.of(Table.SCORES, Table.REENGAGEMENT_ACTIONS)) {
      long changes = TestSpark.session().read().format("delta")
          .option("readChangeFeed", "true").option("startingVersion", 0)
          .load(lake.config.lake.path(t)).count();
      assertTrue(changes > 0, "change data feed of " + t);
    }

    lake.run("export", D);
    Path csv = exports.resolve("reengagement_actions_" + D + ".csv");
    assertEquals(due.count() + 1, Files.readAllLines(csv).size(), "header plus one line per action");

    // Timing in days for everyone: one policy per segment, every customer planned in days; the
    // rules above still hold.
    Map<String, Object> days = input.config(input.events);
    days.putAll(conf);
    days.put("lapse.policy.timing-unit", "days");
    TestLake byDays = new TestLake(days, lake.root);
    byDays.run("policy", D);
    assertEquals(1L, byDays.table(Table.SEGMENT_POLICIES).where("segment = 'ALL'").count());
    Dataset<Row> dayScores = byDays.table(Table.SCORES);
    assertEquals(0L, dayScores.where("policy_unit = 'latency'").count());
    assertTrue(dayScores.where("next_action IS NOT NULL").count() > 0);
    Dataset<Row> dayDue = byDays.table(Table.REENGAGEMENT_ACTIONS);
    assertEquals(dayDue.count(), dayDue.select("customer_id", "action").distinct().count());
    assertEquals(0L, dayScores.where("engagement_recency_days = 0"
        + " AND next_action_reason <> 'active'").count());
  }
}
