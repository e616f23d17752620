package io.lapse.models.benchmark;

import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdSimulator;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How the driver-side BG/NBD fit scales with the number of customers. The cluster reduces
 * customers to distinct (x, t_x, T) triples at day resolution; this measures how many triples
 * there are and how long the fit on them takes, for growing customer counts, against the peer
 * of fitting the same customers ungrouped (one row per customer).
 *
 * <p>Run: see models/benchmarks/README.md.
 */
public final class BgNbdFitBenchmark {

  private record Key(int x, int txDays, int tDays) {}

  public static void main(String[] args) {
    BgNbdParams truth = new BgNbdParams(0.25, 4.0, 0.8, 2.5);
    long[] sizes = args.length > 0
        ? java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray()
        : new long[] {100_000, 1_000_000, 4_000_000};
    System.out.println("| customers | distinct (x, t_x, T) | grouped fit ms | iterations |"
        + " ungrouped fit ms | speed-up | groups at 7-day resolution | fit ms | max param change |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (long n : sizes) {
      Map<Key, Long> groups = new HashMap<>();
      Random random = new Random(n);
      int chunk = 100_000;
      SufficientStatistics.Builder ungrouped = n <= 1_000_000 ? SufficientStatistics.builder() : null;
      for (long done = 0; done < n; done += chunk) {
        int m = (int) Math.min(chunk, n - done);
        double[] tWeeks = new double[m];
        int[] tDays = new int[m];
        for (int i = 0; i < m; i++) {
          tDays[i] = 1 + random.nextInt(3 * 365); // customers acquired over three years
          tWeeks[i] = tDays[i] / 7.0;
        }
        List<double[]> purchases = BgNbdSimulator.simulatePurchaseTimes(truth, tWeeks, n + done);
        for (int i = 0; i < m; i++) {
          double[] p = purchases.get(i);
          // Day resolution, several purchases on one day count once, as the pipeline does.
          int last = -1;
          int x = -1;
          for (double w : p) {
            int day = (int) Math.floor(w * 7.0);
            if (day != last) {
              x++;
              last = day;
            }
          }
          Key key = new Key(x, x == 0 ? 0 : last, tDays[i]);
          groups.merge(key, 1L, Long::sum);
          if (ungrouped != null) {
            ungrouped.add(key.x(), key.txDays() / 7.0, key.tDays() / 7.0, 1);
          }
        }
      }
      SufficientStatistics.Builder b = SufficientStatistics.builder();
      groups.forEach((k, c) -> b.add(k.x(), k.txDays() / 7.0, k.tDays() / 7.0, c));
      SufficientStatistics grouped = b.build();
      BgNbdFitter.fit(grouped, FitOptions.defaults()); // warm-up
      long t0 = System.nanoTime();
      BgNbdFit fit = BgNbdFitter.fit(grouped, FitOptions.defaults());
      double groupedMs = (System.nanoTime() - t0) / 1e6;
      String ungroupedMs = "n/a";
      String speedUp = "n/a";
      if (ungrouped != null) {
        SufficientStatistics rows = ungrouped.build();
        long t1 = System.nanoTime();
        BgNbdFitter.fit(rows, FitOptions.defaults());
        double ms = (System.nanoTime() - t1) / 1e6;
        ungroupedMs = String.format(Locale.ROOT, "%.0f", ms);
        speedUp = String.format(Locale.ROOT, "%.1fx", ms / groupedMs);
      }
      // The same customers with t_x and T floored to whole weeks: fewer groups, approximate fit.
      Map<Key, Long> weekly = new HashMap<>();
      groups.forEach((k, c) -> weekly.merge(
          new Key(k.x(), k.txDays() / 7 * 7, Math.max(7, k.tDays() / 7 * 7)), c, Long::sum));
      SufficientStatistics.Builder wb = SufficientStatistics.builder();
      weekly.forEach((k, c) -> wb.add(k.x(), Math.min(k.txDays(), k.tDays()) / 7.0,
          k.tDays() / 7.0, c));
      SufficientStatistics coarse = wb.build();
      long t2 = System.nanoTime();
      BgNbdFit coarseFit = BgNbdFitter.fit(coarse, FitOptions.defaults());
      double coarseMs = (System.nanoTime() - t2) / 1e6;
      double change = 0;
      for (int i = 0; i < 4; i++) {
        change = Math.max(change, Math.abs(coarseFit.params().toArray()[i]
            / fit.params().toArray()[i] - 1));
      }
      System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %d | %s | %s | %,d | %.0f | %.2f%% |%n",
          n, grouped.size(), groupedMs, fit.iterations(), ungroupedMs, speedUp, coarse.size(),
          coarseMs, 100 * change);
    }
  }
}
