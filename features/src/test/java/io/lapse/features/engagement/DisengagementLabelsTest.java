package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DisengagementLabelsTest {

  private static final LocalDate END = LocalDate.parse("2024-03-31");
  private final SparkSession spark = TestSpark.session();
  private final EngagementFeatureSpec fixed10 =
      EngagementFeatureSpec.defaults().withDisengagement(DisengagementSpec.fixed(10));
  private final String[] featuresAndLabel = java.util.stream.Stream.concat(
      EngagementFeatures.columns(fixed10).stream(), java.util.stream.Stream.of(
          DisengagementLabels.LABEL)).toArray(String[]::new);

  private Dataset<Row> daily(EventRows events) {
    return EngagementDaily.fromEvents(events.toDataset(spark), fixed10.profile(),
        SessionSpec.defaults());
  }

  private static EventRows visits(EventRows e, String customer, String... days) {
    for (String d : days) {
      e.add(customer, d + " 10:00", "visit");
    }
    return e;
  }

  /** x: gaps 4, 15, 11; z: away from 01-08 to 03-25; w and v start late. */
  private Dataset<Row> handCase() {
    EventRows e = new EventRows();
    visits(e, "x", "2024-01-01", "2024-01-05", "2024-01-20", "2024-01-31");
    visits(e, "z", "2024-01-08", "2024-03-25");
    visits(e, "w", "2024-03-20");
    visits(e, "v", "2024-03-24");
    e.add("x", "2024-02-15 10:00", "email_open"); // not engagement: does not end the absence
    return daily(e);
  }

  private static List<String> lines(Dataset<Row> rows, String... columns) {
    List<String> out = new ArrayList<>();
    for (Row r : rows.selectExpr(columns).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(String.valueOf(r.get(i)));
      }
      out.add(String.join(" ", values));
    }
    java.util.Collections.sort(out);
    return out;
  }

  @Test
  void onsetIsTheFirstDayRecencyExceedsTheFixedThreshold() {
    // With T = 10 an onset needs 11 days without engagement after an engaged day: x's gap of 15
    // after 01-05 gives 01-16; the gap of 11 after 01-20 ends on 01-31, when recency would first
    // be 11, so there is none; after 01-31 it is 02-11 (the email open changes nothing). z's onset
    // after 03-25 (04-05) and v's (04-04) fall after the end of the data.
    assertEquals(List.of(
            "w 2024-03-20 2024-03-31 null",
            "x 2024-01-05 2024-01-16 2024-01-20",
            "x 2024-01-31 2024-02-11 null",
            "z 2024-01-08 2024-01-19 2024-03-25"),
        lines(DisengagementLabels.onsets(handCase(), Optional.empty(), END,
            DisengagementSpec.fixed(10)), "customer_id", "last_engaged_date", "onset_date",
            "return_date"));
  }

  @Test
  void latencyThresholdUsesTheMedianGapKnownOnTheLastEngagedDay() {
    EventRows e = new EventRows();
    // gaps 2, 2, 15: T = max(5, 3 x 2) = 6 from 01-03 on; 30 (no latency yet) after 01-01
    visits(e, "l", "2024-01-01", "2024-01-03", "2024-01-05", "2024-01-20");
    // gaps 10, 10: T = 30, no onset by the end
    visits(e, "m", "2024-01-01", "2024-01-11", "2024-01-21");
    // gaps 1 and 3: the median is 2 (interpolated), T = 6
    visits(e, "p", "2024-01-01", "2024-01-02", "2024-01-05");
    assertEquals(List.of(
            "l 2024-01-05 6.0 2024-01-12 2024-01-20",
            "l 2024-01-20 6.0 2024-01-27 null",
            "p 2024-01-05 6.0 2024-01-12 null"),
        lines(DisengagementLabels.onsets(daily(e), Optional.empty(), LocalDate.parse("2024-02-09"),
            DisengagementSpec.byLatency(3.0, 5, 30)), "customer_id", "last_engaged_date",
            "disengagement_threshold_days", "onset_date", "return_date"));
  }

  @Test
  void trainingExamplesByHand() {
    List<LocalDate> snapshots = List.of(LocalDate.parse("2024-01-10"),
        LocalDate.parse("2024-01-25"), LocalDate.parse("2024-02-20"),
        LocalDate.parse("2024-03-25"));
    Dataset<Row> examples = DisengagementLabels.trainingExamples(handCase(), Optional.empty(),
        snapshots, 14, END, fixed10);
    assertEquals(DisengagementLabels.columns(fixed10), List.of(examples.columns()));
    // Customers dis-engaged at a snapshot (x on 02-20 and 03-25, z on 01-25 and 02-20) are left
    // out. x on 01-25: onset 02-11 is after 01-25 + 14. On 03-25 the horizon ends after the data:
    // w's onset (03-31) is observed, z's and v's are unknown (null label, censored at the end).
    assertEquals(List.of(
            "2024-01-10 x 2024-01-16 true true 6",
            "2024-01-10 z 2024-01-19 true true 9",
            "2024-01-25 x 2024-02-11 false true 17",
            "2024-03-25 v null null false 6",
            "2024-03-25 w 2024-03-31 true true 6",
            "2024-03-25 z null null false 6"),
        lines(examples, "as_of_date", "customer_id", "onset_date", "disengages_within_horizon",
            "event", "duration_days"));

    IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
        () -> DisengagementLabels.trainingExamples(handCase(), Optional.empty(),
            List.of(LocalDate.parse("2024-03-31")), 14, END, fixed10));
    assertEquals("snapshot date 2024-03-31 must be before the end of the data 2024-03-31",
        late.getMessage());
  }

  @Test
  void noEngagementLabelByHandIncludesLapsedCustomers() {
    List<LocalDate> snapshots = List.of(LocalDate.parse("2024-01-10"),
        LocalDate.parse("2024-01-25"), LocalDate.parse("2024-02-20"),
        LocalDate.parse("2024-03-25"));
    Dataset<Row> examples = DisengagementLabels.trainingExamples(handCase(), Optional.empty(),
        snapshots, 14, END, fixed10, LabelSpec.defaults());
    // Label: no engaged day in (S, S + 14]. x on 01-10 comes back on 01-20 (false); z stays away
    // until 03-25 (true). Lapsed customers are examples too (z on 01-25, x and z on 02-20), with
    // no time to a next onset. On 03-25 the horizon ends after the data: every label unknown;
    // x is lapsed there, z engaged that very day (a return on S is not in (S, S + H]).
    assertEquals(List.of(
            "2024-01-10 x 2024-01-16 false true 6",
            "2024-01-10 z 2024-01-19 true true 9",
            "2024-01-25 x 2024-02-11 false true 17",
            "2024-01-25 z null true null null",
            "2024-02-20 x null true null null",
            "2024-02-20 z null true null null",
            "2024-03-25 v null null false 6",
            "2024-03-25 w 2024-03-31 null true 6",
            "2024-03-25 x null null null null",
            "2024-03-25 z null null false 6"),
        lines(examples, "as_of_date", "customer_id", "onset_date", "disengages_within_horizon",
            "event", "duration_days"));
  }

  @Test
  void noEngagementLabelCountsOnlyTheConfiguredKinds() {
    EventRows e = new EventRows();
    visits(e, "q", "2024-01-01", "2024-01-12");
    e.add("q", "2024-01-02 10:00", "purchase");
    e.add("p", "2024-01-02 10:00", "purchase");
    e.add("p", "2024-01-15 10:00", "purchase");
    List<LocalDate> s = List.of(LocalDate.parse("2024-01-10"));
    // q only visits after the snapshot: engaged, but it makes no purchase.
    assertEquals(List.of("p false", "q false"), lines(DisengagementLabels.trainingExamples(
        daily(e), Optional.empty(), s, 14, END, fixed10, LabelSpec.defaults()),
        "customer_id", "disengages_within_horizon"));
    assertEquals(List.of("p false", "q true"), lines(DisengagementLabels.trainingExamples(
        daily(e), Optional.empty(), s, 14, END, fixed10,
        new LabelSpec(LabelSpec.Definition.NO_ENGAGEMENT, List.of("purchase"))),
        "customer_id", "disengages_within_horizon"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new LabelSpec(LabelSpec.Definition.NO_ENGAGEMENT, List.of("buy"))
            .requireKinds(fixed10.profile().kinds()));
    assertEquals("label kind 'buy' is not a kind of the engagement profile "
        + fixed10.profile().kinds(), unknown.getMessage());
  }

  @Test
  void labelsReadOnlyTheHorizonAndFeaturesOnlyThePast() {
    ClickstreamSimulator.Simulation sim =
        ClickstreamSimulator.simulate(ClickstreamScenario.year2024().withUsers(60));
    LocalDate s = LocalDate.parse("2024-06-30");
    int h = 30;
    // The same end of the data for every variant, so that only the events differ.
    LocalDate end = sim.spec().endDate();
    // Checkpointed: the queries below read it many times, and a short plan is quicker to plan.
    Dataset<Row> full = EngagementDaily.fromEvents(SimulatedEvents.through(spark, sim, end),
        fixed10.profile(), SessionSpec.defaults()).localCheckpoint();
    // A day's row depends on that day's events only (EngagementFeaturesTest appends events
    // through EngagementDaily), so the data cut after a day is the daily table cut after it. The
    // variants run side by side in one query, their customer ids tagged.
    Dataset<Row> variants = tagged(full, "full").unionByName(tagged(through(full, s), "past"))
        .unionByName(tagged(through(full, s.plusDays(h)), "horizon"))
        .unionByName(tagged(through(full, s.plusDays(h - 10)), "cut"));
    Map<String, List<String>> examples = byVariant(DisengagementLabels.trainingExamples(variants,
        Optional.empty(), List.of(s), h, end, fixed10).selectExpr(featuresAndLabel));
    List<String> fromFull = examples.get("full");
    assertTrue(fromFull.size() > 15, fromFull.size() + " customers engaged at S");
    assertTrue(fromFull.stream().filter(l -> l.endsWith(" true")).count() > 3);
    assertTrue(fromFull.stream().filter(l -> l.endsWith(" false")).count() > 3);
    // Labels read no further than the horizon.
    assertEquals(fromFull, examples.get("horizon"));
    // Features read nothing after S: the same customers are eligible with the same features
    // (the label, last on each line, does differ without the future).
    assertEquals(withoutLabel(fromFull), withoutLabel(examples.get("past")));
    assertNotEquals(fromFull, examples.get("past"));
    // Cutting the data inside the horizon does change labels, so the comparisons could fail.
    assertNotEquals(fromFull, examples.get("cut"));
  }

  private static List<String> withoutLabel(List<String> lines) {
    return lines.stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
  }

  private static Dataset<Row> through(Dataset<Row> daily, LocalDate day) {
    return daily.where(col(EngagementDaily.ACTIVITY_DATE).leq(lit(java.sql.Date.valueOf(day))));
  }

  private static Dataset<Row> tagged(Dataset<Row> daily, String variant) {
    return daily
        .withColumn(EngagementDaily.CUSTOMER_ID,
            concat(lit(variant + "|"), col(EngagementDaily.CUSTOMER_ID)))
        .withColumn(EngagementDaily.REFERRER_ID,
            concat(lit(variant + "|"), col(EngagementDaily.REFERRER_ID)));
  }

  /** Canonical rows (as_of_date, customer_id, ...) per variant, the tag taken off. */
  private static Map<String, List<String>> byVariant(Dataset<Row> rows) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (String line : Canonical.rows(rows)) {
      String[] parts = line.split(" ", 3);
      String[] tag = parts[1].split("\\|", 2);
      out.computeIfAbsent(tag[0], k -> new ArrayList<>())
          .add(parts[0] + " " + tag[1] + " " + parts[2]);
    }
    return out;
  }
}
