package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.ClickstreamSimulator.Event;
import io.lapse.features.engagement.ClickstreamSimulator.Simulation;
import io.lapse.features.engagement.ClickstreamSimulator.User;
import io.lapse.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The whole path (JSON lines, reader, daily table, sessions, onsets, features, training examples)
 * on a simulated clickstream, against the simulator's truth.
 *
 * <p>Thresholds per segment: core users engage every other day (rate 0.5) and get T = 14 days,
 * casual users one day in five (0.2) and get T = 45. The detected onset is the last engaged day +
 * T + 1, the truth is the stop day + T; they differ by the lag, the inactive days just before the
 * stop day, with P(lag >= k) = (1 - rate)^k: below 1% for k = 7 (core: 0.5^7 = 0.8%) and k = 21
 * (casual: 0.8^21 = 0.9%). A false onset while still engaged needs T + 1 inactive days in a row:
 * per day 0.5^15 = 3e-5 (core) and 0.8^46 = 3.5e-5 (casual), under 1% over a lifetime. So about
 * 98% of users should match within the lag tolerance; 95% leaves room for sampling noise (200
 * users: a standard error of about 1%) while an off-by-one or a wrong threshold fails it.
 */
class SimulatorTruthTest {

  private static final Map<String, Integer> T = Map.of("core", 14, "casual", 45);
  private static final Map<String, Integer> LAG_TOLERANCE = Map.of("core", 7, "casual", 21);
  private static final Set<String> PASSIVE = Set.of("impression", "email_open");
  private final SparkSession spark = TestSpark.session();

  @Test
  void featuresAndLabelsMatchTheSimulatedTruth() {
    Simulation sim = ClickstreamSimulator.simulate(ClickstreamScenario.year2024()
        .withUsers(200));
    LocalDate end = sim.spec().endDate();
    Path file = TestSpark.tempDir("truth").resolve("events.json");
    sim.writeJsonLines(file);
    EngagementFeatureSpec spec = EngagementFeatureSpec.defaults()
        .withDisengagement(DisengagementSpec.bySegment(T, 30));
    EventSourceSpec source = EventSourceSpec.defaults().withPath(file.toString())
        .withTimestampFormat(ClickstreamSimulator.TIMESTAMP_FORMAT)
        .withColumns(new EventColumns("user_id", "ts", "event_type", "session_id", "page",
            "referrer_user_id", "event_id", "amount"));
    Dataset<Row> events = new EventReader(spark)
        .read(source, spec.profile(), LocalDate.parse("2020-01-01")).cache();
    List<Row> reasons = events.groupBy(EventReader.REJECT_REASON).count().collectAsList();
    assertEquals(1, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).isNullAt(0));
    assertEquals(sim.events().size(), reasons.get(0).getLong(1));

    // Checkpointed: the queries below read it many times, and a short plan is quicker to plan.
    Dataset<Row> daily = EngagementDaily.fromEvents(events, spec.profile(), SessionSpec.defaults())
        .localCheckpoint();
    Dataset<Row> segments = SimulatedEvents.segments(spark, sim);
    Map<String, User> users = new TreeMap<>();
    sim.users().forEach(u -> users.put(u.userId(), u));

    // Sessions: half the users send ids, the others are cut by the gap; both must find every
    // simulated session.
    Map<String, Long> trueSessions = new HashMap<>();
    Set<Integer> seen = new HashSet<>();
    for (Event e : sim.events()) {
      if (e.trueSession() > 0 && seen.add(e.trueSession())) {
        trueSessions.merge(e.userId() + " " + e.time().toLocalDate(), 1L, Long::sum);
      }
    }
    Map<String, Long> sessions = new HashMap<>();
    for (Row r : daily.where("sessions > 0").select("customer_id", "activity_date", "sessions")
        .collectAsList()) {
      sessions.put(r.getString(0) + " " + r.getDate(1), r.getLong(2));
    }
    assertEquals(trueSessions, sessions);

    // Onsets against the stop days.
    Map<String, LocalDate> firstOnset = new HashMap<>();
    for (Row r : DisengagementLabels.onsets(daily, Optional.of(segments), end,
        spec.disengagement()).groupBy("customer_id")
        .agg(org.apache.spark.sql.functions.min("onset_date")).collectAsList()) {
      firstOnset.put(r.getString(0), r.getDate(1).toLocalDate());
    }
    int engaged = 0;
    int matched = 0;
    int observed = 0;
    for (User u : users.values()) {
      if (u.firstEngaged() == null) {
        assertTrue(!firstOnset.containsKey(u.userId()));
        continue;
      }
      engaged++;
      LocalDate truth = truthOnset(u, end);
      LocalDate detected = firstOnset.get(u.userId());
      if (u.stopDay() != null && detected != null) {
        // The last engaged day is before the stop day, so no detected onset can be later.
        assertTrue(!detected.isAfter(u.stopDay().plusDays(T.get(u.segment()))), u.toString());
      }
      observed += truth == null ? 0 : 1;
      boolean ok = truth == null ? detected == null : detected != null
          && !detected.isAfter(truth)
          && !detected.isBefore(truth.minusDays(LAG_TOLERANCE.get(u.segment())));
      matched += ok ? 1 : 0;
    }
    assertTrue(observed > 100, observed + " observed onsets of " + engaged);
    assertTrue(matched >= 0.95 * engaged, matched + " of " + engaged + " onsets match");

    // Features as of the end: referrals, reach, lapsed.
    Dataset<Row> customers = spark.createDataFrame(sim.users().stream()
        .map(u -> org.apache.spark.sql.RowFactory.create(u.userId(), Date.valueOf(u.firstSeen())))
        .toList(), new org.apache.spark.sql.types.StructType().add("customer_id", "string")
        .add("signup_date", "date"));
    List<Row> features = EngagementFeatures.asOf(daily, Optional.of(customers),
        Optional.of(segments), end, spec)
        .select("customer_id", "referred_active_customers", "lifecycle_stage").collectAsList();
    assertEquals(users.size(), features.size());
    Map<String, Long> trueReferred = new TreeMap<>();
    users.values().stream().filter(u -> u.referredBy() != null)
        .forEach(u -> trueReferred.merge(u.referredBy(), 1L, Long::sum));
    Map<String, Long> referred = new TreeMap<>();
    int lapsedAgree = 0;
    for (Row r : features) {
      User u = users.get(r.getString(0));
      if (r.getLong(1) > 0) {
        referred.put(u.userId(), r.getLong(1));
      }
      String stage = r.getString(2);
      assertEquals(u.firstEngaged() == null, stage.equals("reach"), u.toString());
      boolean trulyLapsed = truthOnset(u, end) != null;
      lapsedAgree += trulyLapsed == stage.equals("lapsed") ? 1 : 0;
    }
    assertEquals(trueReferred, referred);
    assertTrue(lapsedAgree >= 0.95 * users.size(), lapsedAgree + " of " + users.size());

    // Training examples against the true label "the stop day + T falls in (S, S + H]".
    int h = 30;
    List<LocalDate> snapshots = new TrainingSpec(h, 28, 6).plan(end.minusYears(10), end, 1).dates();
    List<Row> examples = DisengagementLabels.trainingExamples(daily, Optional.of(segments),
            snapshots, h, end, spec)
        .select("as_of_date", "customer_id", "disengages_within_horizon", "event")
        .collectAsList();
    int positives = 0;
    int labelsAgree = 0;
    int eventsAgree = 0;
    for (Row r : examples) {
      LocalDate s = r.getDate(0).toLocalDate();
      User u = users.get(r.getString(1));
      LocalDate truth = truthOnset(u, end);
      boolean truthLabel = truth != null && truth.isAfter(s) && !truth.isAfter(s.plusDays(h));
      positives += r.getBoolean(2) ? 1 : 0;
      labelsAgree += r.getBoolean(2) == truthLabel ? 1 : 0;
      eventsAgree += r.getBoolean(3) == (truth != null) ? 1 : 0;
    }
    assertTrue(examples.size() > 300 && positives > 30,
        examples.size() + " examples, " + positives + " positive");
    assertTrue(labelsAgree >= 0.95 * examples.size(),
        labelsAgree + " of " + examples.size() + " labels agree");
    assertTrue(eventsAgree >= 0.95 * examples.size(),
        eventsAgree + " of " + examples.size() + " events agree");
    events.unpersist();
  }

  /** Stop day + T when that is observed by the end of the data, else null. */
  private static LocalDate truthOnset(User u, LocalDate end) {
    if (u.stopDay() == null) {
      return null;
    }
    LocalDate onset = u.stopDay().plusDays(T.get(u.segment()));
    return onset.isAfter(end) ? null : onset;
  }
}
