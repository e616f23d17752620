package io.lapse.models.paretonbd;

import io.lapse.models.bgnbd.FitOptions;

/**
 * Settings of {@link ParetoNbdFitter}; the same meaning as BG/NBD's {@link FitOptions}, whose
 * configured limits the training reuses.
 *
 * @param maxIterations most quasi-Newton iterations before giving up with {@link
 *     ParetoNbdFitException}
 * @param gradientTolerance convergence threshold on the norm of the gradient of the mean
 *     log-likelihood per customer with respect to {@code (ln r, ln alpha, ln s, ln beta)}
 * @param start starting point of the search
 */
public record ParetoNbdFitOptions(int maxIterations, double gradientTolerance,
    ParetoNbdParams start) {

  public ParetoNbdFitOptions {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1 but was " + maxIterations);
    }
    if (!(gradientTolerance > 0) || Double.isInfinite(gradientTolerance)) {
      throw new IllegalArgumentException(
          "gradientTolerance must be > 0 and finite but was " + gradientTolerance);
    }
    if (start == null) {
      throw new IllegalArgumentException("start must not be null");
    }
  }

  /** BG/NBD's defaults (500 iterations, 1e-7), start r = alpha = s = beta = 1 as lifetimes. */
  public static ParetoNbdFitOptions defaults() {
    return of(FitOptions.defaults());
  }

  /** BG/NBD's iteration cap and tolerance, from the unit start. */
  public static ParetoNbdFitOptions of(FitOptions bgnbd) {
    return new ParetoNbdFitOptions(bgnbd.maxIterations(), bgnbd.gradientTolerance(),
        new ParetoNbdParams(1, 1, 1, 1));
  }

  public ParetoNbdFitOptions withStart(ParetoNbdParams start) {
    return new ParetoNbdFitOptions(maxIterations, gradientTolerance, start);
  }
}
