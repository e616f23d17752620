package io.lapse.models.policy;

import java.io.Serializable;

/**
 * A re-engagement action the business can take on an inactive customer.
 *
 * @param name the action's name as CRM knows it (e.g. {@code email}, {@code coupon}); the key of
 *     {@code reengagement_actions} together with customer and due date
 * @param cost cost per contacted customer, in the unit of the customer value V
 * @param responseRate r: the share of reachable customers who would not have come back on their
 *     own that the action wins back (the prior uplift, used without campaign history)
 */
public record PolicyAction(String name, double cost, double responseRate) implements Serializable {

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
  }
}
