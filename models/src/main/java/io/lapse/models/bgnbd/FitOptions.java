package io.lapse.models.bgnbd;

/**
 * Settings of {@link BgNbdFitter}.
 *
 * @param maxIterations most quasi-Newton iterations before giving up with {@link
 *     BgNbdFitException}; each costs one or a few likelihood evaluations
 * @param gradientTolerance convergence threshold on the Euclidean norm of the gradient of the
 *     mean log-likelihood per customer with respect to {@code (ln r, ln alpha, ln a, ln b)}; the
 *     mean and the log scale make it independent of the number of customers and of the units of
 *     the parameters
 * @param start starting point of the search
 */
public record FitOptions(int maxIterations, double gradientTolerance, BgNbdParams start) {

  /**
   * Default iteration cap, as lapse.models.bgnbd.max-iterations in reference.conf (SpecDefaultsTest
   * keeps the two equal): CDNOW converges in at most 36 iterations from 60 random starts.
   */
  public static final int DEFAULT_MAX_ITERATIONS = 500;

  /**
   * Default tolerance, as lapse.models.bgnbd.gradient-tolerance in reference.conf. On CDNOW (the
   * 2,357-customer sample and the 23,570 of the master file) the estimates from 60 random starts
   * agree with those at 1e-9 to 1.2e-5 relative (5e-7 from the default start), far below their
   * standard errors (2-30%); the tolerance is orders of magnitude above the rounding noise of the
   * gradient (the search reaches 1e-12).
   */
  public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-7;

  public FitOptions {
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

  /**
   * {@value #DEFAULT_MAX_ITERATIONS} iterations, tolerance {@value #DEFAULT_GRADIENT_TOLERANCE},
   * start r = alpha = a = b = 1 (as lifetimes does); the fit is on the log scale, so a start
   * off by an order of magnitude costs only a few iterations.
   */
  public static FitOptions defaults() {
    return new FitOptions(
        DEFAULT_MAX_ITERATIONS, DEFAULT_GRADIENT_TOLERANCE, new BgNbdParams(1, 1, 1, 1));
  }

  public FitOptions withMaxIterations(int maxIterations) {
    return new FitOptions(maxIterations, gradientTolerance, start);
  }

  public FitOptions withGradientTolerance(double gradientTolerance) {
    return new FitOptions(maxIterations, gradientTolerance, start);
  }

  public FitOptions withStart(BgNbdParams start) {
    return new FitOptions(maxIterations, gradientTolerance, start);
  }
}
