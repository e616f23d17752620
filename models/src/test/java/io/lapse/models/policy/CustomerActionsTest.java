package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.input.InputSchemaException;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerActionsTest {

  static final LocalDate D = LocalDate.of(2025, 6, 30);

  static Rung rung(int k, String action, double t, double valueIfActed) {
    return new Rung(k, action, t, 1.0, 0.1, UpliftModel.PRIOR, 1.0, 0.5, valueIfActed);
  }

  static SegmentPolicy policy(String segment, TimingUnit unit, Rung... rungs) {
    return new SegmentPolicy(segment, unit, 50, 100, 0.3, new double[0], new double[0], List.of(),
        List.of(rungs), UpliftModel.PRIOR, null);
  }

  /** email at 10 days, coupon at 14, double coupon at 45. */
  static final List<SegmentPolicy> POLICIES = List.of(
      policy("S1", TimingUnit.DAYS, rung(1, "email", 10, 2.4), rung(2, "coupon", 14, 5.0),
          rung(3, "double_coupon", 45, 3.0)),
      policy("S_none", TimingUnit.DAYS),
      policy("ALL", TimingUnit.DAYS, rung(1, "email", 5, 1.0)),
      policy("S_lat", TimingUnit.LATENCY, rung(1, "email", 2, 2.0)),
      policy("S_lat", TimingUnit.DAYS, rung(1, "email", 10, 2.0)));

  @Test
  void reasonsDueDatesAndDueActions() {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("segment", DataTypes.StringType).add("recency_days", DataTypes.IntegerType)
        .add("latency_median_days", DataTypes.DoubleType);
    List<Row> rows = List.of(
        RowFactory.create("active", "S1", 0, 5.0),
        // Was away 14 days until yesterday (coupon due today in that spell); engaged today.
        RowFactory.create("back_today", "S1", 0, null),
        // Came back 2 days ago after 40 days away (double coupon would be due in 3 days).
        RowFactory.create("back_2d", "S1", 2, null),
        RowFactory.create("due_7", "S1", 3, null),
        RowFactory.create("two_due", "S1", 9, null),
        RowFactory.create("passed", "S1", 20, null),
        RowFactory.create("today", "S1", 45, null),
        RowFactory.create("past", "S1", 50, null),
        RowFactory.create("none", "S_none", 30, null),
        RowFactory.create("other", "S9", 5, null),
        RowFactory.create("no_history", "S1", null, null),
        RowFactory.create("lat", "S_lat", 6, 3.0),
        RowFactory.create("lat_frac", "S_lat", 1, 2.6),
        RowFactory.create("lat_missing", "S_lat", 4, null));
    Dataset<Row> customers = TestSpark.session().createDataFrame(rows, schema);
    CustomerActions.Result result =
        CustomerActions.compute(customers, POLICIES, D, 7, "latency_median_days");
    assertEquals(CustomerActions.CUSTOMER_COLUMNS, Arrays.asList(result.customers().columns()));
    assertEquals(CustomerActions.ACTION_COLUMNS,
        Arrays.asList(result.reengagementActions().columns()));

    Map<String, Row> byCustomer = new TreeMap<>();
    for (Row r : result.customers().collectAsList()) {
      byCustomer.put(r.getString(1), r);
    }
    // customer -> {reason, next action, due in days, policy segment, unit}
    Object[][] expected = {
        {"active", "active", null, null, null, null},
        {"back_today", "active", null, null, null, null},
        {"back_2d", "not_yet_due", "email", 8, "S1", "days"},
        {"due_7", "due", "email", 7, "S1", "days"},
        {"two_due", "due", "email", 1, "S1", "days"},
        {"passed", "not_yet_due", "double_coupon", 25, "S1", "days"},
        {"today", "due", "double_coupon", 0, "S1", "days"},
        {"past", "past_ladder", null, null, "S1", "days"},
        {"none", "no_action", null, null, "S_none", "days"},
        {"other", "due", "email", 0, "ALL", "days"},
        {"no_history", "no_history", null, null, null, null},
        {"lat", "due", "email", 0, "S_lat", "latency"}, // 2 x 3 days = day 6
        {"lat_frac", "due", "email", 5, "S_lat", "latency"}, // 2 x 2.6 = 5.2: day 6
        {"lat_missing", "due", "email", 6, "S_lat", "days"}};
    assertEquals(expected.length, byCustomer.size());
    for (Object[] e : expected) {
      Row r = byCustomer.get((String) e[0]);
      String label = (String) e[0];
      assertEquals(e[1], r.getAs(CustomerActions.REASON), label);
      assertEquals(e[2], r.getAs(CustomerActions.NEXT_ACTION), label);
      Date due = r.getAs(CustomerActions.NEXT_ACTION_DUE_DATE);
      assertEquals(e[3] == null ? null : Date.valueOf(D.plusDays((Integer) e[3])), due, label);
      assertEquals(e[4], r.getAs(CustomerActions.POLICY_SEGMENT), label);
      assertEquals(e[5], r.getAs(CustomerActions.POLICY_UNIT), label);
      assertEquals(Date.valueOf(D), r.getAs(CustomerActions.AS_OF_DATE));
    }
    assertEquals(2.4, (double) byCustomer.get("due_7").getAs(
        CustomerActions.NEXT_ACTION_EXPECTED_VALUE), 1e-15);
    assertEquals(10, (int) byCustomer.get("due_7").getAs(
        CustomerActions.NEXT_ACTION_DAYS_INACTIVE));
    assertNull(byCustomer.get("past").getAs(CustomerActions.NEXT_ACTION_EXPECTED_VALUE));

    List<String> actions = new ArrayList<>();
    for (Row r : result.reengagementActions().collectAsList()) {
      Date due = r.getAs(CustomerActions.DUE_DATE);
      actions.add(r.getAs(CustomerActions.CUSTOMER_ID) + ":" + r.getAs(CustomerActions.ACTION)
          + ":" + (due.toLocalDate().toEpochDay() - D.toEpochDay()));
    }
    actions.sort(null);
    // Due on D through D + 7; two_due has email in 1 day and coupon in 5: both, one row each.
    assertEquals(List.of("due_7:email:7", "lat:email:0", "lat_frac:email:5",
        "lat_missing:email:6", "other:email:0", "today:double_coupon:0", "two_due:coupon:5",
        "two_due:email:1"), actions);
  }

  /**
   * Day by day through customers' histories: a customer engaged on D is never due; every due
   * action belongs to the current spell (its due date is the last engaged day plus the rung's
   * day, on or after D); within one spell each action is due on one date only, whatever the
   * latency (rounding merges no rungs) and however many days it stays due.
   */
  @Test
  void returnedCustomersAreNeverDueAndNoActionIsDueTwiceInASpell() {
    SplittableRandom rnd = new SplittableRandom(3);
    PolicyBook book = new PolicyBook(List.of(
        policy("S", TimingUnit.LATENCY, rung(1, "email", 1.3, 1), rung(2, "coupon", 1.6, 1),
            rung(3, "double_coupon", 4.0, 1)),
        policy("S", TimingUnit.DAYS, rung(1, "email", 3, 1), rung(2, "coupon", 4, 1),
            rung(3, "double_coupon", 30, 1))));
    int checked = 0;
    for (int c = 0; c < 200; c++) {
      Double latency = c % 5 == 0 ? null : 0.3 + 10 * rnd.nextDouble();
      // Engaged days: gaps of 1..60 days over a year.
      Set<Integer> engaged = new HashSet<>();
      for (int day = 0; day < 365; day += 1 + rnd.nextInt(60)) {
        engaged.add(day);
      }
      Map<Integer, Map<String, Set<Integer>>> dueDatesBySpell = new HashMap<>();
      int last = 0;
      for (int asOf = 0; asOf < 365; asOf++) {
        if (engaged.contains(asOf)) {
          last = asOf;
        }
        CustomerPlan plan = book.plan("S", asOf - last, latency, 7);
        if (asOf == last) {
          assertEquals(CustomerActions.ACTIVE, plan.reason());
          assertTrue(plan.due().isEmpty());
          continue;
        }
        for (PlannedAction a : plan.due()) {
          int dueDay = asOf + a.dueInDays();
          assertTrue(dueDay >= asOf && a.dueInDays() <= 7);
          assertEquals(last + a.daysInactive(), dueDay, "due date within the current spell");
          dueDatesBySpell.computeIfAbsent(last, k -> new HashMap<>())
              .computeIfAbsent(a.action(), k -> new HashSet<>()).add(dueDay);
          checked++;
        }
      }
      for (Map<String, Set<Integer>> spell : dueDatesBySpell.values()) {
        for (Map.Entry<String, Set<Integer>> e : spell.entrySet()) {
          assertEquals(1, e.getValue().size(), e.getKey() + " due on " + e.getValue());
        }
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  @Test
  void timingAndInputErrors() {
    assertEquals(21.0, PolicyTiming.toDays(3, TimingUnit.LATENCY, 7.0));
    assertEquals(3.0, PolicyTiming.toDays(3, TimingUnit.LATENCY, null));
    assertEquals(3.0, PolicyTiming.toDays(3, TimingUnit.LATENCY, 0.0));
    assertEquals(3.0, PolicyTiming.toDays(3, TimingUnit.DAYS, 7.0));
    assertEquals(7, PolicyTiming.actionDay(7.000000000001));
    assertEquals(8, PolicyTiming.actionDay(7.2));
    assertEquals(1, PolicyTiming.actionDay(0.2));

    Dataset<Row> customers = TestSpark.session().createDataFrame(List.of(),
        new StructType().add("customer_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType));
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> CustomerActions.compute(customers, POLICIES, D, 7, null));
    assertEquals("policy customers: column 'recency_days' is missing (columns: customer_id,"
        + " segment)", e.getMessage());
    assertEquals("policy of segment 'S1' in unit days given more than once",
        assertThrows(IllegalArgumentException.class,
            () -> new PolicyBook(List.of(POLICIES.get(0), POLICIES.get(0)))).getMessage());
  }

  /**
   * Past the last rung (coupon on day 20), the win-back step is due 30 days later (day 50), or
   * on the run's date for a customer already further gone; without it, past_ladder.
   */
  @Test
  void customersPastTheLadderGetTheWinBackStep() {
    List<SegmentPolicy> policies = List.of(policy("S", TimingUnit.DAYS, rung(1, "email", 5, 1),
        rung(2, "coupon", 20, 1)));
    PolicyBook book = new PolicyBook(policies, Map.of(), new WinBackStep("win_back", 30));
    assertEquals("coupon", book.plan("S", 10, null, 7).next().action());
    CustomerPlan waiting = book.plan("S", 25, null, 7);
    assertEquals(CustomerActions.NOT_YET_DUE, waiting.reason());
    assertEquals(new PlannedAction(3, "win_back", 50, 25, 0.0), waiting.next());
    CustomerPlan gone = book.plan("S", 200, null, 7);
    assertEquals(CustomerActions.DUE, gone.reason());
    assertEquals(new PlannedAction(3, "win_back", 200, 0, 0.0), gone.next());
    assertEquals(CustomerActions.PAST_LADDER,
        new PolicyBook(policies).plan("S", 200, null, 7).reason());
    assertEquals("win-back days-after-last-rung must be >= 1 but was 0",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new WinBackStep("win_back", 0)).getMessage());
  }
}
