package io.lapse.models.spend;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma log-likelihood of repeat customers' mean spend m_x given x (Fader &amp; Hardie
 * 2013, eq. 3): per customer
 * {@code lnG(px+q) - lnG(px) - lnG(q) + q ln gamma + (px-1) ln m + px ln x - (px+q) ln(gamma+xm)},
 * written with z = x m as in {@link RepeatSpendStatistics} so that the sums over customers are
 * taken once, and with log1p(gamma / z) so that the large, nearly cancelling ln z terms do not
 * cost precision. Digamma and trigamma are commons-math3's.
 */
public final class GammaGammaLikelihood {

  private GammaGammaLikelihood() {}

  /** The total log-likelihood at {@code params}; one pass of the gamma sums. */
  public static double logLikelihood(GammaGammaParams params, RepeatSpendStatistics stats) {
    return valueAndGradient(params.p(), params.q(), params.gamma(), stats, new double[3]);
  }

  /**
   * The log-likelihood and its gradient in (p, q, gamma), written into {@code gradient}.
   */
  public static double valueAndGradient(double p, double q, double gamma,
      RepeatSpendStatistics stats, double[] gradient) {
    GammaSums.Terms t = stats.sums().at(gamma);
    double value = partial(p, q, gamma, stats, t, gradient, null);
    gradient[2] = stats.customers() * q / gamma - p * t.xInverse() - q * t.inverse();
    return value;
  }

  /**
   * The log-likelihood at fixed gamma (given its {@code terms}), with the gradient in (p, q) in
   * {@code gradient[0..1]} and, when {@code hessian} is not null, the Hessian in (p, q): the
   * profile fitter's inner problem, which needs no pass over the data. The inner problem is
   * concave: lnG(a+b) - lnG(a) - lnG(b) = -ln B(a, b) is concave in (a, b) and the other terms
   * are linear in (p, q).
   */
  static double partial(double p, double q, double gamma, RepeatSpendStatistics stats,
      GammaSums.Terms terms, double[] gradient, double[][] hessian) {
    int[] xs = stats.distinctX();
    long[] ns = stats.countByX();
    double n = stats.customers();
    double value = 0;
    double dp = 0;
    double dq = 0;
    double dpp = 0;
    double dpq = 0;
    double dqq = 0;
    for (int i = 0; i < xs.length; i++) {
      double c = ns[i];
      double px = p * xs[i];
      value += c * (Gamma.logGamma(px + q) - Gamma.logGamma(px));
      double digammaSum = Gamma.digamma(px + q);
      dp += c * xs[i] * (digammaSum - Gamma.digamma(px));
      dq += c * digammaSum;
      if (hessian != null) {
        double trigammaSum = Gamma.trigamma(px + q);
        dpp += c * xs[i] * xs[i] * (trigammaSum - Gamma.trigamma(px));
        dpq += c * xs[i] * trigammaSum;
        dqq += c * trigammaSum;
      }
    }
    double logGamma = Math.log(gamma);
    value += -n * Gamma.logGamma(q) + q * (n * logGamma - stats.sumLogTotal())
        - stats.sumLogMean() - p * terms.xLog1p() - q * terms.log1p();
    gradient[0] = dp - terms.xLog1p();
    gradient[1] = dq - n * Gamma.digamma(q) + n * logGamma - stats.sumLogTotal() - terms.log1p();
    if (hessian != null) {
      hessian[0][0] = dpp;
      hessian[0][1] = dpq;
      hessian[1][0] = dpq;
      hessian[1][1] = dqq - n * Gamma.trigamma(q);
    }
    return value;
  }
}
