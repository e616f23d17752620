package io.lapse.models.paretonbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.bgnbd.SufficientStatistics;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class ParetoNbdLikelihoodTest {

  /** Rows with x = 0, light and heavy buyers, t_x at 0, inside and at T. */
  private static final SufficientStatistics ROWS = SufficientStatistics.builder()
      .add(0, 0, 38.9, 12)
      .add(0, 0, 5, 3)
      .add(1, 2.5, 30, 4)
      .add(3, 10, 32.4, 2)
      .add(7, 35, 35, 1)
      .add(40, 20.1, 36, 1)
      .add(250, 70, 78, 2)
      .build();

  /** Both FHL cases (alpha above and below beta), near-equal rates and extreme shapes. */
  private static final ParetoNbdParams[] POINTS = {
    new ParetoNbdParams(0.553, 10.578, 0.606, 11.669),
    new ParetoNbdParams(0.9, 25, 0.4, 3),
    new ParetoNbdParams(2.5, 4, 1.7, 60),
    new ParetoNbdParams(0.3, 7.2, 1.0, 7.2000001),
    new ParetoNbdParams(0.05, 0.2, 8, 300),
  };

  @Test
  void matchesNumericalIntegrationOfTheDefinition() {
    // L = Gamma(r+x) alpha^r beta^s / Gamma(r) [(alpha+T)^-(r+x) (beta+T)^-s
    //       + s int_tx^T (alpha+y)^-(r+x) (beta+y)^-(s+1) dy], integrated by Gauss-Legendre:
    // independent of the series and of the alpha/beta case split.
    IterativeLegendreGaussIntegrator integrator =
        new IterativeLegendreGaussIntegrator(32, 1e-13, 1e-300);
    int[][] customers = {{0}, {1}, {3}, {40}};
    double[][] times = {{0, 38.9}, {2.5, 30}, {10, 32.4}, {20.1, 36}};
    for (ParetoNbdParams p : POINTS) {
      for (int i = 0; i < customers.length; i++) {
        int x = customers[i][0];
        double tx = times[i][0];
        double T = times[i][1];
        double integral = integrator.integrate(100_000,
            y -> Math.pow(p.alpha() + y, -(p.r() + x)) * Math.pow(p.beta() + y, -(p.s() + 1)),
            tx, T);
        double bracket = Math.pow(p.alpha() + T, -(p.r() + x)) * Math.pow(p.beta() + T, -p.s())
            + p.s() * integral;
        double expected = Gamma.logGamma(p.r() + x) - Gamma.logGamma(p.r())
            + p.r() * Math.log(p.alpha()) + p.s() * Math.log(p.beta()) + Math.log(bracket);
        double actual = ParetoNbdLikelihood.logLikelihood(p, x, tx, T);
        assertEquals(expected, actual, 1e-9 * Math.abs(expected), p + " x=" + x);
      }
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    for (ParetoNbdParams p : POINTS) {
      double[] analytic = ParetoNbdLikelihood.gradient(p, ROWS);
      double[] theta = p.toArray();
      for (int j = 0; j < 4; j++) {
        double h = 1e-6 * theta[j];
        double[] up = theta.clone();
        double[] down = theta.clone();
        up[j] += h;
        down[j] -= h;
        double numeric = (ParetoNbdLikelihood.logLikelihood(ParetoNbdParams.of(up), ROWS)
            - ParetoNbdLikelihood.logLikelihood(ParetoNbdParams.of(down), ROWS)) / (2 * h);
        double scale = Math.max(1, Math.abs(numeric));
        assertEquals(numeric, analytic[j], 1e-5 * scale, p + " parameter " + j);
      }
    }
  }

  @Test
  void theTwoCasesAgreeWhereAlphaMeetsBeta() {
    // FHL's A0 has one form for alpha >= beta and one for alpha < beta; the likelihood and its
    // gradient are continuous across alpha = beta, so a jump would mean a wrong case.
    ParetoNbdParams below = new ParetoNbdParams(0.7, 9.999999, 0.8, 10);
    ParetoNbdParams above = new ParetoNbdParams(0.7, 10.000001, 0.8, 10);
    assertEquals(ParetoNbdLikelihood.logLikelihood(below, ROWS),
        ParetoNbdLikelihood.logLikelihood(above, ROWS), 1e-4);
    double[] gBelow = ParetoNbdLikelihood.gradient(below, ROWS);
    double[] gAbove = ParetoNbdLikelihood.gradient(above, ROWS);
    for (int j = 0; j < 4; j++) {
      assertEquals(gBelow[j], gAbove[j], 1e-4 * Math.max(1, Math.abs(gBelow[j])), "j=" + j);
    }
  }

  @Test
  void groupedRowsWeighLikeTheirCustomers() {
    ParetoNbdParams p = POINTS[1];
    double sum = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      sum += ROWS.count(i)
          * ParetoNbdLikelihood.logLikelihood(p, ROWS.x(i), ROWS.tx(i), ROWS.T(i));
    }
    assertEquals(sum, ParetoNbdLikelihood.logLikelihood(p, ROWS), 1e-9 * Math.abs(sum));
  }

  @Test
  void aPurchaseAtTheEndLeavesNoRoomToHaveDied() {
    // t_x = T: the "died in (t_x, T]" term vanishes and L is the "alive" term alone.
    ParetoNbdParams p = POINTS[0];
    int x = 4;
    double T = 20;
    double expected = Gamma.logGamma(p.r() + x) - Gamma.logGamma(p.r())
        + p.r() * Math.log(p.alpha()) + p.s() * Math.log(p.beta())
        - (p.r() + x) * Math.log(p.alpha() + T) - p.s() * Math.log(p.beta() + T);
    assertEquals(expected, ParetoNbdLikelihood.logLikelihood(p, x, T, T), 1e-12);
    assertEquals(1.0, ParetoNbdPredictor.probabilityAlive(p, x, T, T));
  }

  @Test
  void heavyBuyersStayFinite() {
    // lifetimes' overflow case: x in the hundreds with a tiny alpha.
    ParetoNbdParams p = new ParetoNbdParams(10.465, 7.98565181e-03, 3.0516, 2.820);
    int[] xs = {400, 500, 500};
    double[] tx = {5, 1, 4};
    double[] ts = {6, 37, 37};
    for (int i = 0; i < xs.length; i++) {
      double ll = ParetoNbdLikelihood.logLikelihood(p, xs[i], tx[i], ts[i]);
      double alive = ParetoNbdPredictor.probabilityAlive(p, xs[i], tx[i], ts[i]);
      // A density in (t_x, T), so with alpha this small its log may well be positive.
      assertTrue(Double.isFinite(ll), "LL " + ll);
      assertTrue(alive >= 0 && alive <= 1, "P(alive) " + alive);
    }
  }

  @Test
  void rejectsImpossibleCustomersAndParameters() {
    ParetoNbdParams p = POINTS[0];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParetoNbdLikelihood.logLikelihood(p, 2, 12, 10));
    assertTrue(e.getMessage().contains("12"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ParetoNbdParams(1, 1, -0.5, 1));
    assertTrue(e.getMessage().contains("s must be > 0") && e.getMessage().contains("-0.5"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ParetoNbdPredictor.expectedTransactions(p, -1, 0, 0, 10));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
