package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class GammaGammaLikelihoodTest {

  private static RepeatSpendStatistics small() {
    return RepeatSpendStatistics.builder()
        .add(1, 12.5, 3).add(1, 40.0, 1).add(2, 51.0, 2).add(3, 75.3, 1).add(7, 410.0, 1)
        .build();
  }

  @Test
  void totalEqualsTheSumOfThePublishedPerCustomerDensity() {
    RepeatSpendStatistics stats = small();
    double p = 4.2;
    double q = 2.7;
    double gamma = 11.0;
    double[][] rows = {{1, 12.5, 3}, {1, 40.0, 1}, {2, 51.0, 2}, {3, 75.3, 1}, {7, 410.0, 1}};
    double expected = 0;
    for (double[] r : rows) {
      double x = r[0];
      double m = r[1] / x;
      // Fader & Hardie (2013), eq. 3, as written there.
      double density = Gamma.logGamma(p * x + q) - Gamma.logGamma(p * x) - Gamma.logGamma(q)
          + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x)
          - (p * x + q) * Math.log(gamma + m * x);
      expected += r[2] * density;
    }
    assertEquals(expected, GammaGammaLikelihood.logLikelihood(
        new GammaGammaParams(p, q, gamma), stats), 1e-9 * Math.abs(expected));
  }

  @Test
  void gradientMatchesCentralDifferences() throws Exception {
    for (RepeatSpendStatistics stats : new RepeatSpendStatistics[] {small(),
        CdnowSpend.statistics()}) {
      double[] theta = {5.1, 3.3, 17.0};
      double[] gradient = new double[3];
      GammaGammaLikelihood.valueAndGradient(theta[0], theta[1], theta[2], stats, gradient);
      for (int i = 0; i < 3; i++) {
        double h = 1e-6 * theta[i];
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        plus[i] += h;
        minus[i] -= h;
        double difference = (value(plus, stats) - value(minus, stats)) / (2 * h);
        assertEquals(difference, gradient[i], 1e-6 * Math.max(1, Math.abs(difference)),
            "d/dtheta_" + i + " on " + stats);
      }
    }
  }

  private static double value(double[] theta, RepeatSpendStatistics stats) {
    return GammaGammaLikelihood.logLikelihood(
        new GammaGammaParams(theta[0], theta[1], theta[2]), stats);
  }
}
