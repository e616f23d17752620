package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published BG/NBD results on the CDNOW sample (Fader, Hardie &amp; Lee 2005). */
class CdnowReferenceTest {

  private static final BgNbdParams PUBLISHED = new BgNbdParams(0.243, 4.414, 0.793, 2.426);
  private static final double PUBLISHED_LOG_LIKELIHOOD = -9582.4;

  private static SufficientStatistics cdnow;

  @BeforeAll
  static void load() throws IOException {
    cdnow = CdnowFixture.calibrationStatistics();
  }

  @Test
  void sampleHasThePapersCustomerCount() {
    assertEquals(2357, cdnow.customers());
  }

  @Test
  void fitReproducesPublishedEstimates() {
    BgNbdFit fit = BgNbdFitter.fit(cdnow);

    assertTrue(fit.converged());
    assertRelative("r", PUBLISHED.r(), fit.params().r(), 0.005);
    assertRelative("alpha", PUBLISHED.alpha(), fit.params().alpha(), 0.005);
    assertRelative("a", PUBLISHED.a(), fit.params().a(), 0.005);
    assertRelative("b", PUBLISHED.b(), fit.params().b(), 0.005);
    assertRelative("log-likelihood", PUBLISHED_LOG_LIKELIHOOD, fit.logLikelihood(), 0.005);
    assertEquals(2357, fit.customers());
  }

  @Test
  void publishedEstimatesGiveThePublishedLogLikelihood() {
    // Independent of the optimizer: the likelihood itself at the paper's (rounded) estimates.
    assertEquals(PUBLISHED_LOG_LIKELIHOOD, BgNbdLikelihood.logLikelihood(PUBLISHED, cdnow), 0.05);
  }

  @Test
  void fitFromDistantStartsReachesTheSameOptimum() {
    BgNbdFit reference = BgNbdFitter.fit(cdnow);
    BgNbdParams[] starts = {
      new BgNbdParams(0.01, 0.01, 0.01, 0.01),
      new BgNbdParams(50, 50, 50, 50),
      new BgNbdParams(0.714, 0.623, 44.7, 0.0275),
      new BgNbdParams(5.6, 94.7, 32.4, 0.91),
    };
    for (BgNbdParams start : starts) {
      BgNbdFit fit = BgNbdFitter.fit(cdnow, FitOptions.defaults().withStart(start));
      double[] expected = reference.params().toArray();
      double[] actual = fit.params().toArray();
      for (int i = 0; i < 4; i++) {
        assertRelative("parameter " + i + " from start " + start, expected[i], actual[i], 1e-5);
      }
    }
  }

  @Test
  void conditionalExpectationMatchesPublishedReferencePoint() {
    // Customer 0001 of the sample: x = 2, t_x = 30.43, T = 38.86; Hardie's spreadsheet, BTYD and
    // lifetimes all give 1.226 expected transactions in the next 39 weeks.
    double expected = BgNbdPredictor.expectedTransactions(PUBLISHED, 39, 2, 30.43, 38.86);
    assertEquals(1.226, expected, 0.0005);
  }

  private static void assertRelative(String what, double expected, double actual, double tol) {
    assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected),
        what + ": expected " + expected + " within " + (100 * tol) + "% but was " + actual);
  }
}
