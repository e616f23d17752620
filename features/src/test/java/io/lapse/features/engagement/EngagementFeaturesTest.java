package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EngagementFeaturesTest {

  private static final LocalDate D = LocalDate.parse("2024-06-30");
  private final SparkSession spark = TestSpark.session();
  private final EngagementFeatureSpec spec = EngagementFeatureSpec.defaults();

  private Dataset<Row> daily(EventRows events) {
    return EngagementDaily.fromEvents(events.toDataset(spark), spec.profile(),
        SessionSpec.defaults());
  }

  /**
   * The hand-computed customers of the first three tests, computed as of D in one query (a query
   * per test would triple the test time for nothing): their names do not overlap and each test
   * reads its own.
   */
  private static List<String> columnsAtD;
  private static Map<String, Row> atD;

  private Map<String, Row> featuresAtD() {
    if (atD == null) {
      EventRows e = new EventRows();
      handCase(e);
      roleCases(e);
      lifecycleCases(e);
      Dataset<Row> customers = spark.sql("SELECT * FROM VALUES"
          + " ('reach-listed', DATE'2024-01-01'), ('not-yet', DATE'2024-07-15'),"
          + " ('engage', DATE'2024-05-01') AS c(customer_id, signup_date)");
      Dataset<Row> features = EngagementFeatures.asOf(daily(e), Optional.of(customers),
          Optional.empty(), D, spec);
      columnsAtD = List.of(features.columns());
      atD = byCustomer(features);
    }
    return atD;
  }

  private static Map<String, Row> byCustomer(Dataset<Row> features) {
    Map<String, Row> m = new TreeMap<>();
    features.collectAsList().forEach(r -> m.put(r.getAs(EngagementFeatures.CUSTOMER_ID), r));
    return m;
  }

  private static long n(Row r, String column) {
    return r.<Long>getAs(column);
  }

  private static double x(Row r, String column) {
    return r.<Double>getAs(column);
  }

  private static void handCase(EventRows e) {
    e.add("a", "2024-06-30 08:00", "visit")
        .add("a", "2024-06-30 20:00", "visit")
        .add("a", "2024-06-25 10:00", "comment")
        .add("a", "2024-06-25 10:10", "visit")
        .add("a", "2024-06-10 09:00", "visit")
        .add("a", "2024-06-10 09:30", "purchase", null, null, 40.0, null)
        .add("a", "2024-05-20 12:00", "visit")
        .add("a", "2024-05-20 12:01", "answer")
        .add("a", "2024-04-01 15:00", "share")
        .add("a", "2023-07-01 10:00", "visit")
        .add("a", "2024-07-01 10:00", "purchase", null, null, 99.0, null) // after D
        // r1 engaged after a referred it; r2 was only reached; r3 comes after D; r4 was first
        // referred by b, so a later referral by a does not count for a.
        .add("r1", "2024-06-01 10:00", "visit", null, "a", null, null)
        .add("r2", "2024-06-15 10:00", "impression", null, "a", null, null)
        .add("r3", "2024-07-05 10:00", "visit", null, "a", null, null)
        .add("b", "2024-02-01 10:00", "visit")
        .add("r4", "2024-03-01 10:00", "visit", null, "b", null, null)
        .add("r4", "2024-05-01 10:00", "visit", null, "a", null, null)
        // a referrer known only from the customers table is credited too
        .add("r5", "2024-06-01 10:00", "visit", null, "reach-listed", null, null);
  }

  @Test
  void everyFeatureOfOneCustomerByHand() {
    Map<String, Row> rows = featuresAtD();
    assertEquals(EngagementFeatures.columns(spec), columnsAtD);
    for (String c : List.of("a", "b", "r1", "r2", "r4")) {
      assertTrue(rows.containsKey(c), c);
    }
    assertFalse(rows.containsKey("r3")); // first seen after D
    Row a = rows.get("a");

    assertEquals(LocalDate.parse("2023-07-01"),
        a.<java.sql.Date>getAs("first_seen_date").toLocalDate());
    assertEquals(D, a.<java.sql.Date>getAs("last_engaged_date").toLocalDate());
    assertEquals(6L, n(a, "engaged_days"));
    assertEquals(10L, n(a, "actions_total"));
    assertEquals(0, a.<Integer>getAs("engagement_recency_days"));
    // Days before D: 0 (2 visits), 5 (comment, visit), 20 (visit, purchase), 41 (visit, answer),
    // 90 (share), 365 (visit).
    assertEquals(0, a.<Integer>getAs("recency_days_visit"));
    assertEquals(20, a.<Integer>getAs("recency_days_purchase"));
    assertEquals(5, a.<Integer>getAs("recency_days_contribute"));
    assertEquals(90, a.<Integer>getAs("recency_days_advocate"));
    assertEquals(41, a.<Integer>getAs("recency_days_help"));
    assertNull(a.getAs("recency_days_attend"));
    assertNull(a.getAs("recency_days_feedback"));

    assertEquals(4L, n(a, "actions_7d"));
    assertEquals(3L, n(a, "actions_visit_7d"));
    assertEquals(1L, n(a, "actions_contribute_7d"));
    assertEquals(0L, n(a, "actions_purchase_7d"));
    assertEquals(6L, n(a, "actions_30d"));
    assertEquals(4L, n(a, "actions_visit_30d"));
    assertEquals(1L, n(a, "actions_purchase_30d"));
    assertEquals(8L, n(a, "actions_90d"));
    assertEquals(1L, n(a, "actions_help_90d"));
    assertEquals(0L, n(a, "actions_advocate_90d")); // age 90 is outside D-89..D
    assertEquals(9L, n(a, "actions_365d"));
    assertEquals(1L, n(a, "actions_advocate_365d"));
    assertEquals(5L, n(a, "actions_visit_365d")); // age 365 is outside
    assertEquals(4, a.<Integer>getAs("breadth_90d")); // visit, purchase, contribute, help

    double degree = 2 + 3 * Math.pow(2, -5 / 30.0) + 6 * Math.pow(2, -20 / 30.0)
        + 5 * Math.pow(2, -41 / 30.0) + 3 * Math.pow(2, -90 / 30.0) + Math.pow(2, -365 / 30.0);
    assertEquals(degree, x(a, "engagement_degree"), 1e-9);

    // Last 30 days: 6 actions; the 30 before: 2 (day 41).
    assertEquals(4L, n(a, "trend_difference_30d"));
    assertEquals(7.0 / 3.0, x(a, "trend_ratio_30d"), 1e-12);
    // Weekly counts, oldest x = 0 to newest x = 7: x7 = 4, x5 = 2, x2 = 2; mean x 3.5, Sxx 42:
    // (3.5 x 4 + 1.5 x 2 - 1.5 x 2) / 42.
    assertEquals(1.0 / 3.0, x(a, "trend_slope_8w"), 1e-12);

    long firstGap =
        ChronoUnit.DAYS.between(LocalDate.parse("2023-07-01"), LocalDate.parse("2024-04-01"));
    assertEquals(275, firstGap);
    // gaps 275, 49, 21, 15, 5: median 21
    assertEquals(21.0, x(a, "engagement_latency_days"));
    assertEquals(0.0, x(a, "engagement_latency_ratio"));

    // Sessions: day 0 two of 0 s, day 5 600 s, day 20 1800 s, day 41 60 s, days 90 and 365 0 s.
    assertEquals(7L, n(a, "sessions_total"));
    assertEquals(2460.0 / 7, x(a, "mean_session_seconds"), 1e-9);
    assertEquals(4L, n(a, "sessions_30d"));
    assertEquals(600.0, x(a, "mean_session_seconds_30d"), 1e-9);

    assertEquals(8L, n(a, "order_1_actions")); // 6 visits, comment, purchase
    assertEquals(0L, n(a, "order_2_actions"));
    assertEquals(2L, n(a, "order_3_actions")); // answer, share
    assertEquals(1L, n(a, "referred_active_customers")); // r1
    assertEquals(3L, n(a, "order_3_total"));
    assertEquals(1L, n(a, "purchase_days"));
    assertEquals(40.0, x(a, "purchase_amount_total"));
    assertEquals("none", a.getAs("community_role")); // 3 community actions < 5
    assertEquals(30.0, x(a, "disengagement_threshold_days"));
    assertEquals("activate", a.getAs("lifecycle_stage"));

    assertEquals(1L, n(rows.get("b"), "referred_active_customers")); // r4, first touch
    assertEquals(1L, n(rows.get("reach-listed"), "referred_active_customers")); // r5
    Row r2 = rows.get("r2");
    assertEquals("reach", r2.getAs("lifecycle_stage"));
    assertNull(r2.getAs("engagement_recency_days"));
    assertNull(r2.getAs("first_engaged_date"));
    assertEquals(0L, n(r2, "actions_total"));
    assertEquals(1.0, x(r2, "trend_ratio_30d"));
    assertNull(r2.getAs("mean_session_seconds"));
  }

  private static void roleCases(EventRows e) {
    String day = "2024-06-20 10:00";
    e
        // visits and purchases are not community actions: 2 of 5 advocate = 0.4 -> sharer
        // (0.6 contribute would make a storyteller, but sharer comes first)
        .times(2, "sharer", day, "share").times(3, "sharer", day, "comment")
        .times(10, "sharer", day, "visit").times(3, "sharer", day, "purchase")
        .times(2, "builder", day, "answer").times(3, "builder", day, "comment")
        .times(2, "connector", day, "event").times(3, "connector", day, "comment")
        .times(3, "storyteller", day, "post").times(2, "storyteller", day, "survey")
        .times(3, "curator", day, "survey").times(2, "curator", day, "comment")
        // contribute 0.5, feedback 0.4, attend 0.1: together 0.9 >= 0.7
        .times(5, "innovator", day, "idea").times(4, "innovator", day, "survey")
        .times(1, "innovator", day, "meetup")
        // contribute 1/3, feedback 1/3, advocate 1/6, help 1/6: no rule reaches its share
        .times(2, "mixed", day, "comment").times(2, "mixed", day, "survey")
        .times(1, "mixed", day, "share").times(1, "mixed", day, "answer")
        .times(4, "few", day, "share")
        // shares older than the 365-day window do not count
        .times(5, "old", "2023-06-01 10:00", "share").times(1, "old", day, "visit");
  }

  @Test
  void communityRolesFollowTheKindMixWithTheFirstMatchingRuleWinning() {
    Map<String, String> roles = new TreeMap<>();
    for (String c : List.of("sharer", "builder", "connector", "storyteller", "curator",
        "innovator", "mixed", "few", "old")) {
      roles.put(c, featuresAtD().get(c).getAs("community_role"));
    }
    assertEquals(Map.of("sharer", "sharer", "builder", "builder", "connector", "connector",
        "storyteller", "storyteller", "curator", "curator", "innovator", "innovator",
        "mixed", "none", "few", "none", "old", "none"), roles);
  }

  private static void lifecycleCases(EventRows e) {
    e.add("reach-seen", "2024-06-10 10:00", "impression")
        .add("engage", "2024-06-01 10:00", "visit").add("engage", "2024-06-15 10:00", "visit")
        .add("engage", "2024-06-29 10:00", "visit")
        .add("activate", "2024-06-20 10:00", "visit")
        .add("activate", "2024-06-28 10:00", "purchase")
        .add("nurture", "2024-06-01 10:00", "purchase")
        .add("nurture", "2024-06-15 10:00", "purchase")
        .add("nurture", "2024-06-29 10:00", "visit")
        // usual gap 1 day, away 27: 27 x the latency > 2 but 27 <= 30 days
        .add("at-risk", "2024-06-01 10:00", "visit").add("at-risk", "2024-06-02 10:00", "visit")
        .add("at-risk", "2024-06-03 10:00", "visit")
        .add("away-30", "2024-05-31 10:00", "visit") // recency 30: not above 30
        .add("away-31", "2024-05-30 10:00", "visit")
        .add("lapsed-buyer", "2024-04-01 10:00", "purchase")
        .add("lapsed-buyer", "2024-04-15 10:00", "purchase");
  }

  @Test
  void lifecycleStageOfEachKindOfCustomer() {
    Map<String, String> stages = new TreeMap<>();
    for (String c : List.of("reach-seen", "reach-listed", "engage", "activate", "nurture",
        "at-risk", "away-30", "away-31", "lapsed-buyer")) {
      stages.put(c, featuresAtD().get(c).getAs("lifecycle_stage"));
    }
    assertFalse(featuresAtD().containsKey("not-yet")); // signs up after D
    assertEquals(new TreeMap<>(Map.of("reach-seen", "reach", "reach-listed", "reach",
        "engage", "engage", "activate", "activate", "nurture", "nurture", "at-risk", "at_risk",
        "away-30", "engage", "away-31", "lapsed", "lapsed-buyer", "lapsed")), stages);
  }

  @Test
  void latencyAndSegmentThresholds() {
    EventRows e = new EventRows()
        .add("lat4", "2024-06-01 10:00", "visit").add("lat4", "2024-06-05 10:00", "visit")
        .add("lat4", "2024-06-09 10:00", "visit") // T = 3 x 4 = 12, recency 21
        .add("floor-8", "2024-06-20 10:00", "visit").add("floor-8", "2024-06-21 10:00", "visit")
        .add("floor-8", "2024-06-22 10:00", "visit") // T = max(7, 3) = 7, recency 8
        .add("floor-7", "2024-06-21 10:00", "visit").add("floor-7", "2024-06-22 10:00", "visit")
        .add("floor-7", "2024-06-23 10:00", "visit") // recency 7: at risk, not lapsed
        .add("single", "2024-06-05 10:00", "visit"); // no latency: T = 30, recency 25
    Dataset<Row> daily = daily(e);
    EngagementFeatureSpec byLatency =
        spec.withDisengagement(DisengagementSpec.byLatency(3.0, 7, 30));
    Map<String, String> got = new TreeMap<>();
    byCustomer(EngagementFeatures.asOf(daily, D, byLatency)).forEach((c, r) -> got.put(c,
        r.getAs("lifecycle_stage") + " T=" + r.getAs("disengagement_threshold_days")));
    assertEquals(Map.of("lat4", "lapsed T=12.0", "floor-8", "lapsed T=7.0",
        "floor-7", "at_risk T=7.0", "single", "engage T=30.0"), got);

    Dataset<Row> segments = spark.sql("SELECT * FROM VALUES ('lat4', 'gold'), ('single', 'gold'),"
        + " ('floor-8', 'silver') AS s(customer_id, segment)");
    EngagementFeatureSpec bySegment =
        spec.withDisengagement(DisengagementSpec.bySegment(Map.of("gold", 20), 30));
    got.clear();
    byCustomer(EngagementFeatures.asOf(daily, Optional.empty(), Optional.of(segments), D,
        bySegment)).forEach((c, r) -> got.put(c,
            r.getAs("lifecycle_stage") + " T=" + r.getAs("disengagement_threshold_days")));
    // lat4 (gold): recency 21 > 20; single (gold): 25 > 20; floor-8 (silver) and floor-7 (no
    // segment) use the 30 days of segments the map does not list.
    assertEquals(Map.of("lat4", "lapsed T=20.0", "single", "lapsed T=20.0",
        "floor-8", "at_risk T=30.0", "floor-7", "at_risk T=30.0"), got);

    IllegalArgumentException noSegments = assertThrows(IllegalArgumentException.class,
        () -> EngagementFeatures.asOf(daily, D, bySegment));
    assertEquals("disengagement threshold 'segment' needs a segments table (customer_id, segment)"
        + " but none was given", noSegments.getMessage());
  }

  @Test
  void eventsAfterTheAsOfDateChangeNothing() {
    EventRows history = new EventRows()
        .add("a", "2024-06-01 10:00", "visit", "s1", null, null, null)
        .add("a", "2024-06-30 23:50", "visit", "s9", null, null, null)
        .add("b", "2024-06-20 10:00", "purchase", null, null, 10.0, null)
        .add("b", "2024-06-29 10:00", "share");
    EventRows more = new EventRows()
        .add("a", "2024-06-01 10:00", "visit", "s1", null, null, null)
        .add("a", "2024-06-30 23:50", "visit", "s9", null, null, null)
        .add("b", "2024-06-20 10:00", "purchase", null, null, 10.0, null)
        .add("b", "2024-06-29 10:00", "share")
        // the same session continues after midnight: D's session must not get longer
        .add("a", "2024-07-01 00:10", "page_view", "s9", null, null, null)
        .add("b", "2024-07-01 09:00", "purchase", null, null, 50.0, null)
        .add("c", "2024-07-02 09:00", "visit", null, "a", null, null)
        .add("a", "2024-12-01 09:00", "idea");
    // As of D and, to show that the appended events do matter (so that the comparison could
    // fail), as of the day after.
    List<LocalDate> dates = List.of(D, D.plusDays(1));
    List<String> before = Canonical.rows(EngagementFeatures.atDates(daily(history),
        Optional.empty(), Optional.empty(), dates, spec));
    List<String> after = Canonical.rows(EngagementFeatures.atDates(daily(more),
        Optional.empty(), Optional.empty(), dates, spec));
    String asOfD = D + " ";
    List<String> afterAtD = after.stream().filter(l -> l.startsWith(asOfD)).toList();
    assertEquals(2, afterAtD.size());
    assertEquals(before.stream().filter(l -> l.startsWith(asOfD)).toList(), afterAtD);
    assertNotEquals(before.stream().filter(l -> !l.startsWith(asOfD)).toList(),
        after.stream().filter(l -> !l.startsWith(asOfD)).toList());
  }
}
