package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class BgNbdLikelihoodTest {

  /** Mixed data: non-repeaters, light and heavy repeaters, recent and lapsed, counts above 1. */
  private static SufficientStatistics mixed() {
    return SufficientStatistics.builder()
        .add(0, 0, 38.86, 1411)
        .add(0, 0, 12.5, 37)
        .add(1, 2.0, 30.0, 120)
        .add(1, 29.0, 30.0, 45)
        .add(2, 30.43, 38.86, 17)
        .add(3, 5.14, 60.0, 8)
        .add(7, 35.0, 36.0, 5)
        .add(25, 10.0, 39.0, 2)
        .add(120, 77.5, 78.0, 1)
        .build();
  }

  private static final BgNbdParams[] POINTS = {
    new BgNbdParams(0.243, 4.414, 0.793, 2.426),
    new BgNbdParams(1, 1, 1, 1),
    new BgNbdParams(0.05, 30, 3.5, 0.4),
    new BgNbdParams(4, 0.3, 0.2, 15),
  };

  @Test
  void analyticGradientMatchesCentralDifferences() {
    SufficientStatistics s = mixed();
    for (BgNbdParams p : POINTS) {
      double[] analytic = BgNbdLikelihood.gradient(p, s);
      double[] theta = p.toArray();
      for (int j = 0; j < 4; j++) {
        double h = 1e-6 * theta[j];
        double[] up = theta.clone();
        double[] down = theta.clone();
        up[j] += h;
        down[j] -= h;
        double numeric = (BgNbdLikelihood.logLikelihood(BgNbdParams.of(up), s)
            - BgNbdLikelihood.logLikelihood(BgNbdParams.of(down), s)) / (2 * h);
        assertEquals(numeric, analytic[j], 1e-5 * Math.max(1, Math.abs(numeric)),
            "d LL / d theta[" + j + "] at " + p);
      }
    }
  }

  @Test
  void weightedSumEqualsSumOfPerCustomerTerms() {
    SufficientStatistics s = mixed();
    for (BgNbdParams p : POINTS) {
      double sum = 0;
      for (int i = 0; i < s.size(); i++) {
        sum += s.count(i) * BgNbdLikelihood.logLikelihood(p, s.x(i), s.tx(i), s.T(i));
      }
      assertEquals(sum, BgNbdLikelihood.logLikelihood(p, s), 1e-9 * Math.abs(sum));
    }
  }

  @Test
  void perCustomerTermMatchesTheDirectFormula() {
    // FHL (2005) eq. 6 evaluated literally (no log space), fine for small x.
    BgNbdParams p = new BgNbdParams(0.4, 3.0, 0.9, 2.2);
    int[] xs = {0, 1, 2, 5};
    double[] txs = {0, 3.5, 20.0, 33.0};
    double T = 40;
    for (int k = 0; k < xs.length; k++) {
      int x = xs[k];
      double tx = txs[k];
      double r = p.r();
      double alpha = p.alpha();
      double a = p.a();
      double b = p.b();
      double common = Math.exp(Gamma.logGamma(r + x) - Gamma.logGamma(r)) * Math.pow(alpha, r);
      double beta = Math.exp(Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b));
      double betaAlive =
          Math.exp(Gamma.logGamma(a) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x));
      double likelihood = betaAlive / beta * common / Math.pow(alpha + T, r + x);
      if (x > 0) {
        double betaDead = Math.exp(
            Gamma.logGamma(a + 1) + Gamma.logGamma(b + x - 1) - Gamma.logGamma(a + b + x));
        likelihood += betaDead / beta * common / Math.pow(alpha + tx, r + x);
      }
      assertEquals(Math.log(likelihood), BgNbdLikelihood.logLikelihood(p, x, tx, T), 1e-12,
          "x=" + x);
    }
  }

  @Test
  void heavyBuyersStayFinite() {
    // (alpha+T)^-(r+x) underflows to 0 for x in the thousands; log-sum-exp must not.
    BgNbdParams p = new BgNbdParams(0.243, 4.414, 0.793, 2.426);
    double ll = BgNbdLikelihood.logLikelihood(p, 5000, 70.0, 78.0);
    assertTrue(Double.isFinite(ll), "log-likelihood was " + ll);
    double[] gradient = BgNbdLikelihood.gradient(
        p, SufficientStatistics.builder().add(5000, 70.0, 78.0, 1).build());
    for (double g : gradient) {
      assertTrue(Double.isFinite(g), "gradient component was " + g);
    }
  }
}
