package io.lapse.models.paretonbd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Draws purchase histories from the Pareto/NBD generative story: each customer gets a purchase
 * rate {@code lambda ~ Gamma(shape r, rate alpha)} and a dropout rate {@code mu ~ Gamma(shape s,
 * rate beta)}, buys at time 0, then at the arrivals of a Poisson process with rate lambda until an
 * exponential lifetime with rate mu ends. Group the result with {@code
 * BgNbdSimulator.toSufficientStatistics}, which only reads purchase times.
 */
public final class ParetoNbdSimulator {

  private ParetoNbdSimulator() {}

  /**
   * Purchase times (weeks since the customer's first purchase) of one simulated customer per
   * entry of {@code observationWeeks}: element 0 is 0.0, the rest increase and are all below both
   * the customer's lifetime and observation length. Deterministic for a given seed.
   */
  public static List<double[]> simulatePurchaseTimes(
      ParetoNbdParams p, double[] observationWeeks, long seed) {
    RandomGenerator random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, p.r(), 1 / p.alpha());
    GammaDistribution dropouts = new GammaDistribution(random, p.s(), 1 / p.beta());
    List<double[]> customers = new ArrayList<>(observationWeeks.length);
    double[] buffer = new double[16];
    for (int i = 0; i < observationWeeks.length; i++) {
      double horizon = observationWeeks[i];
      if (!(horizon > 0) || Double.isInfinite(horizon)) {
        throw new IllegalArgumentException(
            "observationWeeks[" + i + "] must be > 0 and finite but was " + horizon);
      }
      double lambda = rates.sample();
      double mu = dropouts.sample();
      // 1 - U lies in (0, 1], so the logarithms are finite; mu underflowing to 0 means "never".
      double lifetime = -Math.log(1 - random.nextDouble()) / mu;
      double end = Math.min(horizon, lifetime);
      int n = 1;
      buffer[0] = 0.0;
      double time = 0;
      while (true) {
        time += -Math.log(1 - random.nextDouble()) / lambda;
        if (!(time < end)) {
          break; // also ends the loop when lambda underflowed to 0 (time is infinite or NaN)
        }
        if (n == buffer.length) {
          buffer = Arrays.copyOf(buffer, n * 2);
        }
        buffer[n++] = time;
      }
      customers.add(Arrays.copyOf(buffer, n));
    }
    return customers;
  }
}
