package io.lapse.models.bgnbd;

import org.apache.commons.math3.special.Gamma;

/**
 * BG/NBD log-likelihood, FHL (2005) eq. 6, written as in their spreadsheet note:
 *
 * <pre>
 *   ln L = ln A1 + ln A2 + ln(A3 + [x &gt; 0] A4)
 *   A1 = Gamma(r+x) alpha^r / Gamma(r)
 *   A2 = Gamma(a+b) Gamma(b+x) / (Gamma(b) Gamma(a+b+x))
 *   A3 = (alpha+T)^-(r+x)
 *   A4 = a/(b+x-1) (alpha+t_x)^-(r+x)
 * </pre>
 *
 * A3 and A4 underflow for heavy buyers (x in the hundreds), so their sum is taken with
 * log-sum-exp; the gradient of that term is then a softmax-weighted mix of the gradients of
 * ln A3 and ln A4.
 */
public final class BgNbdLikelihood {

  private BgNbdLikelihood() {}

  /** Log-likelihood of one customer with x repeat purchases, recency tx and age T (weeks). */
  public static double logLikelihood(BgNbdParams p, int x, double tx, double T) {
    SufficientStatistics.validateRow("", x, tx, T);
    double r = p.r();
    double alpha = p.alpha();
    double a = p.a();
    double b = p.b();
    double lnA1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
    double lnA2 = Gamma.logGamma(a + b) + Gamma.logGamma(b + x)
        - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
    double lnA3 = -(r + x) * Math.log(alpha + T);
    if (x == 0) {
      return lnA1 + lnA2 + lnA3;
    }
    double lnA4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    return lnA1 + lnA2 + logSumExp(lnA3, lnA4);
  }

  /** Count-weighted sum of the per-customer log-likelihoods. */
  public static double logLikelihood(BgNbdParams p, SufficientStatistics s) {
    return valueAndGradient(p.r(), p.alpha(), p.a(), p.b(), s, null);
  }

  /**
   * Gradient of {@link #logLikelihood(BgNbdParams, SufficientStatistics)} with respect to
   * {@code (r, alpha, a, b)}.
   */
  public static double[] gradient(BgNbdParams p, SufficientStatistics s) {
    double[] gradient = new double[4];
    valueAndGradient(p.r(), p.alpha(), p.a(), p.b(), s, gradient);
    return gradient;
  }

  /**
   * The weighted log-likelihood, and, when {@code gradientOut} is non-null, its gradient with
   * respect to {@code (r, alpha, a, b)} written into {@code gradientOut[0..3]}.
   *
   * <p>Takes raw doubles without validation because the optimizer probes arbitrary points:
   * non-positive or overflowing parameters give NaN or an infinity, which the line search treats
   * as a step too far. Allocates nothing.
   */
  static double valueAndGradient(
      double r, double alpha, double a, double b, SufficientStatistics s, double[] gradientOut) {
    boolean wantGradient = gradientOut != null;
    double lnAlpha = Math.log(alpha);
    double lgR = Gamma.logGamma(r);
    double lgB = Gamma.logGamma(b);
    double lgAB = Gamma.logGamma(a + b);
    double psiR = wantGradient ? Gamma.digamma(r) : 0;
    double psiB = wantGradient ? Gamma.digamma(b) : 0;
    double psiAB = wantGradient ? Gamma.digamma(a + b) : 0;

    double value = 0;
    double gR = 0;
    double gAlpha = 0;
    double gA = 0;
    double gB = 0;

    // ln A1 + ln A2 depend on x only: one pass over the distinct x values.
    int[] xs = s.distinctX;
    long[] nx = s.countByX;
    for (int k = 0; k < xs.length; k++) {
      int x = xs[k];
      double n = nx[k];
      value += n * (Gamma.logGamma(r + x) - lgR + r * lnAlpha
          + lgAB + Gamma.logGamma(b + x) - lgB - Gamma.logGamma(a + b + x));
      if (wantGradient) {
        double psiRX = Gamma.digamma(r + x);
        double psiABX = Gamma.digamma(a + b + x);
        gR += n * (psiRX - psiR + lnAlpha);
        gAlpha += n * r / alpha;
        gA += n * (psiAB - psiABX);
        gB += n * (psiAB + Gamma.digamma(b + x) - psiB - psiABX);
      }
    }

    // ln(A3 + [x>0] A4): one pass over the rows.
    double lnA = Math.log(a);
    int[] x = s.x;
    double[] tx = s.tx;
    double[] ts = s.T;
    long[] count = s.count;
    for (int i = 0; i < x.length; i++) {
      double n = count[i];
      double rx = r + x[i];
      double alphaT = alpha + ts[i];
      double lnAlphaT = Math.log(alphaT);
      double lnA3 = -rx * lnAlphaT;
      if (x[i] == 0) {
        value += n * lnA3;
        if (wantGradient) {
          gR -= n * lnAlphaT;
          gAlpha -= n * rx / alphaT;
        }
        continue;
      }
      double alphaTx = alpha + tx[i];
      double lnAlphaTx = Math.log(alphaTx);
      double bx1 = b + x[i] - 1;
      double lnA4 = lnA - Math.log(bx1) - rx * lnAlphaTx;
      // Share of A4 in A3 + A4, a logistic function of the log ratio; stable for either sign.
      double d = lnA4 - lnA3;
      double w4;
      if (d >= 0) {
        value += n * (lnA4 + Math.log1p(Math.exp(-d)));
        w4 = 1 / (1 + Math.exp(-d));
      } else {
        double e = Math.exp(d);
        value += n * (lnA3 + Math.log1p(e));
        w4 = e / (1 + e);
      }
      if (wantGradient) {
        double w3 = 1 - w4;
        gR -= n * (w3 * lnAlphaT + w4 * lnAlphaTx);
        gAlpha -= n * rx * (w3 / alphaT + w4 / alphaTx);
        gA += n * w4 / a;
        gB -= n * w4 / bx1;
      }
    }
    if (wantGradient) {
      gradientOut[0] = gR;
      gradientOut[1] = gAlpha;
      gradientOut[2] = gA;
      gradientOut[3] = gB;
    }
    return value;
  }

  static double logSumExp(double u, double v) {
    double max = Math.max(u, v);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log1p(Math.exp(-Math.abs(u - v)));
  }
}
