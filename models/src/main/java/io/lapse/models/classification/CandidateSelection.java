package io.lapse.models.classification;

import java.util.Locale;

/**
 * The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani and Friedman, ESL 7.10):
 * among candidates listed simplest first, choose the first whose validation metric is within
 * {@code z} standard errors of the best one's. The best of a grid on one validation set is biased
 * upwards; a more complex candidate has to win by more than that noise to be preferred.
 *
 * @param chosen index of the chosen candidate
 * @param best index of the candidate with the highest metric
 * @param reason what was chosen and why, for the log and the model run
 */
public record CandidateSelection(int chosen, int best, String reason) {

  /**
   * @param metrics validation metric per candidate, simplest first, higher is better (NaN:
   *     undefined, never chosen unless all are)
   * @param standardErrors per candidate, the standard error of (best - this candidate) on the same
   *     rows; NaN where unknown (such a candidate can be chosen only as the best)
   * @param z how many standard errors a simpler candidate may trail the best (0: the best)
   */
  public static CandidateSelection choose(double[] metrics, double[] standardErrors, double z) {
    if (metrics.length == 0 || metrics.length != standardErrors.length) {
      throw new IllegalArgumentException("need one standard error per candidate and at least one"
          + " candidate but got " + metrics.length + " metrics, " + standardErrors.length
          + " standard errors");
    }
    int best = bestIndex(metrics);
    for (int i = 0; i < best; i++) {
      double behind = metrics[best] - metrics[i];
      if (!Double.isNaN(metrics[i]) && !Double.isNaN(standardErrors[i])
          && behind <= z * standardErrors[i]) {
        return new CandidateSelection(i, best, String.format(Locale.ROOT,
            "candidate %d of %d trails the best (candidate %d, %.4f) by %.4f <= %s x SE %.4f",
            i + 1, metrics.length, best + 1, metrics[best], behind, z, standardErrors[i]));
      }
    }
    StringBuilder trails = new StringBuilder();
    for (int i = 0; i < best; i++) {
      trails.append(String.format(Locale.ROOT, "%s%d: %.4f behind, SE %.4f", i == 0 ? "" : "; ",
          i + 1, metrics[best] - metrics[i], standardErrors[i]));
    }
    return new CandidateSelection(best, best, String.format(Locale.ROOT,
        "candidate %d of %d is the best (%.4f)%s", best + 1, metrics.length, metrics[best],
        best == 0 || z == 0 ? "" : "; every simpler one trails it by more than " + z + " SE ("
            + trails + ")"));
  }

  /** Index of the highest metric, the first on ties; NaN only when every metric is NaN. */
  public static int bestIndex(double[] metrics) {
    int best = 0;
    for (int i = 1; i < metrics.length; i++) {
      if (metrics[i] > metrics[best] || (Double.isNaN(metrics[best]) && !Double.isNaN(metrics[i]))) {
        best = i;
      }
    }
    return best;
  }
}
