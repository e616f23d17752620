package io.lapse.models.evaluation;

/**
 * Harrell's concordance of predictions with censored times.
 *
 * @param rows subjects evaluated
 * @param events subjects with an observed event
 * @param comparablePairs pairs (i, j) where i had the event first: t_i &lt; t_j, or t_i = t_j with
 *     j censored (j is known to outlast i)
 * @param concordant comparable pairs whose prediction orders them correctly (i predicted shorter)
 * @param discordant comparable pairs ordered the wrong way
 * @param tiedPredictions comparable pairs with equal predictions, counted one half
 * @param tiedEventTimes pairs of events at the same time: not comparable (which came first is
 *     unknown), reported so that a coarse time unit is visible
 * @param sampledFrom rows before the size guard sampled them; equals rows when all were used
 */
public record Concordance(
    long rows,
    long events,
    long comparablePairs,
    long concordant,
    long discordant,
    long tiedPredictions,
    long tiedEventTimes,
    long sampledFrom) {

  /** (concordant + tied / 2) / comparable; NaN when no pair is comparable. */
  public double index() {
    return comparablePairs == 0
        ? Double.NaN
        : (concordant + 0.5 * tiedPredictions) / comparablePairs;
  }

  public boolean sampled() {
    return sampledFrom != rows;
  }
}
