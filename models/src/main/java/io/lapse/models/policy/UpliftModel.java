package io.lapse.models.policy;

import java.util.Objects;

/**
 * uplift(t): among the customers of a segment still inactive at t, the share an action wins back
 * that would not have come back on their own (treated minus control response).
 */
public interface UpliftModel {

  /** Source of uplift values taken from the configured response rate. */
  String PRIOR = "prior";
  /** Source of uplift values observed in treated-versus-control campaign contacts. */
  String CAMPAIGN_HISTORY = "campaign_history";

  /**
   * @param action the action
   * @param t time since the last engaged day, in the policy's unit
   * @param survival S(t) of the segment
   * @param plateau S_inf of the segment (the share that never returns)
   */
  double uplift(PolicyAction action, double t, double survival, double plateau);

  /**
   * Share of the customers still inactive at t who come back within the response window without
   * the action: the prior reads it from the return-time curve, 1 - S(t + w) / S(t); measured
   * uplift takes its control group's response rate.
   *
   * @param survivalAfterWindow S(t + w), w the response window
   */
  default double naturalReturn(PolicyAction action, double t, double survival,
      double survivalAfterWindow) {
    return survival > 0 ? Math.max(0.0, 1.0 - survivalAfterWindow / survival) : 0.0;
  }

  /** Where {@link #uplift} takes its value for this action at t: {@link #PRIOR} or another. */
  default String source(PolicyAction action, double t) {
    return PRIOR;
  }

  /**
   * The prior: uplift(t) = r * (S_inf / S(t)) * A(t). S_inf / S(t) is the share of those still
   * inactive at t who would never come back on their own (only they can be won back: the others
   * return anyway), r the action's response rate among them when reachable and A(t) the
   * probability that they are still reachable. 0 where S(t) = 0 (nobody left to act on).
   */
  public static UpliftModel prior(Reachability reachability) {
    Objects.requireNonNull(reachability, "reachability");
    return (action, t, survival, plateau) -> survival > 0
        ? action.responseRate() * Math.min(1.0, plateau / survival) * reachability.at(t)
        : 0.0;
  }
}
