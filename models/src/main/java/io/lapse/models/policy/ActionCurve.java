package io.lapse.models.policy;

/**
 * W(t) of one action as the first rung, on the policy's time grid: what acting only with this
 * action at t would be worth per lapsing customer. Kept for the {@code segment_policies} table
 * so that the choice of t* can be inspected.
 *
 * @param action the action's name
 * @param uplift uplift(t) on the grid
 * @param w W(t) = S(t) * (uplift(t) * V - c(t)) on the grid, c(t) the contact cost
 */
public record ActionCurve(String action, double[] uplift, double[] w) {}
