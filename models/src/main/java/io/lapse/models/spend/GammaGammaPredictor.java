package io.lapse.models.spend;

/** Predictions of a fitted Gamma-Gamma model. */
public final class GammaGammaPredictor {

  private GammaGammaPredictor() {}

  /**
   * E[M | x, m_x], the expected mean spend per transaction of a customer with x repeat
   * transactions of mean m_x (Fader &amp; Hardie 2013, eq. 5):
   * {@code p (gamma + x m_x) / (p x + q - 1)}, a weighted mean of the population mean
   * p gamma / (q - 1) and m_x with weight p x / (p x + q - 1) on m_x. With x = 0 it is the
   * population mean, and m_x is ignored.
   *
   * @return positive infinity where p x + q &lt;= 1 (no finite mean)
   */
  public static double expectedMeanSpend(GammaGammaParams params, int x, double meanSpend) {
    if (x < 0) {
      throw new IllegalArgumentException("x must be >= 0 but was " + x);
    }
    if (x > 0 && (!(meanSpend > 0) || Double.isInfinite(meanSpend))) {
      throw new IllegalArgumentException("mean spend must be > 0 and finite when x > 0 but was "
          + meanSpend);
    }
    double denominator = params.p() * x + params.q() - 1;
    if (!(denominator > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double total = x == 0 ? 0 : x * meanSpend;
    return params.p() * (params.gamma() + total) / denominator;
  }
}
