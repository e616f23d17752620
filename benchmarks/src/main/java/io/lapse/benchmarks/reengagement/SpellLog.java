package io.lapse.benchmarks.reengagement;

/**
 * The natural return times of a segment's simulated spells (known to the simulator even for the
 * spells an action cut short): the truth's S(t), and from it the true q, uplift and W of {@link
 * TrueSegment}.
 */
final class SpellLog {

  private static final int MAX_DAYS = 2000;

  private final long[] returnedOn = new long[MAX_DAYS + 1];
  private long never;
  private long total;

  /** A spell whose natural return comes {@code days} after its start, or never (< 0). */
  void add(int days) {
    total++;
    if (days < 0 || days > MAX_DAYS) {
      never++;
    } else {
      returnedOn[days]++;
    }
  }

  long spells() {
    return total;
  }

  /** S(t): the share of spells whose natural return comes after day t (1 for t < 0). */
  double survival(int t) {
    if (t < 0) {
      return 1.0;
    }
    long later = never;
    for (int d = Math.min(t + 1, MAX_DAYS + 1); d <= MAX_DAYS; d++) {
      later += returnedOn[d];
    }
    return later / (double) total;
  }

  double naturalReturn(int day, int window) {
    double s = survival(day - 1);
    return (s - survival(day + window - 1)) / s;
  }

  double uplift(TrueSegment seg, int day, int window) {
    return seg.winBack(day) * (1 - naturalReturn(day, window));
  }

  /** W(d) per spell of acting on inactivity day d. */
  double value(TrueSegment seg, int day, int window, double v, double cost, double fatigue,
      double discount) {
    double q = naturalReturn(day, window);
    double u = uplift(seg, day, window);
    return survival(day - 1) * (u * v - cost - fatigue * v - discount * (q + u));
  }
}
