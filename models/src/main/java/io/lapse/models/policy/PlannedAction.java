package io.lapse.models.policy;

import java.io.Serializable;

/**
 * A ladder rung scheduled for one customer's current inactivity spell.
 *
 * @param rung the rung's position in the ladder
 * @param action the action
 * @param daysInactive the days since the last engaged day on which it is due
 * @param dueInDays days from the as-of date to the due date (>= 0)
 * @param expectedValue the rung's uplift * V - cost: expected net value of acting on this
 *     customer if still inactive then
 */
public record PlannedAction(int rung, String action, int daysInactive, int dueInDays,
    double expectedValue) implements Serializable {}
