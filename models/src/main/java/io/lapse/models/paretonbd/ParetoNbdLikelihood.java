package io.lapse.models.paretonbd;

import io.lapse.models.bgnbd.SufficientStatistics;
import org.apache.commons.math3.special.Gamma;

/**
 * Pareto/NBD log-likelihood on the BG/NBD sufficient statistics (x, t_x, T), Fader &amp; Hardie
 * (2005, "A note on deriving the Pareto/NBD model and related expressions", eq. 19):
 *
 * <pre>
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ (alpha+T)^-(r+x) (beta+T)^-s + s A ]
 *   A = integral from t_x to T of (alpha+y)^-(r+x) (beta+y)^-(s+1) dy
 * </pre>
 *
 * The first bracket term is "alive at T", the second "died at some y in (t_x, T]". FHL write
 * {@code s A} as {@code s/(r+s+x) A0} with A0 a difference of two 2F1 terms, one form for
 * alpha &gt;= beta and one for alpha &lt; beta; {@link TailIntegral} evaluates each as ln K with its
 * derivatives, in the same two cases. The bracket is summed by log-sum-exp, and
 * {@code ln(K(t_x) - K(T)) = ln K(t_x) + ln(1 - e^(ln K(T) - ln K(t_x)))} with expm1, so that
 * neither heavy buyers (powers of hundreds) nor a t_x close to T (a small difference) lose it.
 */
public final class ParetoNbdLikelihood {

  private ParetoNbdLikelihood() {}

  /** Log-likelihood of one customer with x repeat purchases, recency tx and age T (weeks). */
  public static double logLikelihood(ParetoNbdParams p, int x, double tx, double T) {
    SufficientStatistics.validateRow("", x, tx, T);
    SufficientStatistics one = SufficientStatistics.builder().add(x, tx, T, 1).build();
    return logLikelihood(p, one);
  }

  /** Count-weighted sum of the per-customer log-likelihoods. */
  public static double logLikelihood(ParetoNbdParams p, SufficientStatistics s) {
    return valueAndGradient(p.r(), p.alpha(), p.s(), p.beta(), s, null);
  }

  /**
   * Gradient of {@link #logLikelihood(ParetoNbdParams, SufficientStatistics)} with respect to
   * {@code (r, alpha, s, beta)}.
   */
  public static double[] gradient(ParetoNbdParams p, SufficientStatistics s) {
    double[] gradient = new double[4];
    valueAndGradient(p.r(), p.alpha(), p.s(), p.beta(), s, gradient);
    return gradient;
  }

  /**
   * ln P(alive at T | x, t_x, T) - ln P(dead at T | ...) = ln of "alive" bracket term minus ln
   * of "died" term; +infinity when t_x = T (no room to have died unseen).
   */
  static double logOddsAlive(double r, double alpha, double s, double beta, int x, double tx,
      double T) {
    double alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    double[] atTx = new double[TailIntegral.SIZE];
    double[] atT = new double[TailIntegral.SIZE];
    double logDied = Math.log(s) + logTail(r, alpha, s, beta, x, tx, T, atTx, atT, null);
    return alive - logDied;
  }

  /**
   * The weighted log-likelihood, and, when {@code gradientOut} is non-null, its gradient with
   * respect to {@code (r, alpha, s, beta)} written into {@code gradientOut[0..3]}.
   *
   * <p>Takes raw doubles without validation because the optimizer probes arbitrary points:
   * non-positive or overflowing parameters give NaN or an infinity, which the line search treats
   * as a step too far.
   */
  static double valueAndGradient(
      double r, double alpha, double s, double beta, SufficientStatistics stats,
      double[] gradientOut) {
    boolean wantGradient = gradientOut != null;
    double lnAlpha = Math.log(alpha);
    double lnBeta = Math.log(beta);
    double lgR = Gamma.logGamma(r);
    double psiR = wantGradient ? Gamma.digamma(r) : 0;

    double value = 0;
    double gR = 0;
    double gAlpha = 0;
    double gS = 0;
    double gBeta = 0;

    // Gamma(r+x) alpha^r beta^s / Gamma(r) depends on x only: one pass over the distinct x.
    for (int k = 0; k < stats.distinctXCount(); k++) {
      int x = stats.distinctX(k);
      double n = stats.customersWithX(k);
      value += n * (Gamma.logGamma(r + x) - lgR + r * lnAlpha + s * lnBeta);
      if (wantGradient) {
        gR += n * (Gamma.digamma(r + x) - psiR + lnAlpha);
        gAlpha += n * r / alpha;
        gS += n * lnBeta;
        gBeta += n * s / beta;
      }
    }

    double lnS = Math.log(s);
    double[] atTx = new double[TailIntegral.SIZE];
    double[] atT = new double[TailIntegral.SIZE];
    double[] tail = new double[4];
    // K(t_x) depends on the row only through (x, t_x), and the one-time buyers (x = 0, t_x = 0),
    // often most customers, all share one: it is summed once per evaluation. That is also where
    // the series is longest (z = 1 - min(alpha, beta) / max(alpha, beta) at t = 0), and the
    // search can cross a valley with beta a thousandth of alpha on its way to the optimum.
    double[] oneTimeBuyers = null;
    for (int i = 0; i < stats.size(); i++) {
      double n = stats.count(i);
      int x = stats.x(i);
      double tx = stats.tx(i);
      double T = stats.T(i);
      double rx = r + x;
      double lnAlphaT = Math.log(alpha + T);
      double lnBetaT = Math.log(beta + T);
      double alive = -rx * lnAlphaT - s * lnBetaT;
      if (x == 0 && oneTimeBuyers == null) {
        oneTimeBuyers = new double[TailIntegral.SIZE];
        tailIntegral(r, alpha, s, beta, 0, 0, oneTimeBuyers);
      }
      double logTail = logTail(r, alpha, s, beta, x, tx, T, atTx, atT,
          x == 0 ? oneTimeBuyers : null);
      if (Double.isNaN(logTail)) {
        // A series that did not converge: min(alpha, beta) is far below the other, and the
        // optimizer only needs to know that this point is out of bounds, not the other rows.
        return Double.NaN;
      }
      double died = lnS + logTail;
      // Share of the "died" term in the bracket, a logistic function of the log ratio.
      double d = died - alive;
      double wDied;
      if (d >= 0) {
        value += n * (died + Math.log1p(Math.exp(-d)));
        wDied = 1 / (1 + Math.exp(-d));
      } else {
        double e = Math.exp(d);
        value += n * (alive + Math.log1p(e));
        wDied = e / (1 + e);
      }
      if (wantGradient) {
        double wAlive = 1 - wDied;
        gR -= n * wAlive * lnAlphaT;
        gAlpha -= n * wAlive * rx / (alpha + T);
        gS -= n * wAlive * lnBetaT;
        gBeta -= n * wAlive * s / (beta + T);
        if (wDied > 0) {
          tailGradient(alpha >= beta, logTail, atTx, atT, tail);
          gR += n * wDied * tail[0];
          gAlpha += n * wDied * tail[1];
          gS += n * wDied * (1 / s + tail[2]);
          gBeta += n * wDied * tail[3];
        }
      }
    }
    if (wantGradient) {
      gradientOut[0] = gR;
      gradientOut[1] = gAlpha;
      gradientOut[2] = gS;
      gradientOut[3] = gBeta;
    }
    return value;
  }

  /**
   * ln A = ln(K(t_x) - K(T)), leaving K's log-derivatives at t_x and T in {@code atTx} and
   * {@code atT}; -infinity when t_x = T (or the two are equal to rounding), NaN when a series
   * did not converge. {@code knownAtTx}, when not null, is K at t_x already evaluated.
   */
  private static double logTail(double r, double alpha, double s, double beta, int x, double tx,
      double T, double[] atTx, double[] atT, double[] knownAtTx) {
    if (knownAtTx != null) {
      System.arraycopy(knownAtTx, 0, atTx, 0, TailIntegral.SIZE);
    } else if (!tailIntegral(r, alpha, s, beta, x, tx, atTx)) {
      return Double.NaN;
    }
    if (!tailIntegral(r, alpha, s, beta, x, T, atT) || Double.isNaN(atTx[0])) {
      return Double.NaN;
    }
    double diff = atT[TailIntegral.LOG_VALUE] - atTx[TailIntegral.LOG_VALUE];
    if (!(diff < 0)) {
      return Double.NEGATIVE_INFINITY;
    }
    return atTx[TailIntegral.LOG_VALUE] + Math.log(-Math.expm1(diff));
  }

  /** K at t for the customer's (alpha+y)^-(r+x) (beta+y)^-(s+1), the larger base first. */
  private static boolean tailIntegral(double r, double alpha, double s, double beta, int x,
      double t, double[] out) {
    return alpha >= beta
        ? TailIntegral.evaluate(r + x, s + 1, alpha, beta, t, out)
        : TailIntegral.evaluate(s + 1, r + x, beta, alpha, t, out);
  }

  /**
   * Gradient of ln A in (r, alpha, s, beta): {@code (K(t_x) grad ln K(t_x) - K(T) grad ln K(T)) /
   * (K(t_x) - K(T))}, mapped from K's (P, Q, larger base, smaller base) back to the parameters.
   */
  private static void tailGradient(boolean alphaLarger, double logTail, double[] atTx,
      double[] atT, double[] out) {
    double wTx = Math.exp(atTx[TailIntegral.LOG_VALUE] - logTail);
    double wT = Math.exp(atT[TailIntegral.LOG_VALUE] - logTail);
    double dP = wTx * atTx[TailIntegral.D_P] - wT * atT[TailIntegral.D_P];
    double dQ = wTx * atTx[TailIntegral.D_Q] - wT * atT[TailIntegral.D_Q];
    double dBig = wTx * atTx[TailIntegral.D_BIG] - wT * atT[TailIntegral.D_BIG];
    double dSmall = wTx * atTx[TailIntegral.D_SMALL] - wT * atT[TailIntegral.D_SMALL];
    if (alphaLarger) {
      out[0] = dP;
      out[1] = dBig;
      out[2] = dQ;
      out[3] = dSmall;
    } else {
      out[0] = dQ;
      out[1] = dSmall;
      out[2] = dP;
      out[3] = dBig;
    }
  }
}
