package io.lapse.models.spend;

/**
 * Gamma-Gamma spend model parameters (Fader &amp; Hardie 2013): a customer's spend per transaction
 * is gamma(p, nu) with mean p / nu, and nu varies across customers as gamma(q, gamma).
 *
 * @param p shape of a customer's spend per transaction
 * @param q shape of the across-customer distribution of the scale nu
 * @param gamma rate of that distribution, in the currency's units
 */
public record GammaGammaParams(double p, double q, double gamma) {

  public GammaGammaParams {
    requirePositive("p", p);
    requirePositive("q", q);
    requirePositive("gamma", gamma);
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite but was " + value);
    }
  }

  /**
   * The population mean spend per transaction, p gamma / (q - 1): E[M] of a customer with no
   * repeat transaction. Infinite when q &lt;= 1 (the mixing distribution of 1/nu has no mean).
   */
  public double populationMeanSpend() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  public double[] toArray() {
    return new double[] {p, q, gamma};
  }
}
