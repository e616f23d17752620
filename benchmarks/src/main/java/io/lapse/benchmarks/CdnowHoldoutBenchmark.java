package io.lapse.benchmarks;

import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdPredictor;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.paretonbd.ParetoNbdFit;
import io.lapse.models.paretonbd.ParetoNbdFitter;
import io.lapse.models.paretonbd.ParetoNbdPredictor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BG/NBD against Pareto/NBD on CDNOW's holdout (issue 11): both fitted on the calibration period
 * (to 1997-09-30, weeks 1-39), each customer's E[X(39 weeks) | x, t_x, T] summed and compared with
 * the purchase days actually made in the 39-week holdout (to 1998-06-30), for the 1/10 sample of
 * the papers and the master file; plus the conditional expectation by calibration frequency, the
 * BTYD literature's calibration/holdout check.
 *
 * <p>Run: {@code bin/bench-cdnow-holdout [--data-dir data/cdnow] [--out
 * benchmarks/results/cdnow-holdout.md]}.
 */
public final class CdnowHoldoutBenchmark {

  static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
  static final double HOLDOUT_WEEKS = 39;
  /** Calibration frequencies shown one by one; higher ones share the last row. */
  private static final int MAX_SHOWN_X = 7;

  private CdnowHoldoutBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = Path.of("data/cdnow");
    Path out = Path.of("benchmarks/results/cdnow-holdout.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--out" -> out = Path.of(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; usage: [--data-dir DIR] [--out FILE]");
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("# CDNOW holdout: BG/NBD and Pareto/NBD");
    lines.add("");
    lines.add("Both models fitted by lapse on the calibration period (first purchases in Q1 1997,"
        + " calibration to " + CALIBRATION_END + "); each customer's expected transactions in the"
        + " 39 weeks to " + HOLDOUT_END + " given (x, t_x, T), summed, against the purchase days"
        + " in that holdout. Several purchases on one day are one transaction; weeks are days / 7.");
    lines.add("");
    lines.add("Command: `" + System.getProperty("bench.command", "bin/bench-cdnow-holdout") + "`");
    lines.add("");
    lines.add("Commit: " + Commit.describe() + "; run "
        + ZonedDateTime.now(ZoneOffset.UTC).withNano(0) + ".");
    for (String file : new String[] {"CDNOW_sample.txt", "CDNOW_master.txt"}) {
      lines.addAll(section(file, CdnowHoldout.read(dataDir.resolve(file), CALIBRATION_END,
          HOLDOUT_END)));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
    lines.forEach(System.out::println);
  }

  private static List<String> section(String file, CdnowHoldout data) {
    SufficientStatistics stats = data.calibration();
    long t0 = System.nanoTime();
    BgNbdFit bg = BgNbdFitter.fit(stats);
    double bgMs = (System.nanoTime() - t0) / 1e6;
    long t1 = System.nanoTime();
    ParetoNbdFit pareto = ParetoNbdFitter.fit(stats);
    double paretoMs = (System.nanoTime() - t1) / 1e6;

    int n = data.customers();
    int rows = MAX_SHOWN_X + 1;
    long[] customers = new long[rows];
    double[] actual = new double[rows];
    double[] bgSum = new double[rows];
    double[] paretoSum = new double[rows];
    for (int i = 0; i < n; i++) {
      int x = data.x()[i];
      double tx = data.txWeeks()[i];
      double t = data.tWeeks()[i];
      int row = Math.min(x, MAX_SHOWN_X);
      customers[row]++;
      actual[row] += data.holdout()[i];
      bgSum[row] += BgNbdPredictor.expectedTransactions(bg.params(), HOLDOUT_WEEKS, x, tx, t);
      paretoSum[row] += ParetoNbdPredictor.expectedTransactions(
          pareto.params(), HOLDOUT_WEEKS, x, tx, t);
    }
    double totalActual = sum(actual);
    double totalBg = sum(bgSum);
    double totalPareto = sum(paretoSum);

    List<String> s = new ArrayList<>();
    s.add("");
    s.add(String.format(Locale.ROOT, "## %s: %,d customers", file, n));
    s.add("");
    s.add("| model | parameters | log-likelihood | fit ms | predicted holdout transactions |"
        + " actual | error |");
    s.add("|---|---|---:|---:|---:|---:|---:|");
    s.add(String.format(Locale.ROOT, "| BG/NBD | r=%.4f alpha=%.4f a=%.4f b=%.4f | %.2f | %.0f"
            + " | %.1f | %.0f | %+.1f%% |", bg.params().r(), bg.params().alpha(), bg.params().a(),
        bg.params().b(), bg.logLikelihood(), bgMs, totalBg, totalActual,
        100 * (totalBg / totalActual - 1)));
    s.add(String.format(Locale.ROOT, "| Pareto/NBD | r=%.4f alpha=%.4f s=%.4f beta=%.4f | %.2f |"
            + " %.0f | %.1f | %.0f | %+.1f%% |", pareto.params().r(), pareto.params().alpha(),
        pareto.params().s(), pareto.params().beta(), pareto.logLikelihood(), paretoMs,
        totalPareto, totalActual, 100 * (totalPareto / totalActual - 1)));
    s.add("");
    s.add("Mean holdout transactions by calibration repeat transactions x (conditional"
        + " expectation check):");
    s.add("");
    s.add("| x | customers | actual | BG/NBD | Pareto/NBD |");
    s.add("|---:|---:|---:|---:|---:|");
    for (int r = 0; r < rows; r++) {
      if (customers[r] == 0) {
        continue;
      }
      double c = customers[r];
      s.add(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f |",
          r == MAX_SHOWN_X ? MAX_SHOWN_X + "+" : Integer.toString(r), customers[r],
          actual[r] / c, bgSum[r] / c, paretoSum[r] / c));
    }
    return s;
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
