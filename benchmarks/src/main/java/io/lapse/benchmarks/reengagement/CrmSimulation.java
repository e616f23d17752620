package io.lapse.benchmarks.reengagement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * The customers and the CRM of the closed loop: customers engage by the known truth of their
 * segment ({@link TrueSegment}), the CRM sends the actions lapse lists on their due dates to the
 * customers still in the spell they were planned for, and the contacted respond by the truth.
 * Everything happens by day; a day's contacts go out before its engagements.
 */
final class CrmSimulation {

  /** What the CRM sends: the action planned for a customer's spell, on a day. */
  record Send(String customerId, String action, LocalDate day, LocalDate spellStart) {}

  /** One contact the CRM made, with what the truth did. */
  record Contact(String customerId, String segment, String action, LocalDate day, int daysInactive,
      boolean wonBack, boolean cameBackInWindow, boolean wouldHaveComeBackInWindow) {}

  /** An engaged day: one transaction. */
  record Transaction(String customerId, LocalDate day, double amount) {}

  private static final int NEVER = Integer.MAX_VALUE;

  private final List<TrueSegment> segments;
  private final LocalDate start;
  private final int window;
  private final SplittableRandom random;
  private final List<String> ids = new ArrayList<>();
  private final List<Integer> segmentOf = new ArrayList<>();
  private final List<Integer> firstDay = new ArrayList<>();
  private final List<Integer> spellStart = new ArrayList<>();
  private final List<Integer> nextEngaged = new ArrayList<>();
  private final List<Integer> naturalNext = new ArrayList<>();
  private final List<Double> neverReturn = new ArrayList<>();
  private final List<Double> meanReturn = new ArrayList<>();
  private final BetaDistribution[] neverDistribution;
  private final GammaDistribution returnFactor;
  private final SpellLog[] logs;
  private int logFrom = Integer.MAX_VALUE;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<Integer, List<Integer>> engagedOn = new HashMap<>();
  private final Map<Integer, List<Send>> sends = new HashMap<>();
  private final long[] spellsStarted;
  private int today = -1;

  CrmSimulation(List<TrueSegment> segments, LocalDate start, int responseWindowDays, long seed) {
    this.segments = List.copyOf(segments);
    this.start = start;
    this.window = responseWindowDays;
    this.random = new SplittableRandom(seed);
    this.spellsStarted = new long[segments.size()];
    Well19937c rng = new Well19937c(seed);
    this.neverDistribution = new BetaDistribution[segments.size()];
    this.logs = new SpellLog[segments.size()];
    for (int s = 0; s < segments.size(); s++) {
      double m = segments.get(s).neverReturn();
      neverDistribution[s] = new BetaDistribution(rng, 4 * m, 4 * (1 - m));
      logs[s] = new SpellLog();
    }
    this.returnFactor = new GammaDistribution(rng, 2, 0.5);
  }

  /** Logs the natural return time of the spells that start on or after {@code day}. */
  void logSpellsFrom(LocalDate day) {
    logFrom = (int) (day.toEpochDay() - start.toEpochDay());
  }

  /** The logged spells of a segment (by its index). */
  SpellLog log(int segment) {
    return logs[segment];
  }

  LocalDate day(int d) {
    return start.plusDays(d);
  }

  /** The day simulated last (start - 1 before the first). */
  LocalDate lastDay() {
    return day(today);
  }

  /** Schedules contacts; those for days already simulated are sent on the next day. */
  void schedule(List<Send> planned) {
    for (Send s : planned) {
      int d = (int) (s.day().toEpochDay() - start.toEpochDay());
      sends.computeIfAbsent(Math.max(d, today + 1), k -> new ArrayList<>()).add(s);
    }
  }

  /** Spells started so far per segment (first engaged days and returns). */
  long[] spellsStarted() {
    return spellsStarted.clone();
  }

  /** Simulates the days after the last one through {@code through}. */
  void simulateThrough(LocalDate through, List<Transaction> transactions,
      List<Contact> contacts) {
    int last = (int) (through.toEpochDay() - start.toEpochDay());
    while (today < last) {
      today++;
      for (int s = 0; s < segments.size(); s++) {
        for (int i = 0; i < segments.get(s).newPerDay(); i++) {
          int c = ids.size();
          String id = segments.get(s).name() + "-" + c;
          ids.add(id);
          index.put(id, c);
          segmentOf.add(s);
          firstDay.add(today);
          spellStart.add(today);
          nextEngaged.add(NEVER);
          naturalNext.add(NEVER);
          neverReturn.add(neverDistribution[s].sample());
          meanReturn.add(segments.get(s).meanReturnDays() * returnFactor.sample());
          engage(c, transactions);
        }
      }
      for (Send s : sends.getOrDefault(today, List.of())) {
        contact(s, contacts);
      }
      sends.remove(today);
      for (int c : engagedOn.getOrDefault(today, List.of())) {
        if (nextEngaged.get(c) == today) {
          engage(c, transactions);
        }
      }
      engagedOn.remove(today);
    }
  }

  private void contact(Send s, List<Contact> contacts) {
    Integer c = index.get(s.customerId());
    int planned = (int) (s.spellStart().toEpochDay() - start.toEpochDay());
    // The CRM sends only to customers still in the spell the action was planned for.
    if (c == null || spellStart.get(c) != planned || nextEngaged.get(c) < today) {
      return;
    }
    TrueSegment seg = segments.get(segmentOf.get(c));
    int inactive = today - planned;
    boolean won = random.nextDouble() < seg.winBack(inactive);
    int natural = naturalNext.get(c);
    int back = natural;
    if (won) {
      back = Math.min(natural, today + random.nextInt(7));
      if (back < nextEngaged.get(c)) {
        nextEngaged.set(c, back);
        engagedOn.computeIfAbsent(back, k -> new ArrayList<>()).add(c);
      }
    }
    contacts.add(new Contact(s.customerId(), seg.name(), s.action(), day(today), inactive, won,
        back < today + window, natural < today + window));
  }

  private void engage(int c, List<Transaction> transactions) {
    transactions.add(new Transaction(ids.get(c), day(today),
        Math.round((10 + 40 * random.nextDouble()) * 100) / 100.0));
    spellsStarted[segmentOf.get(c)]++;
    spellStart.set(c, today);
    int next = NEVER;
    if (random.nextDouble() >= neverReturn.get(c)) {
      // P(R > t) = exp(-t / mean) for whole t: R = 1 + floor(Exp(mean)).
      next = today + 1 + (int) Math.floor(-meanReturn.get(c) * Math.log(
          1 - random.nextDouble()));
    }
    if (today >= logFrom) {
      logs[segmentOf.get(c)].add(next == NEVER ? -1 : next - today);
    }
    nextEngaged.set(c, next);
    naturalNext.set(c, next);
    if (next != NEVER) {
      engagedOn.computeIfAbsent(next, k -> new ArrayList<>()).add(c);
    }
  }

  /** (customer_id, first day, segment) of every customer so far. */
  List<String[]> customers() {
    List<String[]> out = new ArrayList<>(ids.size());
    for (int c = 0; c < ids.size(); c++) {
      out.add(new String[] {ids.get(c), day(firstDay.get(c)).toString(),
          segments.get(segmentOf.get(c)).name()});
    }
    return out;
  }
}
