package io.lapse.models.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The re-engagement policy of one segment.
 *
 * @param segment the segment
 * @param unit the unit of all times of the policy
 * @param value V used
 * @param spells inactivity spells the return-time curve was estimated from
 * @param plateau S_inf: the share of spells never observed to end
 * @param times the time grid
 * @param survival S(t) on the grid
 * @param curves W(t) of each action as the first rung, in ladder (cost) order
 * @param ladder the escalation ladder, empty when no action pays ("no action")
 * @param upliftSource {@link UpliftModel#CAMPAIGN_HISTORY} when any uplift value of the segment
 *     came from campaign history, else {@link UpliftModel#PRIOR}
 * @param interval bootstrap interval of t*, null when not computed or when no action pays
 */
public record SegmentPolicy(
    String segment,
    TimingUnit unit,
    double value,
    long spells,
    double plateau,
    double[] times,
    double[] survival,
    List<ActionCurve> curves,
    List<Rung> ladder,
    String upliftSource,
    TStarInterval interval) {

  public SegmentPolicy {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(unit, "unit");
    curves = List.copyOf(curves);
    ladder = List.copyOf(ladder);
    validateLadder(segment, ladder);
  }

  /**
   * A ladder is in rung order, its times strictly increase and no action appears twice: the
   * invariant that keeps a customer from being due the same action twice in one spell.
   */
  static void validateLadder(String segment, List<Rung> ladder) {
    Set<String> seen = new HashSet<>();
    double previous = 0;
    for (int k = 0; k < ladder.size(); k++) {
      Rung r = ladder.get(k);
      if (r.rung() != k + 1) {
        throw new IllegalArgumentException("ladder of segment '" + segment + "' rung " + (k + 1)
            + " is numbered " + r.rung());
      }
      if (!seen.add(r.action())) {
        throw new IllegalArgumentException("ladder of segment '" + segment + "' has action '"
            + r.action() + "' more than once");
      }
      if (!(r.t() > previous)) {
        throw new IllegalArgumentException("ladder of segment '" + segment + "' times must "
            + "increase but rung " + r.rung() + " is at " + r.t() + " after " + previous);
      }
      previous = r.t();
    }
  }

  /** t*: the first rung's time, or null for "no action". */
  public Double tStar() {
    return ladder.isEmpty() ? null : ladder.get(0).t();
  }

  public boolean noAction() {
    return ladder.isEmpty();
  }

  /** Sum of the rungs' expected values: the ladder's value per lapsing customer. */
  public double ladderValue() {
    return ladder.stream().mapToDouble(Rung::expectedValue).sum();
  }

  /**
   * This policy with the first rung moved to grid time {@code t}, its value read from the
   * action's W curve; this policy itself when t is not on the grid or not before the second rung.
   */
  public SegmentPolicy withFirstRungAt(double t) {
    if (ladder.isEmpty() || (ladder.size() > 1 && t >= ladder.get(1).t())) {
      return this;
    }
    int i = -1;
    for (int k = 0; k < times.length; k++) {
      if (Math.abs(times[k] - t) < 1e-9) {
        i = k;
      }
    }
    Rung first = ladder.get(0);
    ActionCurve curve = curves.stream().filter(c -> c.action().equals(first.action()))
        .findFirst().orElse(null);
    if (i < 0 || curve == null || !(curve.w()[i] > 0)) {
      return this;
    }
    List<Rung> moved = new java.util.ArrayList<>(ladder);
    moved.set(0, new Rung(1, first.action(), times[i], curve.w()[i], curve.uplift()[i],
        first.upliftSource(), first.cost(), survival[i], curve.w()[i] / survival[i]));
    return new SegmentPolicy(segment, unit, value, spells, plateau, times, survival, curves, moved,
        upliftSource, interval);
  }

  public SegmentPolicy withInterval(TStarInterval i) {
    return new SegmentPolicy(segment, unit, value, spells, plateau, times, survival, curves, ladder,
        upliftSource, i);
  }
}
