package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.ClickstreamSimulator.Event;
import io.lapse.features.engagement.ClickstreamSimulator.Simulation;
import io.lapse.features.engagement.ClickstreamSimulator.User;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator's own promises, checked on its output in plain Java. */
class ClickstreamSimulatorTest {

  private static final Set<String> PASSIVE = Set.of("impression", "email_open");
  private final Simulation sim =
      ClickstreamSimulator.simulate(ClickstreamScenario.year2024().withUsers(200));

  @Test
  void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() throws Exception {
    Simulation again =
        ClickstreamSimulator.simulate(ClickstreamScenario.year2024().withUsers(200));
    assertEquals(sim.users(), again.users());
    assertEquals(sim.events(), again.events());
    assertNotEquals(sim.events(), ClickstreamSimulator.simulate(
        ClickstreamScenario.year2024().withUsers(200).withSeed(7)).events());
    Path dir = TestSpark.tempDir("sim");
    sim.writeCsv(dir.resolve("a.csv"));
    again.writeCsv(dir.resolve("b.csv"));
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    assertEquals(sim.events().size() + 1, Files.readAllLines(dir.resolve("a.csv")).size());
  }

  @Test
  void usersFollowTheirKnownProcess() {
    Map<String, List<Event>> byUser = sim.events().stream()
        .collect(Collectors.groupingBy(Event::userId));
    Map<String, User> users = sim.users().stream()
        .collect(Collectors.toMap(User::userId, Function.identity()));
    int reachOnly = 0;
    int stopped = 0;
    int referred = 0;
    for (User u : sim.users()) {
      List<Event> events = byUser.get(u.userId());
      List<Event> actions = events.stream().filter(e -> !PASSIVE.contains(e.eventType())).toList();
      if (u.firstEngaged() == null) {
        reachOnly++;
        assertTrue(actions.isEmpty(), u.userId());
        continue;
      }
      LocalDate first = actions.stream().map(e -> e.time().toLocalDate()).min(LocalDate::compareTo)
          .orElseThrow();
      assertEquals(u.firstEngaged(), first, u.userId());
      if (u.stopDay() != null) {
        stopped++;
        assertTrue(actions.stream().allMatch(e -> e.time().toLocalDate().isBefore(u.stopDay())),
            u.userId());
      }
      if (u.referredBy() != null) {
        referred++;
        Event firstEvent = actions.stream().min((a, b) -> a.time().compareTo(b.time())).get();
        assertEquals(u.referredBy(), firstEvent.referrerUserId());
        assertTrue(users.get(u.referredBy()).firstSeen().isBefore(u.firstSeen()));
      }
      assertTrue(actions.stream().allMatch(e -> u.sendsSessionIds() == (e.sessionId() != null)));
    }
    // The defaults give every kind of user in a 200-user run.
    assertTrue(reachOnly > 0 && stopped > 50 && referred > 10,
        reachOnly + " reach-only, " + stopped + " stopped, " + referred + " referred");
    Set<String> types = sim.events().stream().map(Event::eventType).collect(Collectors.toSet());
    assertTrue(types.containsAll(Set.of("visit", "page_view", "purchase", "review", "comment",
        "post", "idea", "suggestion", "share", "referral", "invite", "answer", "support_reply",
        "event", "meetup", "survey", "complaint", "campaign_click", "impression", "email_open")),
        types.toString());
  }

  @Test
  void sessionsStayWithinADayAndAreSeparatedByMoreThanTheGap() {
    Map<Integer, List<Event>> sessions = new HashMap<>();
    for (Event e : sim.events()) {
      if (e.trueSession() > 0) {
        sessions.computeIfAbsent(e.trueSession(), k -> new ArrayList<>()).add(e);
      } else {
        assertTrue(PASSIVE.contains(e.eventType()), e.toString());
        assertNull(e.sessionId());
      }
    }
    Map<String, List<List<Event>>> byUserDay = new HashMap<>();
    for (List<Event> s : sessions.values()) {
      LocalDate day = s.get(0).time().toLocalDate();
      assertTrue(s.stream().allMatch(e -> e.time().toLocalDate().equals(day)));
      for (int i = 1; i < s.size(); i++) {
        assertTrue(Duration.between(s.get(i - 1).time(), s.get(i).time()).toMinutes() < 30);
      }
      byUserDay.computeIfAbsent(s.get(0).userId() + day, k -> new ArrayList<>()).add(s);
    }
    for (List<List<Event>> day : byUserDay.values()) {
      if (day.size() == 2) {
        List<Event> a = day.get(0).get(0).time().isBefore(day.get(1).get(0).time())
            ? day.get(0) : day.get(1);
        List<Event> b = a == day.get(0) ? day.get(1) : day.get(0);
        assertTrue(Duration.between(a.get(a.size() - 1).time(), b.get(0).time()).toMinutes() > 30);
      } else {
        assertEquals(1, day.size());
      }
    }
  }
}
