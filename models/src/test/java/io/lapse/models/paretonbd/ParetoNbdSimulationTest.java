package io.lapse.models.paretonbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.bgnbd.BgNbdSimulator;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ParetoNbdSimulationTest {

  /** Near the CDNOW estimates, with beta below alpha so that the other A0 case is exercised. */
  private static final ParetoNbdParams TRUTH = new ParetoNbdParams(0.55, 10, 0.6, 6);

  private static double[] uniformObservation(int customers, double from, double to, long seed) {
    RandomGenerator random = new Well19937c(seed);
    double[] weeks = new double[customers];
    for (int i = 0; i < customers; i++) {
      weeks[i] = from + (to - from) * random.nextDouble();
    }
    return weeks;
  }

  @Test
  void fitRecoversTheSimulatingParameters() {
    double[] weeks = uniformObservation(20_000, 26, 78, 11);
    SufficientStatistics s = BgNbdSimulator.toSufficientStatistics(
        ParetoNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 2024), weeks);
    assertEquals(20_000, s.customers());

    ParetoNbdFit fit = ParetoNbdFitter.fit(s);

    // The MLE is asymptotically normal around the truth with the inverse observed information as
    // covariance, so each (estimate - truth) / SE is close to N(0, 1); |z| > 4 has probability
    // 6.3e-5, so a failure means bias, not bad luck (the seed is fixed anyway). The standard
    // errors themselves must be a sensible size: at 20,000 customers the dropout shapes are the
    // least determined (s and beta about 10-25% here), the purchase ones a few percent.
    double[] truth = TRUTH.toArray();
    double[] estimate = fit.params().toArray();
    double[] errors = fit.standardErrors();
    String[] names = {"r", "alpha", "s", "beta"};
    for (int i = 0; i < 4; i++) {
      assertTrue(errors[i] > 0 && errors[i] < 0.5 * truth[i],
          names[i] + ": standard error " + errors[i] + " is not a sensible size");
      double z = (estimate[i] - truth[i]) / errors[i];
      assertTrue(Math.abs(z) <= 4, names[i] + ": estimate " + estimate[i] + " is " + z
          + " standard errors (" + errors[i] + ") from the truth " + truth[i]);
    }
  }

  @Test
  void meanRepeatCountMatchesTheUnconditionalExpectation() {
    int customers = 200_000;
    double t = 52;
    double[] weeks = new double[customers];
    Arrays.fill(weeks, t);
    List<double[]> histories = ParetoNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 7);
    double sum = 0;
    double sumSquares = 0;
    for (double[] times : histories) {
      int repeats = times.length - 1;
      sum += repeats;
      sumSquares += (double) repeats * repeats;
    }
    double mean = sum / customers;
    double standardError = Math.sqrt((sumSquares / customers - mean * mean) / customers);
    double expected = ParetoNbdPredictor.expectedTransactionsNewCustomer(TRUTH, t);
    assertTrue(Math.abs(mean - expected) <= 4 * standardError,
        "simulated mean " + mean + " vs E[X(t)] " + expected + " (SE " + standardError + ")");
  }

  @Test
  void conditionalExpectationPredictsTheSimulatedHoldout() {
    // Simulate calibration plus a 39-week holdout; given each customer's calibration (x, t_x, T),
    // E[X(39) | x, t_x, T] is the mean of the holdout count, so the residuals sum to about 0 with
    // a standard deviation of sqrt(sum of squared residuals). This checks P(alive) and the
    // conditional expectation together, per customer, not just on average.
    int customers = 50_000;
    double holdout = 39;
    double[] calibration = uniformObservation(customers, 10, 52, 3);
    double[] total = new double[customers];
    for (int i = 0; i < customers; i++) {
      total[i] = calibration[i] + holdout;
    }
    List<double[]> histories = ParetoNbdSimulator.simulatePurchaseTimes(TRUTH, total, 17);
    double residualSum = 0;
    double residualSquares = 0;
    double actualTotal = 0;
    for (int i = 0; i < customers; i++) {
      double[] times = histories.get(i);
      double T = calibration[i];
      int x = -1;
      double tx = 0;
      int later = 0;
      for (double time : times) {
        if (time < T) {
          x++;
          tx = time;
        } else {
          later++;
        }
      }
      double predicted = ParetoNbdPredictor.expectedTransactions(TRUTH, holdout, x, tx, T);
      double residual = later - predicted;
      residualSum += residual;
      residualSquares += residual * residual;
      actualTotal += later;
    }
    double sd = Math.sqrt(residualSquares);
    assertTrue(actualTotal > 10_000, "too few holdout purchases to test: " + actualTotal);
    assertTrue(Math.abs(residualSum) <= 4 * sd, "actual " + actualTotal + ", predicted "
        + (actualTotal - residualSum) + ": residual " + residualSum + " (SD " + sd + ")");
  }
}
