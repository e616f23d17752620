package io.lapse.models.policy;

import java.io.Serializable;

/**
 * The step for customers past the last rung of their ladder, so that nobody drops out of the
 * policy in silence: the action is due once per spell, {@code daysAfterLastRung} days after the
 * last rung's day, or on the as-of date for customers already further gone (those the policy
 * found past the ladder when it started). Its value is not modelled (expected value 0): the holdout
 * measures it like any rung.
 *
 * @param action the action's name as CRM knows it
 * @param daysAfterLastRung days from the last rung to the win-back step
 */
public record WinBackStep(String action, int daysAfterLastRung) implements Serializable {

  public WinBackStep {
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("win-back action must be set but was '" + action + "'");
    }
    if (daysAfterLastRung < 1) {
      throw new IllegalArgumentException("win-back days-after-last-rung must be >= 1 but was "
          + daysAfterLastRung);
    }
  }
}
