package io.lapse.benchmarks.reengagement;

/**
 * A simulated segment with a known truth. Customers differ (so that BG/NBD, fitted by the
 * nightly, has heterogeneity to find): a customer's chance of never coming back after an engaged
 * day is Beta distributed with mean neverReturn (concentration 4), their mean return time is
 * meanReturnDays times a Gamma(2, 1/2) factor (mean 1). After every engaged day a customer comes
 * back on their own with probability 1 - p, after R days with P(R > t) = exp(-t / mean) (R >= 1);
 * otherwise never. A customer contacted on inactivity day d (inactive since the spell start,
 * through day d - 1) is won back with probability winBack(d) = winBack0 exp(-d / scale) and then
 * engages on a day uniform over d..d+6; the natural return, if earlier, stays.
 *
 * <p>With S(t) the share of spells whose natural return comes after t (taken from the simulated
 * spells themselves, {@link SpellLog}) and a response window of w days, among those contacted on
 * day d (share S(d - 1) of the spells): q(d) = (S(d - 1) - S(d + w - 1)) / S(d - 1) come back within
 * the window on their own, the action adds uplift u(d) = winBack(d) (1 - q(d)), and the value of
 * the policy "act on day d" per spell is W(d) = S(d - 1) (u V - c - f V - disc (q + u)) for an
 * action of cost c, fatigue f and discount disc: the oracle maximizes it.
 *
 * @param name the segment (the customers' channel)
 * @param neverReturn share of spells that never end on their own
 * @param meanReturnDays mean of the exponential return time of the others
 * @param winBack0 win-back probability of a contact on day 0
 * @param winBackScaleDays e-folding time of the win-back probability
 * @param newPerDay customers acquired per day (their first engaged day)
 */
public record TrueSegment(String name, double neverReturn, double meanReturnDays,
    double winBack0, double winBackScaleDays, int newPerDay) {

  public double winBack(int day) {
    return winBack0 * Math.exp(-day / winBackScaleDays);
  }
}
