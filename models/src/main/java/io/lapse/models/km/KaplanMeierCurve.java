package io.lapse.models.km;

/**
 * A right-continuous step survival curve: {@code survival[k]} holds on [times[k], times[k+1]).
 * Arrays are parallel and ordered by time.
 */
public record KaplanMeierCurve(
    double[] times,
    double[] survival,
    double[] standardError,
    long[] atRisk,
    long[] events,
    long[] censored) {

  /** S(t): the share still without the event after t. */
  public double survivalAt(double t) {
    double s = 1.0;
    for (int k = 0; k < times.length && times[k] <= t; k++) {
      s = survival[k];
    }
    return s;
  }

  /** The smallest time at which S falls to 0.5 or below, or NaN when it never does. */
  public double medianTime() {
    for (int k = 0; k < times.length; k++) {
      if (survival[k] <= 0.5) {
        return times[k];
      }
    }
    return Double.NaN;
  }

  /** The last value of the curve: the share never observed to have the event (the plateau). */
  public double tail() {
    return survival.length == 0 ? 1.0 : survival[survival.length - 1];
  }

  public long observations() {
    return times.length == 0 ? 0 : atRisk[0];
  }

  public long totalEvents() {
    long e = 0;
    for (long v : events) {
      e += v;
    }
    return e;
  }
}
