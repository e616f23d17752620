package io.lapse.models.paretonbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.bgnbd.CdnowFixture;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published Pareto/NBD results on the CDNOW sample (Fader, Hardie &amp; Lee 2005, table in
 * data/cdnow/README.md) and the reference points of BTYD's walkthrough that lifetimes tests too.
 */
class ParetoNbdCdnowReferenceTest {

  private static final ParetoNbdParams PUBLISHED = new ParetoNbdParams(0.553, 10.578, 0.606, 11.669);
  private static final double PUBLISHED_LOG_LIKELIHOOD = -9595.0;
  /** BTYD's estimates on the same data (its walkthrough, "pnbd.EstimateParameters"). */
  private static final ParetoNbdParams BTYD = new ParetoNbdParams(0.5534, 10.5802, 0.6061, 11.6562);

  private static SufficientStatistics cdnow;
  private static ParetoNbdFit fit;

  @BeforeAll
  static void load() throws IOException {
    cdnow = CdnowFixture.calibrationStatistics();
    fit = ParetoNbdFitter.fit(cdnow);
  }

  @Test
  void fitReproducesPublishedEstimates() {
    assertTrue(fit.converged());
    assertRelative("r", PUBLISHED.r(), fit.params().r(), 0.005);
    assertRelative("alpha", PUBLISHED.alpha(), fit.params().alpha(), 0.005);
    assertRelative("s", PUBLISHED.s(), fit.params().s(), 0.005);
    assertRelative("beta", PUBLISHED.beta(), fit.params().beta(), 0.005);
    assertRelative("log-likelihood", PUBLISHED_LOG_LIKELIHOOD, fit.logLikelihood(), 0.005);
    assertEquals(2357, fit.customers());
    assertTrue(fit.gradientNorm() <= 1e-7, "gradient norm " + fit.gradientNorm());
    for (double e : fit.standardErrors()) {
      assertTrue(e > 0 && Double.isFinite(e), "standard errors " + fit);
    }
  }

  @Test
  void publishedEstimatesGiveThePublishedLogLikelihood() {
    // Independent of the optimizer: the likelihood itself at the paper's (rounded) estimates.
    assertEquals(PUBLISHED_LOG_LIKELIHOOD,
        ParetoNbdLikelihood.logLikelihood(PUBLISHED, cdnow), 0.05);
  }

  @Test
  void fitFromDistantStartsReachesTheSameOptimum() {
    ParetoNbdParams[] starts = {
      new ParetoNbdParams(0.01, 0.01, 0.01, 0.01),
      new ParetoNbdParams(50, 50, 50, 50),
      new ParetoNbdParams(0.1, 100, 5, 0.5),
      new ParetoNbdParams(5, 0.5, 0.1, 100),
    };
    for (ParetoNbdParams start : starts) {
      ParetoNbdFit other =
          ParetoNbdFitter.fit(cdnow, ParetoNbdFitOptions.defaults().withStart(start));
      double[] expected = fit.params().toArray();
      double[] actual = other.params().toArray();
      for (int i = 0; i < 4; i++) {
        assertRelative("parameter " + i + " from start " + start, expected[i], actual[i], 1e-4);
      }
    }
  }

  @Test
  void probabilityAliveMatchesBtydWalkthrough() {
    // BTYD walkthrough, p. 8: customer 1516 (x = 26, t_x = 30.86, T = 31) is alive with 0.9979.
    assertEquals(0.9979, ParetoNbdPredictor.probabilityAlive(BTYD, 26, 30.86, 31), 0.00005);
  }

  @Test
  void conditionalExpectationMatchesBtydWalkthrough() {
    // The same customer expects 25.46 transactions in the next 52 weeks (BTYD walkthrough). Both
    // with BTYD's estimates and with this fit's, the formula gives 25.455, so the check uses
    // lifetimes' tolerance for this value, 0.01 (the walkthrough's inputs are themselves rounded,
    // t_x = 30.86 for 216/7 weeks).
    assertEquals(25.46, ParetoNbdPredictor.expectedTransactions(BTYD, 52, 26, 30.86, 31), 0.01);
    assertEquals(25.46,
        ParetoNbdPredictor.expectedTransactions(fit.params(), 52, 26, 30.86, 31), 0.01);
  }

  @Test
  void unconditionalExpectationMatchesBtyd() {
    // pnbd.Expectation at t = 0..9 weeks with the parameters of BTYD's example, (0.55, 10.56,
    // 0.61, 11.64); lifetimes tests the same values, given to 8 digits.
    ParetoNbdParams example = new ParetoNbdParams(0.55, 10.56, 0.61, 11.64);
    double[] expected = {0.00000000, 0.05077821, 0.09916088, 0.14542507, 0.18979930,
        0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211};
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], ParetoNbdPredictor.expectedTransactionsNewCustomer(example, t),
          1e-8,
          "t=" + t);
    }
  }

  @Test
  void heavyBuyersNeitherOverflowNorJump() {
    // lifetimes' underflow case: one more purchase changes E[X(10)] by a little (6.206, 6.253).
    ParetoNbdParams p = new ParetoNbdParams(0.55, 10.58, 0.61, 11.67);
    double left = ParetoNbdPredictor.expectedTransactions(p, 10, 132, 200, 200);
    double right = ParetoNbdPredictor.expectedTransactions(p, 10, 133, 200, 200);
    assertEquals(6.2061, left, 0.001);
    assertEquals(6.2529, right, 0.001);
  }

  private static void assertRelative(String what, double expected, double actual, double tol) {
    assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected),
        what + ": expected " + expected + " within " + (100 * tol) + "% but was " + actual);
  }
}
