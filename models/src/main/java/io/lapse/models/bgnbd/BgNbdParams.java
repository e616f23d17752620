package io.lapse.models.bgnbd;

import java.io.Serializable;

/**
 * Parameters of the BG/NBD model (Fader, Hardie &amp; Lee 2005), time unit weeks.
 *
 * <p>The purchase rate of a customer while alive is {@code lambda ~ Gamma(shape r, rate alpha)};
 * after each repeat purchase the customer drops out with probability {@code p ~ Beta(a, b)}.
 *
 * <p>Serializable so that Spark closures (scoring UDFs) can capture it; deserialization goes
 * through the validating canonical constructor.
 *
 * @param r     shape of the purchase-rate heterogeneity
 * @param alpha rate (1/weeks scale) of the purchase-rate heterogeneity
 * @param a     first shape of the dropout-probability heterogeneity
 * @param b     second shape of the dropout-probability heterogeneity
 */
public record BgNbdParams(double r, double alpha, double a, double b) implements Serializable {

  public BgNbdParams {
    requirePositiveFinite("r", r);
    requirePositiveFinite("alpha", alpha);
    requirePositiveFinite("a", a);
    requirePositiveFinite("b", b);
  }

  /** The parameters as {@code {r, alpha, a, b}}, the order used by gradients and standard errors. */
  public double[] toArray() {
    return new double[] {r, alpha, a, b};
  }

  /** Inverse of {@link #toArray()}. */
  public static BgNbdParams of(double[] rAlphaAB) {
    if (rAlphaAB == null || rAlphaAB.length != 4) {
      throw new IllegalArgumentException(
          "expected 4 values {r, alpha, a, b} but got "
              + (rAlphaAB == null ? "null" : rAlphaAB.length + " values"));
    }
    return new BgNbdParams(rAlphaAB[0], rAlphaAB[1], rAlphaAB[2], rAlphaAB[3]);
  }

  private static void requirePositiveFinite(String name, double value) {
    // NaN fails "value > 0", so one comparison rejects NaN, zero, negatives; infinity is separate.
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite but was " + value);
    }
  }
}
