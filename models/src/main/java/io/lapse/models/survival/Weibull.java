package io.lapse.models.survival;

import org.apache.commons.math3.special.Gamma;

/**
 * The Weibull distribution of an AFT fit: log T = x'beta + sigma * W with W standard minimum
 * extreme value gives T ~ Weibull(shape k = 1 / sigma, scale lambda = exp(x'beta)). MLlib's
 * AFT prediction is that lambda, not the mean.
 */
public final class Weibull {

  private Weibull() {}

  /** P(T &lt;= h) = 1 - exp(-(h / lambda)^k). */
  public static double probabilityWithin(double h, double scale, double shape) {
    return -Math.expm1(-Math.pow(h / scale, shape));
  }

  /** E[T] = lambda * Gamma(1 + 1/k). */
  public static double mean(double scale, double shape) {
    return scale * meanFactor(shape);
  }

  /** Gamma(1 + 1/k): the mean over the scale, one constant per fitted model. */
  public static double meanFactor(double shape) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("Weibull shape must be > 0 but was " + shape);
    }
    return Gamma.gamma(1 + 1 / shape);
  }
}
