package io.lapse.models.policy;

import io.lapse.models.km.KaplanMeierCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds a segment's optimal re-engagement points and escalation ladder from its return-time
 * curve; plain Java on the driver (a segment's curve is a few hundred points). The model is
 * described in the package documentation.
 */
public final class PolicyOptimizer {

  private final PolicySpec spec;
  private final double[] grid;
  /** The ladder's actions in the order the rungs take them. */
  private final List<PolicyAction> byCost;

  /** The ladder of all the spec's actions in order of cost. */
  public PolicyOptimizer(PolicySpec spec) {
    this(spec, spec.actionsByCost());
  }

  /**
   * A ladder of the given actions in the given order (a preference group's: its reward kinds
   * first, see {@link RewardPreferences#ladder}).
   */
  public PolicyOptimizer(PolicySpec spec, List<PolicyAction> ladderActions) {
    this.spec = Objects.requireNonNull(spec, "policy spec");
    this.grid = spec.grid();
    this.byCost = List.copyOf(ladderActions);
  }

  public PolicySpec spec() {
    return spec;
  }

  /** With the configured V and the prior uplift of the configured half-life. */
  public SegmentPolicy optimize(String segment, KaplanMeierCurve curve) {
    return optimize(segment, curve, spec.valuePerCustomer(),
        UpliftModel.prior(spec.reachability()));
  }

  /**
   * @param segment the segment's name, recorded on the policy
   * @param curve S(t): the segment's return-time Kaplan-Meier curve, time in the spec's unit
   * @param value V of the segment
   * @param uplift uplift(t) of each action (the prior, or campaign history over the prior)
   */
  public SegmentPolicy optimize(String segment, KaplanMeierCurve curve, double value,
      UpliftModel uplift) {
    Objects.requireNonNull(curve, "return-time curve");
    Objects.requireNonNull(uplift, "uplift model");
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("value of segment '" + segment
          + "' must be > 0 and finite but was " + value);
    }
    double plateau = curve.tail();
    double[] s = survivalOnGrid(curve, grid);
    double[] afterWindow = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      afterWindow[i] = grid[i] + spec.responseWindow();
    }
    double[] sAfter = survivalOnGrid(curve, afterWindow);
    int n = grid.length;
    int m = byCost.size();
    double[][] u = new double[m][n];
    double[][] net = new double[m][n]; // u V - contact cost: acting on one still inactive at t
    String[][] source = new String[m][n];
    String segmentSource = UpliftModel.PRIOR;
    List<ActionCurve> curves = new ArrayList<>(m);
    for (int a = 0; a < m; a++) {
      PolicyAction action = byCost.get(a);
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        u[a][i] = uplift.uplift(action, grid[i], s[i], plateau);
        source[a][i] = uplift.source(action, grid[i]);
        if (!UpliftModel.PRIOR.equals(source[a][i])) {
          segmentSource = source[a][i];
        }
        net[a][i] = action.netValue(value, u[a][i],
            uplift.naturalReturn(action, grid[i], s[i], sAfter[i]));
        w[i] = s[i] * net[a][i];
      }
      curves.add(new ActionCurve(action.name(), u[a], w));
    }

    // The ladder, greedily: each rung is the best time of the next action in order, given the
    // customers that earlier rungs won back. An action that cannot pay at its turn is skipped
    // rather than ending the ladder, because a dearer action with a higher response can still pay
    // where a cheap one does not (email to customers who ignore e-mail); the ladder ends when no
    // remaining action pays.
    List<Rung> ladder = new ArrayList<>();
    double remaining = 1.0; // product of (1 - u_j(t_j)) over earlier rungs
    int from = 0; // first grid index after the last rung's time
    for (int a = 0; a < m && from < n; a++) {
      PolicyAction action = byCost.get(a);
      int best = -1;
      double bestW = 0.0;
      for (int i = from; i < n; i++) {
        double w = remaining * s[i] * net[a][i];
        if (w > bestW) { // strict: the earliest of equal maxima; W <= 0 never qualifies
          bestW = w;
          best = i;
        }
      }
      if (best < 0) {
        continue;
      }
      ladder.add(new Rung(ladder.size() + 1, action.name(), grid[best], bestW, u[a][best],
          source[a][best], action.cost(), remaining * s[best], net[a][best]));
      remaining *= 1.0 - u[a][best];
      from = best + 1;
    }
    return new SegmentPolicy(segment, spec.timingUnit(), value, curve.observations(), plateau,
        grid.clone(), s, curves, ladder, segmentSource, null);
  }

  /**
   * {@link #optimize(String, KaplanMeierCurve, double, UpliftModel)} plus the bootstrap interval
   * of t* (resampling the curve's own grouped spells), when the spec asks for one and an action
   * pays.
   */
  public SegmentPolicy optimizeWithInterval(String segment, KaplanMeierCurve curve, double value,
      UpliftModel uplift) {
    SegmentPolicy policy = optimize(segment, curve, value, uplift);
    if (policy.noAction() || spec.bootstrap().replicates() == 0) {
      return policy;
    }
    TStarInterval interval = PolicyBootstrap.interval(curve.times(), curve.events(),
        curve.censored(), c -> optimize(segment, c, value, uplift).tStar(), spec.bootstrap());
    return policy.withInterval(interval);
  }

  /** S at each grid time (right-continuous step function, 1 before the first time). */
  static double[] survivalOnGrid(KaplanMeierCurve curve, double[] grid) {
    double[] s = new double[grid.length];
    double[] times = curve.times();
    double[] survival = curve.survival();
    int k = 0;
    double current = 1.0;
    for (int i = 0; i < grid.length; i++) {
      while (k < times.length && times[k] <= grid[i]) {
        current = survival[k];
        k++;
      }
      s[i] = current;
    }
    return s;
  }
}
