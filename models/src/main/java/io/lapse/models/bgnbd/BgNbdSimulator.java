package io.lapse.models.bgnbd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Draws purchase histories from the BG/NBD generative story: each customer gets a purchase rate
 * {@code lambda ~ Gamma(shape r, rate alpha)} and a dropout probability {@code p ~ Beta(a, b)},
 * buys at time 0, then at the arrivals of a Poisson process with rate lambda, and drops out
 * with probability p right after each repeat purchase (never after the first one, matching the
 * likelihood's {@code (1-p)^x} and {@code p (1-p)^(x-1)} terms).
 */
public final class BgNbdSimulator {

  private BgNbdSimulator() {}

  /**
   * Purchase times (weeks since the customer's first purchase) of one simulated customer per
   * entry of {@code observationWeeks}: element 0 is 0.0, the rest increase and are all below that
   * customer's observation length. Deterministic for a given seed.
   *
   * @param observationWeeks how long each customer is observed after the first purchase (T), each
   *     &gt; 0 and finite
   */
  public static List<double[]> simulatePurchaseTimes(
      BgNbdParams p, double[] observationWeeks, long seed) {
    RandomGenerator random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, p.r(), 1 / p.alpha());
    BetaDistribution dropouts = new BetaDistribution(random, p.a(), p.b());
    List<double[]> customers = new ArrayList<>(observationWeeks.length);
    double[] buffer = new double[16];
    for (int i = 0; i < observationWeeks.length; i++) {
      double horizon = observationWeeks[i];
      if (!(horizon > 0) || Double.isInfinite(horizon)) {
        throw new IllegalArgumentException(
            "observationWeeks[" + i + "] must be > 0 and finite but was " + horizon);
      }
      double lambda = rates.sample();
      double dropout = dropouts.sample();
      int n = 1;
      buffer[0] = 0.0;
      double time = 0;
      while (true) {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        time += -Math.log(1 - random.nextDouble()) / lambda;
        if (!(time < horizon)) {
          break; // also ends the loop when lambda underflowed to 0 (time is infinite or NaN)
        }
        if (n == buffer.length) {
          buffer = Arrays.copyOf(buffer, n * 2);
        }
        buffer[n++] = time;
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      customers.add(Arrays.copyOf(buffer, n));
    }
    return customers;
  }

  /**
   * Groups simulated histories into {@code (x, t_x, T)} rows: x = purchases after the first,
   * t_x = time of the last purchase, T = the customer's observation length.
   */
  public static SufficientStatistics toSufficientStatistics(
      List<double[]> purchaseTimes, double[] observationWeeks) {
    if (purchaseTimes.size() != observationWeeks.length) {
      throw new IllegalArgumentException(
          "need one observation length per customer but got " + purchaseTimes.size()
              + " customers and " + observationWeeks.length + " observation lengths");
    }
    record Key(int x, double tx, double T) {}
    Map<Key, Long> counts = new HashMap<>();
    List<Key> order = new ArrayList<>();
    for (int i = 0; i < observationWeeks.length; i++) {
      double[] times = purchaseTimes.get(i);
      if (times.length == 0) {
        throw new IllegalArgumentException("customer " + i + " has no purchase at all");
      }
      Key key = new Key(times.length - 1, times[times.length - 1], observationWeeks[i]);
      if (counts.merge(key, 1L, Long::sum) == 1L) {
        order.add(key); // keeps the row order deterministic
      }
    }
    SufficientStatistics.Builder builder = SufficientStatistics.builder();
    for (Key key : order) {
      builder.add(key.x(), key.tx(), key.T(), counts.get(key));
    }
    return builder.build();
  }
}
