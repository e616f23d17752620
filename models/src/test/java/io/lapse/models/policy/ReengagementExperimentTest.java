package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.input.InputSchemaException;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReengagementExperimentTest {

  static final LocalDate D = LocalDate.of(2025, 6, 30);
  static final StructType DUE = new StructType()
      .add("as_of_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
      .add("segment", DataTypes.StringType).add("policy_segment", DataTypes.StringType)
      .add("policy_unit", DataTypes.StringType).add("action", DataTypes.StringType)
      .add("rung", DataTypes.IntegerType).add("due_date", DataTypes.DateType)
      .add("days_inactive_at_due", DataTypes.IntegerType)
      .add("expected_value", DataTypes.DoubleType).add("latency_days", DataTypes.DoubleType)
      .add("preference_group", DataTypes.StringType);
  static final StructType DAILY = new StructType()
      .add("customer_id", DataTypes.StringType).add("activity_date", DataTypes.DateType)
      .add("actions", DataTypes.LongType);

  /** Five standard errors of a binomial share: a correct draw fails this once in 1.7 million. */
  static void assertShare(double expected, long hits, long n, String what) {
    double se = Math.sqrt(expected * (1 - expected) / n);
    double share = hits / (double) n;
    assertTrue(Math.abs(share - expected) <= 5 * se,
        what + ": share " + share + " vs " + expected + " +- " + 5 * se);
  }

  @Test
  void drawIsDeterministicUniformAndSeparatesItsParts() {
    double a = ReengagementExperiment.draw("exp", "c1", "2025-06-01", "email");
    assertEquals(a, ReengagementExperiment.draw("exp", "c1", "2025-06-01", "email"));
    assertNotEquals(a, ReengagementExperiment.draw("exp2", "c1", "2025-06-01", "email"));
    assertNotEquals(a, ReengagementExperiment.draw("exp", "c1", "2025-06-02", "email"));
    assertNotEquals(ReengagementExperiment.draw("ab", "c", "2025-06-01", "email"),
        ReengagementExperiment.draw("a", "bc", "2025-06-01", "email"));

    // Sequential ids (the worst case for a weak hash): every decile holds a tenth.
    int n = 100_000;
    long[] deciles = new long[10];
    for (int i = 0; i < n; i++) {
      double u = ReengagementExperiment.draw("reengagement", "C" + i, "2025-06-01", "email");
      assertTrue(u >= 0 && u < 1, "draw in [0, 1): " + u);
      deciles[(int) (u * 10)]++;
    }
    for (int d = 0; d < 10; d++) {
      assertShare(0.1, deciles[d], n, "decile " + d);
    }
  }

  static Dataset<Row> due(int customers, String action, LocalDate dueDate, int daysInactive) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      rows.add(RowFactory.create(Date.valueOf(D), "c" + i, "web", "web", "days", action, 1,
          Date.valueOf(dueDate), daysInactive, 1.5, null, null));
    }
    return TestSpark.session().createDataFrame(rows, DUE);
  }

  static Map<String, String> arms(Dataset<Row> assignments) {
    Map<String, String> m = new TreeMap<>();
    assignments.select("customer_id", "action", "arm").collectAsList()
        .forEach(r -> m.put(r.getString(0) + "/" + r.getString(1), r.getString(2)));
    return m;
  }

  @Test
  void assignmentIsBalancedStableAndControlIsNeverSent() {
    ExperimentSpec spec = new ExperimentSpec("reengagement", 0.2);
    Dataset<Row> due = due(20_000, "email", D.plusDays(3), 10).cache();
    ReengagementExperiment.Assigned first = ReengagementExperiment.assign(due, Optional.empty(),
        spec, D);
    Dataset<Row> assignments = first.assignments().cache();
    assertEquals(ReengagementExperiment.ASSIGNMENT_COLUMNS, List.of(assignments.columns()));
    assertEquals(20_000L, assignments.count());
    long control = assignments.where("arm = 'control'").count();
    assertShare(0.2, control, 20_000, "control share");
    assertEquals(20_000L - control, first.treatedActions().count());
    assertEquals(CustomerActions.ACTION_COLUMNS, List.of(first.treatedActions().columns()));
    assertEquals(0L, first.treatedActions().join(
        assignments.where("arm = 'control'"), "customer_id").count(), "control never sent");
    assertEquals(control, first.heldOut().count());
    Row one = assignments.where("customer_id = 'c7'").first();
    assertEquals(Date.valueOf(D.plusDays(3).minusDays(10)), one.getAs("spell_start"));
    assertEquals(Date.valueOf(D.plusDays(3)), one.getAs("planned_date"));
    assertEquals(ReengagementExperiment.draw("reengagement", "c7",
        D.plusDays(3).minusDays(10).toString(), "email"), (double) one.getAs("arm_draw"));

    // The next night the same actions are still due (a day closer): same arms, none assigned
    // again; a rerun of the first night, which sees its own rows, assigns them all again.
    Dataset<Row> nextDue = due(20_000, "email", D.plusDays(3), 10)
        .withColumn("as_of_date", org.apache.spark.sql.functions.lit(Date.valueOf(D.plusDays(1))));
    ReengagementExperiment.Assigned next = ReengagementExperiment.assign(nextDue,
        Optional.of(assignments), spec, D.plusDays(1));
    assertEquals(0L, next.assignments().count());
    assertEquals(first.treatedActions().count(), next.treatedActions().count());
    ReengagementExperiment.Assigned rerun = ReengagementExperiment.assign(due,
        Optional.of(assignments), spec, D);
    assertEquals(arms(assignments), arms(rerun.assignments()));

    // When the arms or the policy move, a spell already planned keeps its date: the action
    // planned for D + 3 is not listed again for D + 5 (no action twice in a spell).
    Dataset<Row> moved = due(20_000, "email", D.plusDays(5), 12)
        .withColumn("as_of_date", org.apache.spark.sql.functions.lit(Date.valueOf(D.plusDays(1))));
    ReengagementExperiment.Assigned later = ReengagementExperiment.assign(moved,
        Optional.of(assignments), spec, D.plusDays(1));
    assertEquals(0L, later.treatedActions().count());
    assertEquals(0L, later.assignments().count());
    assertEquals(20_000L, later.plannedEarlier().count());
    assertEquals(0L, later.heldOut().count());

    // Another action of the same spells is drawn on its own.
    Map<String, String> coupon = arms(ReengagementExperiment.assign(
        due(20_000, "coupon", D.plusDays(3), 10), Optional.empty(), spec, D).assignments());
    long bothControl = arms(assignments).entrySet().stream()
        .filter(e -> e.getValue().equals("control")
            && coupon.get(e.getKey().replace("/email", "/coupon")).equals("control"))
        .count();
    assertShare(0.04, bothControl, 20_000, "control for both actions");
  }

  @Test
  void heldOutCustomersAreNotDueInScores() {
    StructType customers = new StructType();
    for (String c : CustomerActions.CUSTOMER_COLUMNS) {
      customers = customers.add(c, c.equals(CustomerActions.AS_OF_DATE) ? DataTypes.DateType
          : c.equals(CustomerActions.NEXT_ACTION_DUE_DATE) ? DataTypes.DateType
          : c.equals(CustomerActions.NEXT_ACTION_RUNG)
              || c.equals(CustomerActions.NEXT_ACTION_DAYS_INACTIVE) ? DataTypes.IntegerType
          : c.equals(CustomerActions.NEXT_ACTION_EXPECTED_VALUE) ? DataTypes.DoubleType
          : DataTypes.StringType);
    }
    Date d = Date.valueOf(D);
    Dataset<Row> plans = TestSpark.session().createDataFrame(List.of(
        RowFactory.create(d, "a", "web", "web", "days", "email", 1, d, 5, 1.0, "due"),
        RowFactory.create(d, "b", "web", "web", "days", "email", 1, d, 5, 1.0, "due"),
        RowFactory.create(d, "c", "web", "web", "days", "coupon", 2, d, 30, 1.0,
            "not_yet_due")), customers);
    StructType pairs = new StructType().add("customer_id", DataTypes.StringType)
        .add("action", DataTypes.StringType);
    Dataset<Row> heldOut = TestSpark.session().createDataFrame(List.of(
        RowFactory.create("b", "email"), RowFactory.create("c", "email")), pairs);
    Dataset<Row> planned = TestSpark.session().createDataFrame(List.of(
        RowFactory.create("a", "coupon")), pairs);
    Map<String, String> reasons = new TreeMap<>();
    Dataset<Row> out = ReengagementExperiment.onCustomers(plans,
        new ReengagementExperiment.Assigned(null, null, heldOut, planned));
    assertEquals(CustomerActions.CUSTOMER_COLUMNS, List.of(out.columns()));
    out.collectAsList().forEach(r -> reasons.put(r.getAs("customer_id"),
        r.getAs(CustomerActions.REASON)));
    assertEquals(Map.of("a", "due", "b", "held_out", "c", "not_yet_due"), reasons);
  }

  /**
   * Hand-computed: six assignments of spells that started on June 1, planned June 10, response
   * window 14 days. t1 came back on June 5 (before the contact: not exposed, in neither arm),
   * t2 came back on June 10 and t3 on June 23 (responses), t4 not at all; of the control, k1
   * came back on June 12, k2 on June 24 (outside the window), k3 not at all. Treated 2/3,
   * control 1/3: uplift 1/3, in bucket 1 (9 days inactive, buckets of 7 days).
   */
  @Test
  void upliftOfExposedAssignmentsMatchesAHandComputedExample() {
    LocalDate start = LocalDate.of(2025, 6, 1);
    LocalDate planned = LocalDate.of(2025, 6, 10);
    List<Row> rows = new ArrayList<>();
    Map<String, String> arms = Map.of("t1", "treated", "t2", "treated", "t3", "treated",
        "t4", "treated", "k1", "control", "k2", "control", "k3", "control");
    // Planned with a latency of 6 days (9 days = 1.5 latencies), except k3, planned without one.
    arms.forEach((customer, arm) -> rows.add(RowFactory.create(Date.valueOf(start.plusDays(20)),
        "reengagement", customer, Date.valueOf(start), "web", "web", "days", "email", 1, arm,
        0.5, Date.valueOf(planned), 9, customer.equals("k3") ? null : 6.0,
        List.of("t2", "t3", "k1").contains(customer) ? "sharer" : null)));
    StructType schema = new StructType();
    for (String c : ReengagementExperiment.ASSIGNMENT_COLUMNS) {
      schema = schema.add(c, switch (c) {
        case "as_of_date", "spell_start", "planned_date" -> DataTypes.DateType;
        case "rung", "days_inactive_at_planned" -> DataTypes.IntegerType;
        case "arm_draw", "latency_days" -> DataTypes.DoubleType;
        default -> DataTypes.StringType;
      });
    }
    Dataset<Row> assignments = TestSpark.session().createDataFrame(rows, schema);
    List<Row> days = new ArrayList<>();
    for (String c : arms.keySet()) {
      days.add(RowFactory.create(c, Date.valueOf(start), 1L));
    }
    days.add(RowFactory.create("t1", Date.valueOf(LocalDate.of(2025, 6, 5)), 2L));
    days.add(RowFactory.create("t2", Date.valueOf(planned), 1L));
    days.add(RowFactory.create("t3", Date.valueOf(LocalDate.of(2025, 6, 23)), 1L));
    days.add(RowFactory.create("k1", Date.valueOf(LocalDate.of(2025, 6, 12)), 1L));
    days.add(RowFactory.create("k2", Date.valueOf(LocalDate.of(2025, 6, 24)), 1L));
    days.add(RowFactory.create("k3", Date.valueOf(LocalDate.of(2025, 6, 9)), 0L));
    Dataset<Row> daily = TestSpark.session().createDataFrame(days, DAILY);

    Dataset<Row> contacts = ReengagementExperiment.exposedContacts(assignments, daily);
    assertEquals(6L, contacts.count(), "t1 came back before the contact");
    // Tonight's latencies: 4 days for everyone; only k3's contact has none of its own.
    Dataset<Row> segments = assignments.selectExpr("customer_id", "segment",
        "4.0 AS latency_days");
    CampaignUplift uplift = CampaignUplift.estimate(contacts, daily, segments, D,
        new CampaignUpliftSpec(7, 14, 3, 0.5));
    UpliftBucket b = uplift.buckets("web", "email").get(0);
    assertEquals(1, b.bucket());
    assertEquals(List.of(3L, 3L, 2L, 1L),
        List.of(b.treated(), b.control(), b.treatedResponses(), b.controlResponses()));
    assertEquals(1.0 / 3, b.rawUplift(), 1e-12);

    // In latency units: t2, t3, t4, k1, k2 at 9 / 6 = 1.5 latencies (bucket [1.5, 2.0)); k3 at
    // 9 / 4 = 2.25 (bucket [2.0, 2.5)). Treated 2 of 3 respond, control k1 of k1 and k2.
    List<UpliftBucket> inLatency = uplift.buckets("web", "email", TimingUnit.LATENCY);
    assertEquals(List.of(3, 4), inLatency.stream().map(UpliftBucket::bucket).toList());
    UpliftBucket l = inLatency.get(0);
    assertEquals(List.of(1.5, 2.0), List.of(l.from(), l.to()));
    assertEquals(List.of(3L, 2L, 2L, 1L),
        List.of(l.treated(), l.control(), l.treatedResponses(), l.controlResponses()));
    assertEquals(2.0 / 3 - 1.0 / 2, l.rawUplift(), 1e-12);
    assertEquals(List.of(0L, 1L, 0L, 0L), List.of(inLatency.get(1).treated(),
        inLatency.get(1).control(), inLatency.get(1).treatedResponses(),
        inLatency.get(1).controlResponses()));

    // The sharers t2, t3 (both respond) and k1 (responds) are also measured apart.
    UpliftBucket sharers = uplift.buckets("web", "email", TimingUnit.DAYS, "sharer").get(0);
    assertEquals(List.of(1, 2, 1, 2, 1), List.of(sharers.bucket(), (int) sharers.treated(),
        (int) sharers.control(), (int) sharers.treatedResponses(),
        (int) sharers.controlResponses()));

    Row report = UpliftReport.toDataFrame(TestSpark.session(), D, uplift.buckets())
        .where("segment = 'web' AND unit = 'days' AND preference_group = 'all'").first();
    assertEquals(7.0, (double) report.getAs("bucket_from"));
    double[] ci = b.interval(UpliftReport.Z);
    assertEquals(1.0 / 3, (double) report.getAs("uplift"), 1e-12);
    assertEquals(ci[0], (double) report.getAs("uplift_low"), 1e-12);
    assertEquals(ci[1], (double) report.getAs("uplift_high"), 1e-12);
    assertTrue((boolean) report.getAs("replaces_prior"));
  }

  /** Newcombe (1998), Table II, method 10, examples (a) to (d), published to 4 decimals. */
  @Test
  void intervalMatchesNewcombesPublishedExamples() {
    double[][] cases = {{56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090},
        {6, 7, 2, 7, 0.0582, 0.8062}, {5, 56, 0, 29, -0.0381, 0.1926}};
    for (double[] c : cases) {
      UpliftBucket b = new UpliftBucket("s", "email", 0, 0, 7, (long) c[1], (long) c[3],
          (long) c[0], (long) c[2], Double.NaN, c[0] / c[1] - c[2] / c[3], Double.NaN, true);
      double[] ci = b.interval(UpliftReport.Z);
      assertEquals(c[4], ci[0], 5e-5, "low of " + List.of(c[0], c[1], c[2], c[3]));
      assertEquals(c[5], ci[1], 5e-5, "high of " + List.of(c[0], c[1], c[2], c[3]));
    }
  }

  @Test
  void rejectsBadSpecsAndInputsNamingThem() {
    assertEquals("policy experiment control-share must be in [0, 1) but was 1.0",
        assertThrows(IllegalArgumentException.class,
            () -> new ExperimentSpec("x", 1.0)).getMessage());
    assertEquals("policy experiment id must not be blank",
        assertThrows(IllegalArgumentException.class,
            () -> new ExperimentSpec(" ", 0.1)).getMessage());
    Dataset<Row> noAction = due(3, "email", D, 4).drop("action");
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> ReengagementExperiment.assign(noAction, Optional.empty(),
            ExperimentSpec.defaults(), D));
    assertTrue(e.getMessage().contains("due actions") && e.getMessage().contains("action"),
        e.getMessage());
  }
}
