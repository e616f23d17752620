package io.lapse.models.policy;

import io.lapse.features.Segmenter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ladders of all segments, small and serializable so that Spark tasks can plan customers.
 *
 * <p>Which ladder a customer gets: the customer's segment's, else the {@code ALL} segment's (a
 * segment without a policy of its own, like a segment scored with the model of all customers).
 * Within a segment, a customer with a personal latency gets the ladder in latency units when there
 * is one; a customer without gets the ladder in days when there is one, else the latency ladder
 * with its times read as days ({@link PolicyTiming}).
 */
public final class PolicyBook implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, Map<TimingUnit, List<Rung>>> ladders;
  private final Map<String, List<TimingArm>> timingArms;
  private final WinBackStep winBack;
  /** segment -> unit -> preference group -> ladder. */
  private final Map<String, Map<TimingUnit, Map<String, List<Rung>>>> preferenceLadders;

  public PolicyBook(List<SegmentPolicy> policies) {
    this(policies, Map.of());
  }

  public PolicyBook(List<SegmentPolicy> policies, Map<String, List<TimingArm>> timingArms) {
    this(policies, timingArms, null);
  }

  /**
   * @param timingArms by segment, the timing arms of its policies (segments that explore; each
   *     arm names the unit of its policy)
   * @param winBack the step after the last rung, or null for none (customers past the ladder are
   *     then {@code past_ladder})
   */
  public PolicyBook(List<SegmentPolicy> policies, Map<String, List<TimingArm>> timingArms,
      WinBackStep winBack) {
    this(policies, timingArms, winBack, List.of());
  }

  /**
   * @param preferenceLadders the ladders of the reward preference groups: a customer of a group
   *     gets the group's ladder of the policy segment and unit instead of the policy's (without
   *     timing arms: the arms explore the default ladder)
   */
  public PolicyBook(List<SegmentPolicy> policies, Map<String, List<TimingArm>> timingArms,
      WinBackStep winBack, List<PreferenceLadder> preferenceLadders) {
    this.timingArms = new TreeMap<>(timingArms);
    this.winBack = winBack;
    Map<String, Map<TimingUnit, Map<String, List<Rung>>>> byGroup = new TreeMap<>();
    for (PreferenceLadder l : preferenceLadders) {
      byGroup.computeIfAbsent(l.segment(), k -> new EnumMap<>(TimingUnit.class))
          .computeIfAbsent(l.unit(), k -> new TreeMap<>()).put(l.group(), l.ladder());
    }
    this.preferenceLadders = byGroup;
    Map<String, Map<TimingUnit, List<Rung>>> m = new TreeMap<>();
    for (SegmentPolicy p : policies) {
      Map<TimingUnit, List<Rung>> byUnit =
          m.computeIfAbsent(p.segment(), k -> new EnumMap<>(TimingUnit.class));
      if (byUnit.put(p.unit(), new ArrayList<>(p.ladder())) != null) {
        throw new IllegalArgumentException("policy of segment '" + p.segment() + "' in unit "
            + p.unit().key() + " given more than once");
      }
    }
    this.ladders = m;
  }

  /**
   * Plans one customer.
   *
   * @param segment the customer's segment
   * @param recencyDays days since the last engaged day as of the as-of date, null when the
   *     customer has none
   * @param latencyDays personal latency in days, or null
   * @param dueWindowDays rungs due within this many days of the as-of date are due
   */
  public CustomerPlan plan(String segment, Integer recencyDays, Double latencyDays,
      int dueWindowDays) {
    return plan(segment, recencyDays, latencyDays, dueWindowDays, null);
  }

  /**
   * Plans one customer whose spell has the timing draw {@code timingDraw} in [0, 1) (null: no
   * draw, t* for everyone): on a ladder of a segment that explores, the first rung is planned at
   * the time of the spell's timing arm in the ladder's unit ({@link TimingExperiment#pick}).
   */
  public CustomerPlan plan(String segment, Integer recencyDays, Double latencyDays,
      int dueWindowDays, Double timingDraw) {
    return plan(segment, recencyDays, latencyDays, dueWindowDays, timingDraw, null);
  }

  /**
   * As above, for a customer of a reward preference group (null: none): the group's ladder where
   * the policy has one.
   */
  public CustomerPlan plan(String segment, Integer recencyDays, Double latencyDays,
      int dueWindowDays, Double timingDraw, String preferenceGroup) {
    if (recencyDays == null) {
      return new CustomerPlan(CustomerActions.NO_HISTORY, null, null, null, List.of());
    }
    if (recencyDays <= 0) {
      // Engaged on the as-of date: a new spell has not started, whatever the old one was due.
      return new CustomerPlan(CustomerActions.ACTIVE, null, null, null, List.of());
    }
    String policySegment = ladders.containsKey(segment) ? segment
        : ladders.containsKey(Segmenter.ALL) ? Segmenter.ALL : null;
    if (policySegment == null) {
      return new CustomerPlan(CustomerActions.NO_POLICY, null, null, null, List.of());
    }
    Map<TimingUnit, List<Rung>> byUnit = ladders.get(policySegment);
    boolean hasLatency = PolicyTiming.hasLatency(latencyDays);
    TimingUnit unit = hasLatency && byUnit.containsKey(TimingUnit.LATENCY) ? TimingUnit.LATENCY
        : byUnit.containsKey(TimingUnit.DAYS) ? TimingUnit.DAYS : TimingUnit.LATENCY;
    List<Rung> ladder = byUnit.get(unit);
    List<Rung> own = preferenceGroup == null ? null : preferenceLadders
        .getOrDefault(policySegment, Map.of()).getOrDefault(unit, Map.of()).get(preferenceGroup);
    if (own != null) {
      return plan(own, unit, policySegment, recencyDays, latencyDays, dueWindowDays, winBack);
    }
    List<TimingArm> arms = timingArms.getOrDefault(policySegment, List.of()).stream()
        .filter(a -> a.unit() == unit).toList();
    if (timingDraw != null && !arms.isEmpty() && !ladder.isEmpty()) {
      TimingArm arm = TimingExperiment.pick(arms, timingDraw);
      Rung first = ladder.get(0);
      List<Rung> moved = new ArrayList<>(ladder);
      moved.set(0, new Rung(1, first.action(), arm.t(), first.expectedValue(), first.uplift(),
          first.upliftSource(), first.cost(), first.inactiveShare(), first.valueIfActed()));
      ladder = moved;
    }
    return plan(ladder, unit, policySegment, recencyDays, latencyDays, dueWindowDays, winBack);
  }

  /**
   * Plans a customer on one ladder. Only the current spell counts: rung days are days since the
   * last engaged day, so a customer who came back starts the ladder again from its first rung, and
   * rungs of an earlier spell are never due. Rungs whose day is before the recency have passed
   * (the customer was already inactive longer when the policy started, or the rung was acted on
   * earlier): the next rung is the first whose day is on or after the recency, so each action is
   * due at most on one date per spell.
   */
  static CustomerPlan plan(List<Rung> ladder, TimingUnit unit, String policySegment,
      int recencyDays, Double latencyDays, int dueWindowDays, WinBackStep winBack) {
    if (ladder.isEmpty()) {
      return new CustomerPlan(CustomerActions.NO_ACTION, policySegment, unit, null, List.of());
    }
    List<PlannedAction> upcoming = new ArrayList<>();
    int previousDay = 0;
    for (Rung r : ladder) {
      // Rounding to whole days may merge two rungs; keep their order a day apart.
      int day = Math.max(PolicyTiming.actionDay(PolicyTiming.toDays(r.t(), unit, latencyDays)),
          previousDay + 1);
      previousDay = day;
      if (day >= recencyDays) {
        upcoming.add(new PlannedAction(r.rung(), r.action(), day, day - recencyDays,
            r.valueIfActed()));
      }
    }
    if (upcoming.isEmpty() && winBack != null) {
      int day = Math.max(recencyDays, previousDay + winBack.daysAfterLastRung());
      upcoming.add(new PlannedAction(ladder.size() + 1, winBack.action(), day, day - recencyDays,
          0.0));
    }
    if (upcoming.isEmpty()) {
      return new CustomerPlan(CustomerActions.PAST_LADDER, policySegment, unit, null, List.of());
    }
    PlannedAction next = upcoming.get(0);
    List<PlannedAction> due = upcoming.stream().filter(a -> a.dueInDays() <= dueWindowDays)
        .toList();
    return new CustomerPlan(due.isEmpty() ? CustomerActions.NOT_YET_DUE : CustomerActions.DUE,
        policySegment, unit, next, due);
  }
}
