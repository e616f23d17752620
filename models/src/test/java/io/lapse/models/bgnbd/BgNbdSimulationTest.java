package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class BgNbdSimulationTest {

  private static final BgNbdParams TRUTH = new BgNbdParams(0.25, 4.0, 0.8, 2.5);

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
        BgNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 2024), weeks);
    assertEquals(20_000, s.customers());

    BgNbdFit fit = BgNbdFitter.fit(s);

    // The MLE is asymptotically normal around the truth with the inverse observed information as
    // covariance, so each (estimate - truth) / SE is close to N(0, 1); |z| > 4 has probability
    // 6.3e-5, so a failure here means bias, not bad luck (the seed is fixed anyway).
    double[] truth = TRUTH.toArray();
    double[] estimate = fit.params().toArray();
    double[] errors = fit.standardErrors();
    String[] names = {"r", "alpha", "a", "b"};
    for (int i = 0; i < 4; i++) {
      assertTrue(errors[i] > 0 && errors[i] < 0.5 * truth[i],
          names[i] + ": standard error " + errors[i] + " is not a sensible size");
      double z = (estimate[i] - truth[i]) / errors[i];
      assertTrue(Math.abs(z) <= 4, names[i] + ": estimate " + estimate[i] + " is " + z
          + " standard errors (" + errors[i] + ") from the truth " + truth[i]);
    }
  }

  @Test
  void simulatedHistoriesAreWellFormedAndReproducible() {
    double[] weeks = uniformObservation(2_000, 1, 100, 5);
    List<double[]> first = BgNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 99);
    List<double[]> second = BgNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 99);
    assertEquals(weeks.length, first.size());
    for (int i = 0; i < weeks.length; i++) {
      double[] times = first.get(i);
      assertEquals(0.0, times[0]);
      for (int k = 1; k < times.length; k++) {
        assertTrue(times[k] > times[k - 1] && times[k] < weeks[i],
            "customer " + i + ": " + Arrays.toString(times) + " observed " + weeks[i]);
      }
      assertArrayEquals(times, second.get(i));
    }
  }

  @Test
  void meanRepeatCountMatchesTheUnconditionalExpectation() {
    // E[X(t)] of FHL eq. 7 against the simulator: checks both the generative story and eq. 7.
    int customers = 200_000;
    double t = 52;
    double[] weeks = new double[customers];
    Arrays.fill(weeks, t);
    List<double[]> histories = BgNbdSimulator.simulatePurchaseTimes(TRUTH, weeks, 7);
    double sum = 0;
    double sumSquares = 0;
    for (double[] times : histories) {
      int repeats = times.length - 1;
      sum += repeats;
      sumSquares += (double) repeats * repeats;
    }
    double mean = sum / customers;
    double standardError = Math.sqrt((sumSquares / customers - mean * mean) / customers);
    double expected = BgNbdPredictor.expectedTransactionsNewCustomer(TRUTH, t);
    assertTrue(Math.abs(mean - expected) <= 4 * standardError,
        "simulated mean " + mean + " vs eq. 7 " + expected + " (SE " + standardError + ")");
  }
}
