package io.lapse.models.policy;

import java.io.Serializable;

/**
 * A re-engagement action the business can take on an inactive customer.
 *
 * @param name the action's name as CRM knows it (e.g. {@code email}, {@code coupon}); the key of
 *     {@code reengagement_actions} together with customer and due date
 * @param cost cost per contacted customer, in the unit of the customer value V
 * @param responseRate r: the share of reachable customers who would not have come back on their
 *     own that the action wins back (the prior uplift, used without measured uplift)
 * @param discount cost per treated customer who comes back within the response window (a coupon
 *     redeemed), whether the action won them back or they would have come back anyway: what makes
 *     an early coupon expensive
 * @param fatigueProbability probability that a contact loses the customer as a contact (an
 *     unsubscribe or a complaint); each contact then costs this times V
 */
public record PolicyAction(String name, double cost, double responseRate, double discount,
    double fatigueProbability) implements Serializable {

  public PolicyAction {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("policy action name must be set but was '" + name + "'");
    }
    if (!(cost >= 0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException("policy action '" + name + "' cost must be >= 0 but was "
          + cost);
    }
    if (!(responseRate >= 0 && responseRate <= 1)) {
      throw new IllegalArgumentException("policy action '" + name
          + "' response-rate must be in [0, 1] but was " + responseRate);
    }
    if (!(discount >= 0) || Double.isInfinite(discount)) {
      throw new IllegalArgumentException("policy action '" + name
          + "' discount must be >= 0 and finite but was " + discount);
    }
    if (!(fatigueProbability >= 0 && fatigueProbability <= 1)) {
      throw new IllegalArgumentException("policy action '" + name
          + "' fatigue-probability must be in [0, 1] but was " + fatigueProbability);
    }
  }

  /** An action without discount and without fatigue. */
  public PolicyAction(String name, double cost, double responseRate) {
    this(name, cost, responseRate, 0.0, 0.0);
  }

  /**
   * Expected cost of contacting one customer still inactive at t: the contact, the fatigue
   * (probability x V) and the discount paid to every treated customer who comes back within the
   * response window, won back (uplift) or returning anyway (natural return share).
   */
  public double contactCost(double value, double uplift, double naturalReturn) {
    return cost + fatigueProbability * value + discount * (naturalReturn + uplift);
  }

  /** Net value of acting on one customer still inactive at t: uplift x V - contact cost. */
  public double netValue(double value, double uplift, double naturalReturn) {
    return uplift * value - contactCost(value, uplift, naturalReturn);
  }
}
