package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class BgNbdFitterTest {

  @Test
  void stopsWithADescriptiveExceptionWhenIterationsRunOut() throws IOException {
    SufficientStatistics cdnow = CdnowFixture.calibrationStatistics();
    BgNbdFitException e = assertThrows(BgNbdFitException.class,
        () -> BgNbdFitter.fit(cdnow, FitOptions.defaults().withMaxIterations(1)));
    String message = e.getMessage();
    assertTrue(message.startsWith("BG/NBD fit did not converge after 1 iteration(s): the maximum"
        + " number of iterations was reached; last parameters r="), message);
    assertTrue(message.matches(".*; log-likelihood -[0-9.e+]+; gradient norm [0-9.e+-]+"
        + " \\(tolerance 1\\.00e-07\\)\\..*"), message);
    assertTrue(message.endsWith(". Check the input statistics (2357 customers in 2357 rows; a"
        + " segment with almost no repeat purchases has no interior optimum) or raise"
        + " lapse.models.bgnbd.max-iterations."), message);
  }

  @Test
  void refusesToStartWhereTheLikelihoodIsNotFinite() {
    // lgamma(r + x) - lgamma(r) is infinity - infinity at r = 1e308.
    SufficientStatistics s = SufficientStatistics.builder().add(0, 0, 30, 5).add(2, 10, 30, 3).build();
    BgNbdFitException e = assertThrows(BgNbdFitException.class,
        () -> BgNbdFitter.fit(s, FitOptions.defaults().withStart(new BgNbdParams(1e308, 1, 1, 1))));
    assertTrue(e.getMessage().startsWith("BG/NBD fit did not converge after 0 iteration(s): the"
        + " log-likelihood or its gradient is not finite at the start; last parameters r=1.00000e+308,"
        + " alpha=1.00000, a=1.00000, b=1.00000;"), e.getMessage());
  }

  @Test
  void rejectsEmptyStatistics() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BgNbdFitter.fit(SufficientStatistics.builder().build()));
    assertEquals("cannot fit BG/NBD to zero customers", e.getMessage());
  }

  @Test
  void groupedAndUngroupedDataGiveTheSameFit() throws IOException {
    SufficientStatistics cdnow = CdnowFixture.calibrationStatistics();
    SufficientStatistics.Builder grouped = SufficientStatistics.builder();
    java.util.Map<String, long[]> counts = new java.util.LinkedHashMap<>();
    java.util.Map<String, double[]> rows = new java.util.HashMap<>();
    for (int i = 0; i < cdnow.size(); i++) {
      String key = cdnow.x(i) + "/" + cdnow.tx(i) + "/" + cdnow.T(i);
      counts.computeIfAbsent(key, k -> new long[1])[0]++;
      rows.put(key, new double[] {cdnow.x(i), cdnow.tx(i), cdnow.T(i)});
    }
    counts.forEach((key, n) -> {
      double[] row = rows.get(key);
      grouped.add((int) row[0], row[1], row[2], n[0]);
    });
    SufficientStatistics g = grouped.build();
    assertTrue(g.size() < cdnow.size(), "grouping should merge rows, got " + g.size());

    BgNbdFit ungroupedFit = BgNbdFitter.fit(cdnow);
    BgNbdFit groupedFit = BgNbdFitter.fit(g);
    assertEquals(ungroupedFit.logLikelihood(), groupedFit.logLikelihood(), 1e-8);
    for (int i = 0; i < 4; i++) {
      assertEquals(ungroupedFit.params().toArray()[i], groupedFit.params().toArray()[i],
          1e-6 * ungroupedFit.params().toArray()[i]);
    }
  }

  @Test
  void standardErrorsInvertTheHessianOfLikelihoodValues() throws IOException {
    // Second differences of LL values (not of the analytic gradient, as the fitter uses).
    SufficientStatistics cdnow = CdnowFixture.calibrationStatistics();
    BgNbdFit fit = BgNbdFitter.fit(cdnow);
    double[] theta = fit.params().toArray();
    double[][] hessian = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double hi = 1e-3 * theta[i];
        double hj = 1e-3 * theta[j];
        hessian[i][j] = -(ll(cdnow, theta, i, hi, j, hj) - ll(cdnow, theta, i, hi, j, -hj)
            - ll(cdnow, theta, i, -hi, j, hj) + ll(cdnow, theta, i, -hi, j, -hj)) / (4 * hi * hj);
      }
    }
    RealMatrix covariance =
        new LUDecomposition(new Array2DRowRealMatrix(hessian)).getSolver().getInverse();
    double[] errors = fit.standardErrors();
    for (int i = 0; i < 4; i++) {
      double expected = Math.sqrt(covariance.getEntry(i, i));
      assertEquals(expected, errors[i], 1e-3 * expected, "standard error " + i);
    }
  }

  private static double ll(SufficientStatistics s, double[] theta, int i, double di, int j,
      double dj) {
    double[] shifted = theta.clone();
    shifted[i] += di;
    shifted[j] += dj;
    return BgNbdLikelihood.logLikelihood(BgNbdParams.of(shifted), s);
  }
}
