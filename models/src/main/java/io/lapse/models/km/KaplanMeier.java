package io.lapse.models.km;

import java.util.Arrays;

/**
 * The Kaplan-Meier product-limit estimator on grouped durations.
 *
 * <p>Hand-written because the input is already aggregated to (duration, events, censored) counts
 * by Spark and MLlib has no Kaplan-Meier; the estimator itself is a few lines.
 */
public final class KaplanMeier {

  private KaplanMeier() {}

  /**
   * Estimates the survival curve.
   *
   * <p>At a time with both events and censorings, the events are taken first (censored subjects
   * are still at risk at their own censoring time), the usual convention.
   *
   * @param times durations, any order, may repeat (repeats are merged)
   * @param events number of events observed at each duration
   * @param censored number of right-censored observations at each duration
   */
  public static KaplanMeierCurve estimate(double[] times, long[] events, long[] censored) {
    if (times.length != events.length || times.length != censored.length) {
      throw new IllegalArgumentException("times, events and censored must have the same length "
          + "but were " + times.length + ", " + events.length + ", " + censored.length);
    }
    Integer[] order = new Integer[times.length];
    long total = 0;
    for (int i = 0; i < times.length; i++) {
      if (!(times[i] >= 0) || Double.isInfinite(times[i])) {
        throw new IllegalArgumentException("time at index " + i + " must be >= 0 and finite but was "
            + times[i]);
      }
      if (events[i] < 0 || censored[i] < 0) {
        throw new IllegalArgumentException("counts at index " + i + " must be >= 0 but were events="
            + events[i] + ", censored=" + censored[i]);
      }
      order[i] = i;
      total += events[i] + censored[i];
    }
    Arrays.sort(order, (p, q) -> Double.compare(times[p], times[q]));

    double[] t = new double[times.length];
    long[] d = new long[times.length];
    long[] c = new long[times.length];
    int n = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (n > 0 && t[n - 1] == times[i]) {
        d[n - 1] += events[i];
        c[n - 1] += censored[i];
      } else {
        t[n] = times[i];
        d[n] = events[i];
        c[n] = censored[i];
        n++;
      }
    }

    double[] survival = new double[n];
    double[] standardError = new double[n];
    long[] atRisk = new long[n];
    double s = 1.0;
    double greenwood = 0.0;
    long risk = total;
    for (int k = 0; k < n; k++) {
      atRisk[k] = risk;
      if (d[k] > 0) {
        s *= 1.0 - (double) d[k] / risk;
        // Greenwood's sum; undefined once everyone at risk has had the event (S = 0).
        greenwood += risk > d[k] ? (double) d[k] / ((double) risk * (risk - d[k])) : 0.0;
      }
      survival[k] = s;
      standardError[k] = s * Math.sqrt(greenwood);
      risk -= d[k] + c[k];
    }
    return new KaplanMeierCurve(
        Arrays.copyOf(t, n), survival, standardError, atRisk, Arrays.copyOf(d, n),
        Arrays.copyOf(c, n));
  }
}
