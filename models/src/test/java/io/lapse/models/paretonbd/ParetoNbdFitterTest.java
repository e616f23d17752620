package io.lapse.models.paretonbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.bgnbd.SufficientStatistics;
import org.junit.jupiter.api.Test;

class ParetoNbdFitterTest {

  private static final SufficientStatistics SOME = SufficientStatistics.builder()
      .add(0, 0, 30, 50).add(1, 12, 30, 20).add(3, 25, 35, 10).add(6, 33, 36, 4).build();

  @Test
  void refusesZeroCustomers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParetoNbdFitter.fit(SufficientStatistics.builder().build()));
    assertTrue(e.getMessage().contains("zero customers"), e.getMessage());
  }

  @Test
  void aSearchCutShortSaysWhereItStopped() {
    ParetoNbdFitException e = assertThrows(ParetoNbdFitException.class,
        () -> ParetoNbdFitter.fit(SOME, new ParetoNbdFitOptions(2, 1e-7,
            new ParetoNbdParams(1, 1, 1, 1))));
    assertTrue(e.getMessage().contains("after 2 iteration(s)")
        && e.getMessage().contains("maximum number of iterations")
        && e.getMessage().contains("84 customers in 4 rows"), e.getMessage());
  }

  @Test
  void theFitIsAStationaryPointOfTheLikelihood() {
    ParetoNbdFit fit = ParetoNbdFitter.fit(SOME);
    double[] gradient = ParetoNbdLikelihood.gradient(fit.params(), SOME);
    double[] theta = fit.params().toArray();
    for (int i = 0; i < 4; i++) {
      // The search stops on the log-parameter gradient of the mean LL: theta_i g_i / n.
      assertTrue(Math.abs(theta[i] * gradient[i] / SOME.customers()) <= 1e-7,
          "parameter " + i + ": gradient " + gradient[i]);
    }
    assertEquals(ParetoNbdLikelihood.logLikelihood(fit.params(), SOME), fit.logLikelihood());
    assertEquals(84, fit.customers());
  }

  @Test
  void optionsRejectBadLimitsNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ParetoNbdFitOptions(0, 1e-7, new ParetoNbdParams(1, 1, 1, 1)));
    assertTrue(e.getMessage().contains("was 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ParetoNbdFitOptions(10, Double.NaN, new ParetoNbdParams(1, 1, 1, 1)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
