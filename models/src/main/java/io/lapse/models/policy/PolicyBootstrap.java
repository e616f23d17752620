package io.lapse.models.policy;

import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Bootstrap of t*: the segment's inactivity spells are resampled with replacement, S is
 * re-estimated and t* found again; the percentile interval of the replicates' t* is the interval.
 *
 * <p>The spells come grouped, as {@link KaplanMeier#estimate} takes them (a duration with its
 * event and censoring counts). Drawing n spells with replacement from n grouped spells is one
 * multinomial draw over the 2 x durations cells (events and censorings at each duration) with
 * probabilities proportional to the counts; it is drawn spell by spell (inverse CDF on the
 * cumulative counts), O(n log cells) per replicate.
 */
public final class PolicyBootstrap {

  private PolicyBootstrap() {}

  /**
   * @param tStar t* of a curve, null when no action pays on it
   * @return the interval, or null when the spec has 0 replicates or no replicate acts
   */
  public static TStarInterval interval(double[] times, long[] events, long[] censored,
      Function<KaplanMeierCurve, Double> tStar, BootstrapSpec spec) {
    Objects.requireNonNull(tStar, "t* function");
    if (spec.replicates() == 0) {
      return null;
    }
    // Validates lengths and counts once, with KaplanMeier's messages.
    KaplanMeier.estimate(times, events, censored);
    SplittableRandom rnd = new SplittableRandom(spec.seed());
    double[] found = new double[spec.replicates()];
    int acting = 0;
    for (int b = 0; b < spec.replicates(); b++) {
      long[][] resampled = resample(events, censored, rnd);
      Double t = tStar.apply(KaplanMeier.estimate(times, resampled[0], resampled[1]));
      if (t != null) {
        found[acting++] = t;
      }
    }
    if (acting == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(found, acting);
    Arrays.sort(sorted);
    double tail = (1 - spec.level()) / 2;
    // Outward rounding of the percentile positions, so that the interval is never narrower than
    // its level on a small number of replicates.
    int lo = (int) Math.floor(tail * (acting - 1));
    int hi = (int) Math.ceil((1 - tail) * (acting - 1));
    return new TStarInterval(sorted[lo], sorted[hi], spec.level(), spec.replicates(),
        spec.replicates() - acting);
  }

  /**
   * One multinomial resample of the grouped spells: returns {events, censored} with the same
   * total count.
   */
  static long[][] resample(long[] events, long[] censored, SplittableRandom rnd) {
    int m = events.length;
    long[] cumulative = new long[2 * m];
    long total = 0;
    for (int i = 0; i < m; i++) {
      total += events[i];
      cumulative[2 * i] = total;
      total += censored[i];
      cumulative[2 * i + 1] = total;
    }
    long[] e = new long[m];
    long[] c = new long[m];
    for (long k = 0; k < total; k++) {
      long draw = rnd.nextLong(total);
      // First cell whose cumulative count exceeds the draw.
      int pos = Arrays.binarySearch(cumulative, draw + 1);
      int cell = pos >= 0 ? firstEqual(cumulative, pos) : -pos - 1;
      if (cell % 2 == 0) {
        e[cell / 2]++;
      } else {
        c[cell / 2]++;
      }
    }
    return new long[][] {e, c};
  }

  /** Empty cells repeat the previous cumulative count; the draw belongs to the first of them. */
  private static int firstEqual(long[] cumulative, int pos) {
    while (pos > 0 && cumulative[pos - 1] == cumulative[pos]) {
      pos--;
    }
    return pos;
  }
}
