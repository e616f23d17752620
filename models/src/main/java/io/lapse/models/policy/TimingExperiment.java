package io.lapse.models.policy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Timing arms of a segment's first rung, allocated by Thompson sampling, so that the uplift of
 * the first action is measured at the inactivity points around t* and t* can move to where the
 * evidence says it pays most.
 *
 * <p>The arms act at t* x 2^j for j = -{@link ExperimentSpec#armOctaves()}..armOctaves (W's
 * scale is multiplicative in time: returns and reachability decay exponentially), on the grid,
 * plus in the middle of the buckets next to t*'s; one arm per inactivity bucket (t*'s own arm
 * acts at t*). Each bucket's treated
 * and control response rates get Beta(1 + responses, 1 + non-responses) posteriors from the
 * experiment so far (a bucket without contacts is uniform on both). A posterior draw of the two
 * rates gives uplift u = p_treated - p_control and the arm's value
 * W = S(t) (u V - c(t)) with the contact cost of {@link PolicyAction#contactCost} (the control
 * rate as the share who return on their own); the share of draws in which an arm has the largest
 * W is its probability of being best. The segment explores while t*'s bucket is best with a
 * probability below {@link ExperimentSpec#stopExploringAt()}: the other arms then get shares in
 * proportion to their probabilities, together at most {@link ExperimentSpec#exploreShare()}, and
 * t*'s arm the rest.
 *
 * <p>Written here because the allocation is a few thousand draws of a handful of Beta
 * distributions per segment (commons-math samples them); no library does the policy-specific
 * value of an arm.
 */
public final class TimingExperiment {

  private TimingExperiment() {}

  /**
   * @param policy the segment's policy (with its curve and value), in days or latency units
   * @param spec the policy spec (grid and actions)
   * @param history the uplift measured so far (bucket width, counts)
   * @param experiment the exploration settings
   * @param seed seeds the posterior draws (the same night and segment give the same arms)
   * @return the arms, in the policy's unit, empty when the segment does not explore (no action
   *     pays, exploration off, or t*'s bucket is best with enough probability)
   */
  public static List<TimingArm> arms(SegmentPolicy policy, PolicySpec spec,
      CampaignUplift history, ExperimentSpec experiment, long seed) {
    if (policy.noAction() || experiment.exploreShare() == 0) {
      return List.of();
    }
    Rung first = policy.ladder().get(0);
    PolicyAction action = spec.actions().stream().filter(a -> a.name().equals(first.action()))
        .findFirst().orElseThrow();
    TimingUnit unit = policy.unit();
    double width = history.spec().bucketWidth(unit);
    double tStar = first.t();
    int home = CampaignUplift.bucketOf(tStar, width);
    int lastBucket = CampaignUplift.bucketOf(spec.maxTime() - spec.timeStep(), width);
    java.util.TreeMap<Integer, Double> candidates = new java.util.TreeMap<>();
    candidates.put(home, tStar);
    for (int j = -experiment.armOctaves(); j <= experiment.armOctaves(); j++) {
      double t = onGrid(tStar * Math.pow(2, j), spec);
      candidates.putIfAbsent(CampaignUplift.bucketOf(t, width), t);
    }
    for (int b : new int[] {home - 1, home + 1}) {
      double t = onGrid(b * width + width / 2.0, spec);
      if (b >= 0 && b <= lastBucket && CampaignUplift.bucketOf(t, width) == b) {
        candidates.putIfAbsent(b, t);
      }
    }
    List<Integer> buckets = new ArrayList<>(candidates.keySet());
    List<Double> times = new ArrayList<>(candidates.values());
    int n = buckets.size();
    if (n < 2) {
      return List.of();
    }
    RandomGenerator rng = new Well19937c(seed);
    BetaDistribution[] treated = new BetaDistribution[n];
    BetaDistribution[] control = new BetaDistribution[n];
    double[] survival = new double[n];
    for (int i = 0; i < n; i++) {
      long[] c = counts(history.buckets(policy.segment(), action.name(), unit), buckets.get(i));
      treated[i] = new BetaDistribution(rng, 1 + c[1], 1 + c[0] - c[1]);
      control[i] = new BetaDistribution(rng, 1 + c[3], 1 + c[2] - c[3]);
      survival[i] = survivalAt(policy, times.get(i));
    }
    long[] wins = new long[n];
    for (int d = 0; d < experiment.thompsonDraws(); d++) {
      int best = 0;
      double bestW = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double pControl = control[i].sample();
        double uplift = treated[i].sample() - pControl;
        double w = survival[i] * action.netValue(policy.value(), uplift, pControl);
        if (w > bestW) {
          bestW = w;
          best = i;
        }
      }
      wins[best]++;
    }
    int homeIndex = buckets.indexOf(home);
    double[] p = new double[n];
    double others = 0;
    for (int i = 0; i < n; i++) {
      p[i] = wins[i] / (double) experiment.thompsonDraws();
      if (i != homeIndex) {
        others += p[i];
      }
    }
    if (p[homeIndex] >= experiment.stopExploringAt() || others == 0) {
      return List.of();
    }
    double explore = Math.min(experiment.exploreShare(), others);
    List<TimingArm> arms = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double share = i == homeIndex ? 1 - explore : explore * p[i] / others;
      arms.add(new TimingArm(unit, buckets.get(i), times.get(i), share, p[i]));
    }
    return List.copyOf(arms);
  }

  /**
   * The arm of a spell: the arm whose cumulative share (in bucket order) first exceeds the
   * spell's draw in [0, 1).
   */
  public static TimingArm pick(List<TimingArm> arms, double draw) {
    double cumulative = 0;
    for (TimingArm a : arms) {
      cumulative += a.share();
      if (draw < cumulative) {
        return a;
      }
    }
    return arms.get(arms.size() - 1);
  }

  /** {treated, treated responses, control, control responses} of a bucket; zeros without one. */
  private static long[] counts(List<UpliftBucket> buckets, int bucket) {
    for (UpliftBucket b : buckets) {
      if (b.bucket() == bucket) {
        return new long[] {b.treated(), b.treatedResponses(), b.control(), b.controlResponses()};
      }
    }
    return new long[4];
  }

  private static double onGrid(double t, PolicySpec spec) {
    double step = spec.timeStep();
    return Math.min(spec.maxTime(), Math.max(step, Math.ceil(t / step - 1e-9) * step));
  }

  private static double survivalAt(SegmentPolicy policy, double t) {
    double[] times = policy.times();
    double s = 1.0;
    for (int i = 0; i < times.length && times[i] <= t + 1e-9; i++) {
      s = policy.survival()[i];
    }
    return s;
  }
}
