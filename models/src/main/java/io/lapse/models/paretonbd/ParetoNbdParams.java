package io.lapse.models.paretonbd;

import java.io.Serializable;

/**
 * Parameters of the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987), time unit weeks.
 *
 * <p>While alive a customer buys at the arrivals of a Poisson process with rate
 * {@code lambda ~ Gamma(shape r, rate alpha)}; the unobserved lifetime is exponential with rate
 * {@code mu ~ Gamma(shape s, rate beta)}, so dropout can happen at any time, not only right after
 * a purchase as in BG/NBD.
 *
 * @param r shape of the purchase-rate heterogeneity
 * @param alpha rate (1/weeks scale) of the purchase-rate heterogeneity
 * @param s shape of the dropout-rate heterogeneity
 * @param beta rate (1/weeks scale) of the dropout-rate heterogeneity
 */
public record ParetoNbdParams(double r, double alpha, double s, double beta)
    implements Serializable {

  public ParetoNbdParams {
    requirePositiveFinite("r", r);
    requirePositiveFinite("alpha", alpha);
    requirePositiveFinite("s", s);
    requirePositiveFinite("beta", beta);
  }

  /** The parameters as {@code {r, alpha, s, beta}}, the order of gradients and standard errors. */
  public double[] toArray() {
    return new double[] {r, alpha, s, beta};
  }

  /** Inverse of {@link #toArray()}. */
  public static ParetoNbdParams of(double[] rAlphaSBeta) {
    if (rAlphaSBeta == null || rAlphaSBeta.length != 4) {
      throw new IllegalArgumentException(
          "expected 4 values {r, alpha, s, beta} but got "
              + (rAlphaSBeta == null ? "null" : rAlphaSBeta.length + " values"));
    }
    return new ParetoNbdParams(rAlphaSBeta[0], rAlphaSBeta[1], rAlphaSBeta[2], rAlphaSBeta[3]);
  }

  private static void requirePositiveFinite(String name, double value) {
    // NaN fails "value > 0", so one comparison rejects NaN, zero, negatives; infinity is separate.
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite but was " + value);
    }
  }
}
