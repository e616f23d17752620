package io.lapse.models.paretonbd;

import io.lapse.models.bgnbd.SufficientStatistics;

/**
 * Pareto/NBD predictions for one customer with x repeat purchases, recency tx and age T (weeks
 * since the first purchase), over a horizon of t weeks after T (Fader &amp; Hardie 2005, "A note
 * on deriving the Pareto/NBD model", eqs. 20 and 22; Schmittlein et al. 1987).
 */
public final class ParetoNbdPredictor {

  private ParetoNbdPredictor() {}

  /**
   * P(alive at T | x, tx, T): the "alive" term's share of the likelihood bracket, from the log
   * odds so that heavy buyers do not overflow the powers. 1 for a customer with T = 0 and for
   * one who bought at T (there was no time to die unseen).
   *
   * @throws ArithmeticException if the A0 series does not converge (min(alpha, beta) below about
   *     1e-4 of the other)
   */
  public static double probabilityAlive(ParetoNbdParams p, int x, double tx, double T) {
    requireCustomer(x, tx, T);
    if (T == 0) {
      return 1;
    }
    double logOdds =
        ParetoNbdLikelihood.logOddsAlive(p.r(), p.alpha(), p.s(), p.beta(), x, tx, T);
    if (Double.isNaN(logOdds)) {
      throw new ArithmeticException("P(alive) of x=" + x + ", tx=" + tx + ", T=" + T
          + " under " + p + ": the A0 series did not converge");
    }
    // 1/(1+e^-logOdds), written so that neither branch overflows.
    if (logOdds < 0) {
      double e = Math.exp(logOdds);
      return e / (1 + e);
    }
    return 1 / (1 + Math.exp(-logOdds));
  }

  /**
   * E[number of transactions in (T, T+t] | x, tx, T]: P(alive) times the expectation given alive,
   * when the posterior rates are {@code lambda ~ Gamma(r+x, alpha+T)} and {@code mu ~ Gamma(s,
   * beta+T)}: {@code E[lambda/mu (1 - e^(-mu t))] = (r+x)/(alpha+T) (beta+T)/(s-1) [1 -
   * ((beta+T)/(beta+T+t))^(s-1)]}.
   */
  public static double expectedTransactions(
      ParetoNbdParams p, double t, int x, double tx, double T) {
    requireCustomer(x, tx, T);
    requireHorizon(t);
    double alive = probabilityAlive(p, x, tx, T);
    return alive * expectedIfAlive(p.r() + x, p.alpha() + T, p.s(), p.beta() + T, t);
  }

  /**
   * E[X(t)] for a customer just acquired (first purchase at time 0), FHL (2005) eq. 17: the case
   * x = 0, T = 0 of {@link #expectedTransactions}; the tracking curve of a cohort.
   */
  public static double expectedTransactionsNewCustomer(ParetoNbdParams p, double t) {
    requireHorizon(t);
    return expectedIfAlive(p.r(), p.alpha(), p.s(), p.beta(), t);
  }

  private static double expectedIfAlive(double r, double alpha, double s, double beta, double t) {
    return r / alpha * beta * powerDifference(s - 1, Math.log1p(t / beta));
  }

  /**
   * {@code (1 - e^(-e L)) / e}, the limit L at e = 0 (s = 1, where the expectation is
   * logarithmic in t); expm1 keeps it exact for e near 0 of either sign.
   */
  private static double powerDifference(double e, double logRatio) {
    return e == 0 ? logRatio : -Math.expm1(-e * logRatio) / e;
  }

  /** As BG/NBD's predictor: T = 0 is a customer first seen on the as-of day. */
  private static void requireCustomer(int x, double tx, double T) {
    if (!(T >= 0) || Double.isInfinite(T)) {
      throw new IllegalArgumentException("T must be >= 0 and finite but was " + T);
    }
    if (T == 0) {
      if (x != 0 || tx != 0) {
        throw new IllegalArgumentException(
            "x and tx must be 0 when T == 0 but were x=" + x + ", tx=" + tx);
      }
      return;
    }
    SufficientStatistics.validateRow("", x, tx, T);
  }

  private static void requireHorizon(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("t must be >= 0 and finite but was " + t);
    }
  }
}
