package io.lapse.models.policy;

import java.util.List;

/**
 * What the policy says for one customer as of a date.
 *
 * @param reason one of the reason codes of {@link CustomerActions}
 * @param policySegment the segment whose policy was used (the customer's, or ALL), null when none
 * @param policyUnit the unit of that policy, null when none
 * @param next the next rung, null unless the reason is due or not_yet_due
 * @param due the rungs due within the due window (the next one first), each action once
 */
public record CustomerPlan(String reason, String policySegment, TimingUnit policyUnit,
    PlannedAction next, List<PlannedAction> due) {

  public CustomerPlan {
    due = List.copyOf(due);
  }
}
