package io.lapse.features.engagement;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded, deterministic clickstream with a known dis-engagement process, so that features and
 * labels can be checked against the truth.
 *
 * <p>Each user belongs to a segment and first shows up on a day uniform in the first {@code
 * cohortDays} days. A share of users is only ever reached (impressions, email opens: never an
 * engagement action). Every other user is engaged on the first day and then, on each following
 * day before the user's <em>stop day</em>, engaged with the segment's daily rate; the stop day is
 * the first day + an exponential lifetime (at least one day) with the segment's mean, and from it
 * on the user never engages again (null when it falls after the end: still engaged). An engaged
 * day has one session, or two with the segment's rate, at fixed day parts and at least two hours
 * apart; a session is a visit and up to four page views, a few minutes apart, plus each action type
 * of the segment with its daily probability; purchases carry an amount. Referred users name their
 * referrer (a user who showed up earlier) on their first event. Half the users (by default) send
 * session ids, the others are sessionized by the inactivity gap. On days without engagement a
 * user receives an email open with {@code passiveEventRate}.
 *
 * <p>With a fixed dis-engagement threshold T, the detected onset is the last engaged day + T + 1,
 * so it lies in [stop day + T - lag, stop day + T], the lag being the inactive days just before
 * the stop day (geometric with the segment's daily rate).
 */
public final class ClickstreamSimulator {

  /** Column names of the written event files. */
  public static final List<String> EVENT_COLUMNS = List.of("event_id", "user_id", "ts",
      "event_type", "session_id", "page", "referrer_user_id", "amount");
  public static final String TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss";

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern(TIMESTAMP_FORMAT);
  private static final int MAX_PAGE_VIEWS = 4;
  // Actions are at most 5 minutes apart, so a session (at most 22 actions) lasts under two hours;
  // the first starts by 11:00 and the second from 15:00 and by 19:00, so sessions are more than
  // two hours apart, never merge under a 30-minute gap and never cross midnight.
  private static final int MAX_STEP_SECONDS = 300;
  private static final int FIRST_SESSION_HOUR = 7;
  private static final int SECOND_SESSION_HOUR = 15;
  private static final int SESSION_START_SPREAD_SECONDS = 4 * 3600;

  /**
   * @param name segment name
   * @param share share of users, in (0, 1]; the shares add up to 1
   * @param dailyActiveRate probability of engaging on each day before the stop day, in (0, 1]
   * @param meanLifetimeDays mean days from the first day to the stop day (> 0)
   * @param secondSessionRate probability that an engaged day has a second session, in [0, 1]
   * @param actionRates event type -> probability per engaged day, each in [0, 1]
   */
  public record SegmentProfile(String name, double share, double dailyActiveRate,
      double meanLifetimeDays, double secondSessionRate, Map<String, Double> actionRates) {
    public SegmentProfile {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("simulated segment name must not be empty");
      }
      requireProbability(name, "share", share, false);
      requireProbability(name, "daily-active-rate", dailyActiveRate, false);
      if (!(meanLifetimeDays > 0) || Double.isInfinite(meanLifetimeDays)) {
        throw new IllegalArgumentException("simulated segment '" + name
            + "' mean-lifetime-days must be > 0 but was " + meanLifetimeDays);
      }
      requireProbability(name, "second-session-rate", secondSessionRate, true);
      actionRates = new TreeMap<>(Objects.requireNonNull(actionRates, "actionRates"));
      for (Map.Entry<String, Double> e : actionRates.entrySet()) {
        requireProbability(name, "action rate of '" + e.getKey() + "'", e.getValue(), true);
      }
      actionRates = java.util.Collections.unmodifiableMap(actionRates);
    }

    private static void requireProbability(String segment, String what, double p, boolean zeroOk) {
      if (!(zeroOk ? p >= 0 : p > 0) || p > 1) {
        throw new IllegalArgumentException("simulated segment '" + segment + "' " + what
            + " must be in " + (zeroOk ? "[0, 1]" : "(0, 1]") + " but was " + p);
      }
    }
  }

  /**
   * @param seed random seed: the same seed and settings give the same events
   * @param users number of users (>= 1)
   * @param startDate first day users can show up
   * @param endDate last day simulated (the end of the data)
   * @param cohortDays users show up in the first cohortDays days (1 .. days simulated)
   * @param reachOnlyShare share of users who never engage
   * @param referredShare share of engaged users referred by an earlier user
   * @param sessionIdShare share of users whose events carry session ids
   * @param passiveEventRate probability of an email open on a day without engagement
   * @param segments the segments, their shares adding up to 1
   */
  public record Spec(long seed, int users, LocalDate startDate, LocalDate endDate, int cohortDays,
      double reachOnlyShare, double referredShare, double sessionIdShare, double passiveEventRate,
      List<SegmentProfile> segments) {
    public Spec {
      if (users < 1) {
        throw new IllegalArgumentException("simulated users must be >= 1 but was " + users);
      }
      if (!endDate.isAfter(startDate)) {
        throw new IllegalArgumentException("simulation end-date must be after start-date but were "
            + startDate + " and " + endDate);
      }
      long days = ChronoUnit.DAYS.between(startDate, endDate) + 1;
      if (cohortDays < 1 || cohortDays > days) {
        throw new IllegalArgumentException("simulation cohort-days must be in [1, " + days
            + "] but was " + cohortDays);
      }
      List<Double> rates =
          List.of(reachOnlyShare, referredShare, sessionIdShare, passiveEventRate);
      if (rates.stream().anyMatch(p -> !(p >= 0 && p <= 1))) {
        throw new IllegalArgumentException("simulation reach-only-share, referred-share,"
            + " session-id-share and passive-event-rate must be in [0, 1] but were " + rates);
      }
      segments = List.copyOf(segments);
      double total = segments.stream().mapToDouble(SegmentProfile::share).sum();
      if (segments.isEmpty() || Math.abs(total - 1.0) > 1e-9) {
        throw new IllegalArgumentException(
            "simulated segment shares must add up to 1 but add up to " + total);
      }
    }

    public Spec withUsers(int n) {
      return new Spec(seed, n, startDate, endDate, cohortDays, reachOnlyShare, referredShare,
          sessionIdShare, passiveEventRate, segments);
    }

    public Spec withSeed(long s) {
      return new Spec(s, users, startDate, endDate, cohortDays, reachOnlyShare, referredShare,
          sessionIdShare, passiveEventRate, segments);
    }
  }

  /**
   * The truth about one user.
   *
   * @param firstSeen the day the user first shows up
   * @param firstEngaged the first engaged day (= firstSeen), null for reach-only users
   * @param stopDay the first day from which the user never engages again; null when still engaged
   *     at the end of the data or reach-only
   * @param referredBy the referring user, or null
   * @param sendsSessionIds whether the user's events carry session ids
   */
  public record User(String userId, String segment, LocalDate firstSeen, LocalDate firstEngaged,
      LocalDate stopDay, String referredBy, boolean sendsSessionIds) {}

  /**
   * One event; {@code trueSession} numbers the session it belongs to (unique over the simulation,
   * 0 for events outside sessions) and is not written to files.
   */
  public record Event(String eventId, String userId, LocalDateTime time, String eventType,
      String sessionId, String page, String referrerUserId, Double amount, int trueSession) {}

  /** The simulated users and their events, in generation order. */
  public record Simulation(Spec spec, List<User> users, List<Event> events) {

    /** Writes the events as JSON lines with {@link #EVENT_COLUMNS}; nulls are left out. */
    public void writeJsonLines(Path file) {
      write(file, null, e -> {
        StringBuilder b = new StringBuilder("{");
        Object[] values = values(e);
        for (int i = 0; i < values.length; i++) {
          if (values[i] == null) {
            continue;
          }
          if (b.length() > 1) {
            b.append(',');
          }
          b.append('"').append(EVENT_COLUMNS.get(i)).append("\":");
          b.append(values[i] instanceof Double
              ? values[i].toString() : quoteJson((String) values[i]));
        }
        return b.append('}').toString();
      });
    }

    /** Writes the events as CSV with a header of {@link #EVENT_COLUMNS}; nulls are empty fields. */
    public void writeCsv(Path file) {
      write(file, String.join(",", EVENT_COLUMNS), e -> {
        List<String> fields = new ArrayList<>();
        for (Object v : values(e)) {
          fields.add(v == null ? "" : v.toString());
        }
        return String.join(",", fields);
      });
    }

    /** Writes the users as a customers table: customer_id, segment, signup_date (first seen). */
    public void writeCustomersCsv(Path file) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write("customer_id,segment,signup_date\n");
        for (User u : users) {
          w.write(u.userId() + "," + u.segment() + "," + u.firstSeen() + "\n");
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    private void write(Path file, String header, java.util.function.Function<Event, String> line) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        if (header != null) {
          w.write(header);
          w.write('\n');
        }
        for (Event e : events) {
          w.write(line.apply(e));
          w.write('\n');
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    private static Object[] values(Event e) {
      return new Object[] {e.eventId(), e.userId(), TS.format(e.time()), e.eventType(),
          e.sessionId(), e.page(), e.referrerUserId(), e.amount()};
    }

    private static String quoteJson(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  private ClickstreamSimulator() {}

  public static Simulation simulate(Spec spec) {
    Random rng = new Random(spec.seed());
    int width = String.valueOf(spec.users()).length();
    List<User> drafts = new ArrayList<>();
    for (int i = 0; i < spec.users(); i++) {
      String id = String.format(Locale.ROOT, "u%0" + width + "d", i + 1);
      SegmentProfile seg = pickSegment(spec.segments(), rng.nextDouble());
      LocalDate first = spec.startDate().plusDays(rng.nextInt(spec.cohortDays()));
      boolean reachOnly = rng.nextDouble() < spec.reachOnlyShare();
      LocalDate stop = null;
      if (!reachOnly) {
        double lifetime = -Math.log(1.0 - rng.nextDouble()) * seg.meanLifetimeDays();
        LocalDate s = first.plusDays(Math.max(1, (long) Math.ceil(lifetime)));
        stop = s.isAfter(spec.endDate()) ? null : s;
      }
      boolean ids = rng.nextDouble() < spec.sessionIdShare();
      drafts.add(new User(id, seg.name(), first, reachOnly ? null : first, stop, null, ids));
    }
    List<User> users = new ArrayList<>();
    for (User u : drafts) {
      String referrer = null;
      if (u.firstEngaged() != null && rng.nextDouble() < spec.referredShare()) {
        List<User> earlier = drafts.stream()
            .filter(o -> o.firstSeen().isBefore(u.firstSeen())).toList();
        if (!earlier.isEmpty()) {
          referrer = earlier.get(rng.nextInt(earlier.size())).userId();
        }
      }
      users.add(new User(u.userId(), u.segment(), u.firstSeen(), u.firstEngaged(), u.stopDay(),
          referrer, u.sendsSessionIds()));
    }
    Generator g = new Generator(spec, rng);
    for (User u : users) {
      g.user(u, spec.segments().stream().filter(s -> s.name().equals(u.segment())).findFirst()
          .orElseThrow());
    }
    return new Simulation(spec, List.copyOf(users), List.copyOf(g.events));
  }

  private static SegmentProfile pickSegment(List<SegmentProfile> segments, double u) {
    double cumulative = 0;
    for (SegmentProfile s : segments) {
      cumulative += s.share();
      if (u < cumulative) {
        return s;
      }
    }
    return segments.get(segments.size() - 1);
  }

  /** Holds the running event and session counters. */
  private static final class Generator {
    private final Spec spec;
    private final Random rng;
    private final List<Event> events = new ArrayList<>();
    private int session;

    Generator(Spec spec, Random rng) {
      this.spec = spec;
      this.rng = rng;
    }

    void user(User u, SegmentProfile seg) {
      LocalDate engagedUntil = u.stopDay() == null ? spec.endDate().plusDays(1) : u.stopDay();
      for (LocalDate d = u.firstSeen(); !d.isAfter(spec.endDate()); d = d.plusDays(1)) {
        boolean engaged = u.firstEngaged() != null && d.isBefore(engagedUntil)
            && (d.equals(u.firstEngaged()) || rng.nextDouble() < seg.dailyActiveRate());
        if (engaged) {
          engagedDay(u, seg, d);
        } else if (d.equals(u.firstSeen()) || rng.nextDouble() < spec.passiveEventRate()) {
          // A reach-only user is seen on the first day by an impression, later by email opens.
          String type = d.equals(u.firstSeen()) ? "impression" : "email_open";
          add(u.userId(), d.atTime(5, 0).plusSeconds(rng.nextInt(3600)), type, null, null, null,
              null, 0);
        }
      }
    }

    private void engagedDay(User u, SegmentProfile seg, LocalDate d) {
      int sessions = rng.nextDouble() < seg.secondSessionRate() ? 2 : 1;
      List<List<Object[]>> planned = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        List<Object[]> actions = new ArrayList<>();
        actions.add(new Object[] {"visit", null});
        int views = rng.nextInt(MAX_PAGE_VIEWS + 1);
        for (int v = 0; v < views; v++) {
          actions.add(new Object[] {"page_view", null});
        }
        planned.add(actions);
      }
      for (Map.Entry<String, Double> e : seg.actionRates().entrySet()) {
        if (rng.nextDouble() < e.getValue()) {
          Double amount = e.getKey().equals("purchase")
              ? Math.round((10 + rng.nextDouble() * 90) * 100) / 100.0 : null;
          planned.get(rng.nextInt(sessions)).add(new Object[] {e.getKey(), amount});
        }
      }
      boolean referredToday = d.equals(u.firstEngaged()) && u.referredBy() != null;
      for (int s = 0; s < sessions; s++) {
        session++;
        int hour = s == 0 ? FIRST_SESSION_HOUR : SECOND_SESSION_HOUR;
        LocalDateTime t = d.atTime(hour, 0).plusSeconds(rng.nextInt(SESSION_START_SPREAD_SECONDS));
        String sessionId = u.sendsSessionIds()
            ? u.userId() + "-" + d + "-" + (s + 1) : null;
        boolean firstEvent = true;
        for (Object[] a : planned.get(s)) {
          String referrer = referredToday && s == 0 && firstEvent ? u.referredBy() : null;
          add(u.userId(), t, (String) a[0], sessionId, "/p/" + rng.nextInt(50), referrer,
              (Double) a[1], session);
          t = t.plusSeconds(10 + rng.nextInt(MAX_STEP_SECONDS - 9));
          firstEvent = false;
        }
      }
    }

    private void add(String user, LocalDateTime t, String type, String sessionId, String page,
        String referrer, Double amount, int trueSession) {
      events.add(new Event("e" + (events.size() + 1), user, t, type, sessionId, page, referrer,
          amount, trueSession));
    }
  }
}
