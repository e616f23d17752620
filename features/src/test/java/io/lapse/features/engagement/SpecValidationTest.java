package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad spec values fail at construction with a message that names the setting and the value. */
class SpecValidationTest {

  private static void fails(String message, Executable construct) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
  }

  private static EngagementAction share(String kind, double weight, int order) {
    return new EngagementAction("share", kind, weight, order);
  }

  @Test
  void eventSource() {
    fails("event input format must be one of [csv, json, parquet, delta] but was 'xml'",
        () -> EventSourceSpec.defaults().withFormat("XML"));
    fails("event input csv-delimiter must not be empty",
        () -> new EventSourceSpec("csv", "x", true, "", "", EventColumns.defaults()));
    fails("event column user-id must name a source column but was ' '",
        () -> new EventColumns(" ", "ts", "type", "", "", "", "", ""));
    fails("event column event-type must name a source column but was ''",
        () -> new EventColumns("u", "ts", null, "", "", "", "", ""));
  }

  @Test
  void profile() {
    fails("engagement action 'share' order must be 1, 2 or 3 but was 4",
        () -> share("advocate", 1, 4));
    fails("engagement action 'share' weight must be a finite number >= 0 but was -1.0",
        () -> share("advocate", -1, 3));
    fails("engagement action 'share' weight must be a finite number >= 0 but was NaN",
        () -> share("advocate", Double.NaN, 3));
    fails("engagement action 'share' kind must match [a-z][a-z0-9_]* (it names columns) but was"
        + " 'Bad Kind'", () -> share("Bad Kind", 1, 3));
    fails("engagement action event-type must not be empty",
        () -> new EngagementAction(" ", "visit", 1, 1));
    List<EngagementAction> two = List.of(new EngagementAction("visit", "visit", 1, 1),
        new EngagementAction("buy", "purchase", 5, 1));
    fails("engagement profile unknown-type-policy must be one of [ignore, quarantine] but was"
        + " 'drop'", () -> new EngagementProfile(two, List.of(), "drop", "purchase"));
    fails("engagement profile purchase-kind must be one of its kinds [visit, purchase] but was"
        + " 'order'", () -> new EngagementProfile(two, List.of(), "ignore", "order"));
    fails("engagement profile lists event type 'visit' more than once",
        () -> new EngagementProfile(List.of(two.get(0), new EngagementAction(" Visit", "x", 1, 1)),
            List.of(), "ignore", "visit"));
    fails("engagement profile lists event type 'visit' both as an action and as non-engagement,"
        + " or twice", () -> new EngagementProfile(two, List.of("VISIT"), "ignore", "purchase"));
    fails("engagement profile must define at least one action",
        () -> new EngagementProfile(List.of(), List.of(), "ignore", "purchase"));
  }

  @Test
  void sessionsAndDisengagement() {
    fails("session inactivity-gap-minutes must be > 0 but was 0", () -> new SessionSpec(0));
    fails("disengagement threshold must be one of [fixed, segment, latency] but was 'weekly'",
        () -> new DisengagementSpec("weekly", 30, Map.of(), 3, 14));
    fails("disengagement fixed-days must be >= 1 but was 0", () -> DisengagementSpec.fixed(0));
    fails("disengagement segment-days of segment 'gold' must be >= 1 but was -5",
        () -> DisengagementSpec.bySegment(Map.of("silver", 10, "gold", -5), 30));
    fails("disengagement latency-multiplier must be > 0 but was 0.0",
        () -> DisengagementSpec.byLatency(0, 14, 30));
    fails("disengagement latency-floor-days must be >= 1 but was 0",
        () -> DisengagementSpec.byLatency(3, 0, 30));
  }

  @Test
  void featuresRolesAndTraining() {
    EngagementFeatureSpec d = EngagementFeatureSpec.defaults();
    fails("engagement frequency-windows-days must be strictly ascending and >= 1 but was [30, 7]",
        () -> new EngagementFeatureSpec(d.profile(), List.of(30, 7), 90, 30, 30, 8, 30, 2,
            d.roles(), d.disengagement()));
    fails("engagement degree-half-life-days must be > 0 but was 0.0",
        () -> new EngagementFeatureSpec(d.profile(), List.of(7), 90, 0, 30, 8, 30, 2, d.roles(),
            d.disengagement()));
    fails("engagement slope-weeks must be >= 2 but was 1",
        () -> new EngagementFeatureSpec(d.profile(), List.of(7), 90, 30, 30, 1, 30, 2, d.roles(),
            d.disengagement()));
    fails("engagement at-risk-latency-ratio must be > 0 but was -1.0",
        () -> new EngagementFeatureSpec(d.profile(), List.of(7), 90, 30, 30, 8, 30, -1, d.roles(),
            d.disengagement()));
    fails("community role 'sharer' min-share must be in (0, 1] but was 1.5",
        () -> new CommunityRoleRule("sharer", List.of("advocate"), 1.5));
    CommunityRoleSpec typo = new CommunityRoleSpec(365, 5, List.of("visit"),
        List.of(new CommunityRoleRule("sharer", List.of("advokate"), 0.4)));
    fails("community role 'sharer' names kind 'advokate' that the engagement profile does not"
        + " define; kinds: [visit, purchase, contribute, advocate, help, attend, feedback]",
        () -> d.withProfile(d.profile(), typo));
    fails("community role 'sharer' uses kind 'visit' that excluded-kinds leaves out of the mix",
        () -> new CommunityRoleSpec(365, 5, List.of("visit"),
            List.of(new CommunityRoleRule("sharer", List.of("visit"), 0.4))));
    fails("community role 'none' is defined twice or is the reserved name 'none'",
        () -> new CommunityRoleSpec(365, 5, List.of(),
            List.of(new CommunityRoleRule("none", List.of("visit"), 0.4))));
    fails("training horizon-days must be >= 1 but was 0", () -> new TrainingSpec(0, 28, 6));
    fails("training snapshot-count must be >= 2 (one to train on, one to validate) but was 1",
        () -> new TrainingSpec(30, 28, 1));
    fails("simulated segment shares must add up to 1 but add up to 0.9",
        () -> new ClickstreamSimulator.Spec(1, 10, LocalDate.parse("2024-01-01"),
            LocalDate.parse("2024-02-01"), 10, 0, 0, 0, 0, List.of(
                new ClickstreamSimulator.SegmentProfile("a", 0.9, 0.5, 10, 0, Map.of()))));
    fails("simulated segment 'a' daily-active-rate must be in (0, 1] but was 0.0",
        () -> new ClickstreamSimulator.SegmentProfile("a", 1, 0, 10, 0, Map.of()));
  }

  @Test
  void snapshotPlanValidatesHorizonBeforeTheDataAndTrainsHorizonBeforeThat() {
    TrainingSpec.SnapshotPlan plan = TrainingSpec.defaults()
        .plan(LocalDate.parse("2020-01-01"), LocalDate.parse("2024-12-31"), 1);
    // Validation at D - H; training on the 28-day grid (2024-10-24 is day 20,020 = 715 x 28 of
    // 1970) from the last grid day on or before D - 2H = 2024-11-01 back.
    assertEquals(List.of("2024-12-01"), plan.validation().stream().map(LocalDate::toString).toList());
    assertEquals(List.of("2024-07-04", "2024-08-01", "2024-08-29", "2024-09-26", "2024-10-24"),
        plan.training().stream().map(LocalDate::toString).toList());
    assertFalse(plan.isShort());
  }

  @Test
  void consecutiveNightsShareTheTrainingSnapshotsUntilTheGridMovesOn() {
    TrainingSpec spec = TrainingSpec.defaults();
    LocalDate start = LocalDate.parse("2020-01-01");
    List<LocalDate> training = spec.plan(start, LocalDate.parse("2024-12-31"), 1).training();
    TrainingSpec.SnapshotPlan next = spec.plan(start, LocalDate.parse("2025-01-19"), 1);
    assertEquals(training, next.training());
    assertEquals(List.of(LocalDate.parse("2024-12-20")), next.validation());
    // From D = 2025-01-20, D - 2H is the next grid day 2024-11-21: one training snapshot more.
    assertEquals(List.of("2024-08-01", "2024-08-29", "2024-09-26", "2024-10-24", "2024-11-21"),
        spec.plan(start, LocalDate.parse("2025-01-20"), 1).training().stream()
            .map(LocalDate::toString).toList());
  }

  @Test
  void shortHistoryKeepsTheSnapshotsThatFit() {
    // Data from 2024-08-15: training snapshots before it are dropped, the plan is short.
    TrainingSpec.SnapshotPlan plan = TrainingSpec.defaults()
        .plan(LocalDate.parse("2024-08-15"), LocalDate.parse("2024-12-31"), 1);
    assertEquals(List.of("2024-08-29", "2024-09-26", "2024-10-24"),
        plan.training().stream().map(LocalDate::toString).toList());
    assertEquals(4, plan.dates().size());
    assertTrue(plan.isShort());
  }

  @Test
  void historyTooShortForOneTrainingSnapshotNamesTheSetting() {
    fails("training examples need a training snapshot on or before 2024-10-24 and a validation"
        + " snapshot on or before 2024-12-01 (lapse.engagement.training.horizon-days = 30"
        + " days before the as-of date 2024-12-31, training on the grid of snapshot-spacing-days"
        + " = 28 at least 30 days before that), each after the first day of data 2024-11-15;"
        + " the data holds 47 days: lower lapse.engagement.training.horizon-days or run for a"
        + " later as-of date",
        () -> TrainingSpec.defaults().plan(LocalDate.parse("2024-11-15"),
            LocalDate.parse("2024-12-31"), 1));
  }

}
