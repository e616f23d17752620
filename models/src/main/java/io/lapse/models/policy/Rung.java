package io.lapse.models.policy;

import java.io.Serializable;

/**
 * One step of a segment's escalation ladder.
 *
 * @param rung 1-based position in the ladder
 * @param action the action's name
 * @param t when to act, time since the last engaged day in the policy's unit
 * @param expectedValue W_k(t): expected net value per customer that goes inactive (per lapsing
 *     customer, whether or not they are still inactive at t)
 * @param uplift uplift_k(t): the share of the customers contacted at t that the action wins back
 * @param upliftSource {@link UpliftModel#PRIOR} or {@link UpliftModel#CAMPAIGN_HISTORY}
 * @param cost cost per contacted customer
 * @param inactiveShare the share of lapsing customers still inactive at t and not won back by
 *     earlier rungs: those this rung contacts
 * @param valueIfActed uplift * V - contact cost (cost, fatigue and discount, see {@link
 *     PolicyAction#contactCost}): expected net value of acting on one customer who is still
 *     inactive at t (> 0 on every rung)
 */
public record Rung(
    int rung,
    String action,
    double t,
    double expectedValue,
    double uplift,
    String upliftSource,
    double cost,
    double inactiveShare,
    double valueIfActed) implements Serializable {

  public Rung {
    if (rung < 1) {
      throw new IllegalArgumentException("ladder rung must be >= 1 but was " + rung);
    }
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("ladder rung " + rung + " action must be set but was '"
          + action + "'");
    }
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("ladder rung " + rung + " time must be > 0 but was " + t);
    }
  }
}
