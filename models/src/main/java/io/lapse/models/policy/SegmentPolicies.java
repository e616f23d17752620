package io.lapse.models.policy;

import io.lapse.features.Segmenter;
import io.lapse.models.km.KaplanMeierCurve;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy stage: for each timing unit and segment, the optimal point t* and the ladder from the
 * segment's return-time curve, with the segment's value and uplift, flagged when t* left the
 * previous run's interval.
 */
public final class SegmentPolicies {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentPolicies.class);

  /**
   * One segment's policy as segment_policies records it.
   *
   * @param customers the customers it serves (all customers for ALL)
   * @param moved whether t* lies outside the previous run's interval
   * @param held whether t* is the previous run's, kept because it came from evidence and the new
   *     estimate stayed inside its interval
   * @param timingArms the first rung's timing arms while the segment explores, else empty
   * @param preferenceLadders the ladders of the reward preference groups (the default ladder
   *     is the policy's)
   */
  public record Entry(SegmentPolicy policy, long customers, boolean moved, boolean held,
      List<TimingArm> timingArms, List<PreferenceLadder> preferenceLadders) {

    public Entry {
      timingArms = List.copyOf(timingArms);
      preferenceLadders = List.copyOf(preferenceLadders);
    }

    public Entry(SegmentPolicy policy, long customers, boolean moved, boolean held,
        List<TimingArm> timingArms) {
      this(policy, customers, moved, held, timingArms, List.of());
    }

    /** Where t* comes from: {@link #EXPLORING}, {@link #EVIDENCE} or {@link #PRIOR}. */
    public String tStarSource() {
      if (!timingArms.isEmpty()) {
        return EXPLORING;
      }
      return policy.noAction() ? (UpliftModel.PRIOR.equals(policy.upliftSource()) ? PRIOR
          : EVIDENCE)
          : UpliftModel.PRIOR.equals(policy.ladder().get(0).upliftSource()) ? PRIOR : EVIDENCE;
    }
  }

  /** t* from the prior uplift (no measured uplift at t*). */
  public static final String PRIOR = "prior";
  /** t* where the measured uplift says the first action pays most. */
  public static final String EVIDENCE = "evidence";
  /** t* still uncertain: part of the segment is timed by the timing arms. */
  public static final String EXPLORING = "exploring";

  /**
   * @param curvesByUnit return-time curves per segment (plus ALL), per policy spec: the spec in
   *     days first; a spec in latency units covers the customers that have a latency
   * @param sizes customers per segment
   * @param minCustomers segments smaller than this take the policy of ALL (not optimized here)
   * @param values value per customer by segment; the spec's value where absent
   * @param history uplift measured on past campaigns, in both units
   * @param previous the previous run's policy by "segment/unit": a segment whose t* came from
   *     evidence keeps it while the new t* stays inside its interval
   * @param experiment the timing arms' settings
   * @param asOf the night: with the experiment id and segment it seeds the timing arms' draws
   */
  public static List<Entry> optimize(Map<PolicySpec, Map<String, KaplanMeierCurve>> curvesByUnit,
      Map<String, Long> sizes, long minCustomers, Map<String, Double> values,
      CampaignUplift history, Map<String, PreviousPolicy> previous, ExperimentSpec experiment,
      LocalDate asOf) {
    return optimize(curvesByUnit, sizes, minCustomers, values, history, previous, experiment,
        RewardPreferences.none(), asOf);
  }

  /**
   * As above, with reward preferences: the policy's ladder takes the default kinds' actions, and
   * each preference group gets a ladder of its own on the same curve (its kinds first, its own
   * measured uplift where eligible, else the segment's, else the prior).
   */
  public static List<Entry> optimize(Map<PolicySpec, Map<String, KaplanMeierCurve>> curvesByUnit,
      Map<String, Long> sizes, long minCustomers, Map<String, Double> values,
      CampaignUplift history, Map<String, PreviousPolicy> previous, ExperimentSpec experiment,
      RewardPreferences rewards, LocalDate asOf) {
    long everyone = sizes.values().stream().mapToLong(Long::longValue).sum();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<PolicySpec, Map<String, KaplanMeierCurve>> unit : curvesByUnit.entrySet()) {
      PolicySpec spec = unit.getKey();
      PolicyOptimizer optimizer = new PolicyOptimizer(spec,
          rewards.defaultLadder(spec.actionsByCost()));
      UpliftModel prior = UpliftModel.prior(spec.reachability());
      for (Map.Entry<String, KaplanMeierCurve> e : unit.getValue().entrySet()) {
        String segment = e.getKey();
        // Small segments take the policy of all customers (CustomerActions falls back to ALL).
        if (!segment.equals(Segmenter.ALL) && sizes.getOrDefault(segment, 0L) < minCustomers) {
          continue;
        }
        KaplanMeierCurve curve = e.getValue();
        if (curve.times().length == 0) {
          continue;
        }
        double value = values.getOrDefault(segment, spec.valuePerCustomer());
        UpliftModel uplift = history.over(prior, segment, spec.timingUnit());
        SegmentPolicy policy = optimizer.optimizeWithInterval(segment, curve, value, uplift);
        PreviousPolicy before = previous.get(segment + "/" + spec.timingUnit().key());
        boolean moved = before != null && PolicyStability.moved(before.interval(), policy.tStar());
        if (moved) {
          LOG.warn("segment {}: t* {} {} moved outside the previous interval [{}, {}]", segment,
              policy.tStar(), spec.timingUnit().key(), before.interval().low(),
              before.interval().high());
        }
        boolean held = false;
        if (!moved && before != null && EVIDENCE.equals(before.tStarSource())
            && before.tStar() != null && policy.tStar() != null
            && !before.tStar().equals(policy.tStar())) {
          // Strong evidence stays put: a new t* inside the previous interval is noise.
          SegmentPolicy kept = policy.withFirstRungAt(before.tStar());
          if (kept != policy) {
            LOG.info("segment {}: t* stays at {} (new estimate {} inside [{}, {}])", segment,
                before.tStar(), policy.tStar(), before.interval().low(),
                before.interval().high());
            policy = kept.withInterval(before.interval());
            held = true;
          }
        }
        LOG.info("segment {} ({}): {}", segment, spec.timingUnit().key(), policy.noAction()
            ? "no action pays" : "t* = " + policy.tStar() + ", ladder " + policy.ladder().stream()
                .map(r -> r.action() + "@" + r.t()).toList());
        long seed = Double.doubleToLongBits(ReengagementExperiment.draw(experiment.id(), segment,
            asOf.toString(), "timing-arms"));
        List<TimingArm> arms = TimingExperiment.arms(policy, spec, history, experiment, seed);
        if (!arms.isEmpty()) {
          LOG.info("segment {}: exploring the first rung's timing, arms {}", segment,
              arms.stream().map(a -> String.format("t=%s share=%.3f p_best=%.3f", a.t(),
                  a.share(), a.probabilityBest())).toList());
        }
        List<PreferenceLadder> ladders = new ArrayList<>();
        for (String group : rewards.kindsByGroup().keySet()) {
          SegmentPolicy own = new PolicyOptimizer(spec,
              rewards.ladder(spec.actionsByCost(), group))
              .optimize(segment, curve, value, history.over(prior, segment, spec.timingUnit(),
                  group));
          ladders.add(new PreferenceLadder(segment, spec.timingUnit(), group, own.ladder()));
        }
        entries.add(new Entry(policy, segment.equals(Segmenter.ALL) ? everyone
            : sizes.getOrDefault(segment, 0L), moved, held, arms, ladders));
      }
    }
    return entries;
  }

  private SegmentPolicies() {}
}
