package io.lapse.models.benchmark;

import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.paretonbd.ParetoNbdFit;
import io.lapse.models.paretonbd.ParetoNbdFitter;
import io.lapse.models.paretonbd.ParetoNbdParams;
import io.lapse.models.paretonbd.ParetoNbdSimulator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How the driver-side Pareto/NBD fit scales with the number of customers, beside BG/NBD on the
 * same grouped table: customers simulated from Pareto/NBD (CDNOW's published parameters) with
 * ages spread over three years, purchases collapsed to days as the pipeline does, grouped to
 * distinct (x, t_x, T); each fit is timed once after a warm-up fit.
 *
 * <p>Run: see models/benchmarks/README.md.
 */
public final class ParetoNbdFitBenchmark {

  private record Key(int x, int txDays, int tDays) {}

  public static void main(String[] args) {
    ParetoNbdParams truth = new ParetoNbdParams(0.553, 10.578, 0.606, 11.669);
    long[] sizes = args.length > 0
        ? java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray()
        : new long[] {100_000, 1_000_000};
    System.out.println("| customers | distinct (x, t_x, T) | Pareto/NBD fit ms | iterations |"
        + " r | alpha | s | beta | BG/NBD fit ms | iterations |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (long n : sizes) {
      SufficientStatistics grouped = simulate(truth, n);
      ParetoNbdFitter.fit(grouped); // warm-up
      long t0 = System.nanoTime();
      ParetoNbdFit fit = ParetoNbdFitter.fit(grouped);
      double paretoMs = (System.nanoTime() - t0) / 1e6;
      BgNbdFitter.fit(grouped); // warm-up
      long t1 = System.nanoTime();
      BgNbdFit bgnbd = BgNbdFitter.fit(grouped);
      double bgnbdMs = (System.nanoTime() - t1) / 1e6;
      ParetoNbdParams p = fit.params();
      System.out.printf(Locale.ROOT,
          "| %,d | %,d | %.0f | %d | %.4f | %.3f | %.4f | %.3f | %.0f | %d |%n",
          n, grouped.size(), paretoMs, fit.iterations(), p.r(), p.alpha(), p.s(), p.beta(),
          bgnbdMs, bgnbd.iterations());
    }
  }

  private static SufficientStatistics simulate(ParetoNbdParams truth, long n) {
    Map<Key, Long> groups = new HashMap<>();
    Random random = new Random(n);
    int chunk = 100_000;
    for (long done = 0; done < n; done += chunk) {
      int m = (int) Math.min(chunk, n - done);
      double[] tWeeks = new double[m];
      int[] tDays = new int[m];
      for (int i = 0; i < m; i++) {
        tDays[i] = 1 + random.nextInt(3 * 365); // customers acquired over three years
        tWeeks[i] = tDays[i] / 7.0;
      }
      List<double[]> purchases = ParetoNbdSimulator.simulatePurchaseTimes(truth, tWeeks, n + done);
      for (int i = 0; i < m; i++) {
        // Day resolution, several purchases on one day count once, as the pipeline does.
        int last = -1;
        int x = -1;
        for (double w : purchases.get(i)) {
          int day = (int) Math.floor(w * 7.0);
          if (day != last) {
            x++;
            last = day;
          }
        }
        groups.merge(new Key(x, x == 0 ? 0 : last, tDays[i]), 1L, Long::sum);
      }
    }
    SufficientStatistics.Builder b = SufficientStatistics.builder();
    groups.forEach((k, c) -> b.add(k.x(), k.txDays() / 7.0, k.tDays() / 7.0, c));
    return b.build();
  }
}
