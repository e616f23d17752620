package io.lapse.models.spend;

/**
 * The part of the Gamma-Gamma log-likelihood that couples gamma with each customer's total repeat
 * spend z = x m_x: every other term depends on the data only through counts by x and two fixed
 * sums. The fitter asks for these sums once per trial gamma; an implementation may hold grouped
 * rows in memory ({@link RepeatSpendStatistics.Builder}) or run one cluster aggregate per call
 * ({@link SparkGammaSums}), so the driver never holds per-customer data.
 */
public interface GammaSums {

  /**
   * Sums over repeat customers at {@code gamma}.
   *
   * @param xLog1p sum of x log(1 + gamma / z)
   * @param log1p sum of log(1 + gamma / z)
   * @param xInverse sum of x / (gamma + z), the derivative of xLog1p in gamma
   * @param inverse sum of 1 / (gamma + z), the derivative of log1p in gamma
   */
  record Terms(double xLog1p, double log1p, double xInverse, double inverse) {}

  Terms at(double gamma);
}
