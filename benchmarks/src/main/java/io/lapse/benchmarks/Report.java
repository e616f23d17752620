package io.lapse.benchmarks;

import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.CalibrationBin;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The stdout table and the markdown results file. */
final class Report {

  private final BenchmarkOptions options;
  private final Path data;
  private final Path config;
  private final Path out;
  private final Path work;
  private final LocalDate[] range;
  private final long purchaseDays;
  private final long customers;
  private final String command;
  private final Instant started = Instant.now();
  private List<RowResult> results = List.of();
  private boolean aborted;

  Report(BenchmarkOptions options, Path data, Path config, Path out, Path work,
      LocalDate[] range, long purchaseDays, long customers, String command) {
    this.options = options;
    this.data = data;
    this.config = config;
    this.out = out;
    this.work = work;
    this.range = range;
    this.purchaseDays = purchaseDays;
    this.customers = customers;
    this.command = command;
  }

  void setResults(List<RowResult> results, boolean aborted) {
    this.results = List.copyOf(results);
    this.aborted = aborted;
  }

  static String f4(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String verdict(RowResult r) {
    return r.pass() ? "PASS" : "FAIL";
  }

  private static String oracleVerdict(RowResult r) {
    return r.oraclePass() ? "PASS" : "FAIL";
  }

  private boolean generated() {
    return options.generate().isPresent();
  }

  /** One progress line per row. */
  static String stdoutLine(RowResult r) {
    String line = String.format(Locale.ROOT, "C=%s H=%d rows=%d lapse=%s recency=%s bgnbd=%s"
            + " logit=%s cal_err=%s %s%s", r.cutoff, r.horizon, r.rows,
        f4(r.auc(RowResult.LAPSE)), f4(r.auc(RowResult.RECENCY)), f4(r.auc(RowResult.BGNBD)),
        f4(r.auc(RowResult.LOGIT)), f4(r.calibrationError.getOrDefault(RowResult.LAPSE,
            Double.NaN)), verdict(r), r.pass() ? "" : " (" + r.failureReasons() + ")");
    if (r.generated()) {
      line += String.format(Locale.ROOT, "; oracle=%s gap=%s (SE %s paired, %s one AUC) %s%s",
          f4(r.auc(RowResult.ORACLE)), f4(r.gap()), f4(r.gapSe), f4(r.oracleAucSe),
          oracleVerdict(r), r.oraclePass() ? "" : " (" + r.oracleFailureReasons() + ")");
    }
    return line;
  }

  String stdoutTable() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-10s %4s %6s %6s | %-7s %-7s %-7s %-7s %-7s | %-7s %s%n",
        "cut-off", "H", "rows", "pos", "lapse", "recency", "bgnbd", "-E[x]", "logit", "cal_err",
        "verdict"));
    for (RowResult r : results) {
      s.append(String.format(Locale.ROOT, "%-10s %4d %6d %6s | %-7s %-7s %-7s %-7s %-7s | %-7s %s%n",
          r.cutoff, r.horizon, r.rows, r.rows == 0 ? "n/a" : f4((double) r.positives / r.rows),
          f4(r.auc(RowResult.LAPSE)), f4(r.auc(RowResult.RECENCY)), f4(r.auc(RowResult.BGNBD)),
          f4(r.auc(RowResult.BGNBD_EXPECTED)), f4(r.auc(RowResult.LOGIT)),
          f4(r.calibrationError.getOrDefault(RowResult.LAPSE, Double.NaN)),
          verdict(r) + (r.pass() ? "" : " (" + r.failureReasons() + ")")));
    }
    s.append("ROC AUC per score; cal_err = lapse's decile calibration error. Overall: ")
        .append(overall());
    if (generated()) {
      s.append(String.format(Locale.ROOT, "%n%nOracle gap (generated data):%n"));
      s.append(String.format(Locale.ROOT, "%-10s %4s | %-7s %-7s %-7s %-7s %-7s | %-8s %-8s %s%n",
          "cut-off", "H", "oracle", "lapse", "gap", "SE_pair", "SE_HM", "brier_o", "brier_l",
          "verdict"));
      for (RowResult r : results) {
        BinaryMetrics o = r.metrics.get(RowResult.ORACLE);
        BinaryMetrics l = r.metrics.get(RowResult.LAPSE);
        s.append(String.format(Locale.ROOT,
            "%-10s %4d | %-7s %-7s %-7s %-7s %-7s | %-8s %-8s %s%n", r.cutoff, r.horizon,
            f4(r.auc(RowResult.ORACLE)), f4(r.auc(RowResult.LAPSE)), f4(r.gap()), f4(r.gapSe),
            f4(r.oracleAucSe), o == null ? "n/a" : f4(o.brier()),
            l == null ? "n/a" : f4(l.brier()), oracleVerdict(r)));
      }
      s.append("gap = oracle ROC AUC - lapse ROC AUC, PASS when <= ")
          .append(RowResult.MAX_ORACLE_GAP).append(". Oracle verdict overall: ")
          .append(overallOracle());
    }
    return s.toString();
  }

  /** The baseline verdict over all rows (the real-data criterion). */
  private String overall() {
    return !aborted && !results.isEmpty() && results.stream().allMatch(RowResult::pass)
        ? "PASS" : "FAIL";
  }

  /** The oracle-gap verdict over all rows (generated data). */
  private String overallOracle() {
    return !aborted && !results.isEmpty() && results.stream().allMatch(RowResult::oraclePass)
        ? "PASS" : "FAIL";
  }

  String markdown() {
    StringBuilder m = new StringBuilder();
    if (generated()) {
      m.append("# Generated BG/NBD churn benchmark: lapse `p_disengage` against the oracle and"
          + " simple baselines\n\n");
    } else {
      m.append("# CDNOW churn benchmark: lapse `p_disengage` against simple baselines\n\n");
    }
    m.append("Written by `io.lapse.benchmarks.CdnowChurnBenchmark` (issue 14; do not edit by hand)."
        + " It describes the lapse commit below; regenerate it after model changes.\n\n");
    m.append("- Command (from the repository root): `").append(command).append("`\n");
    m.append("- Date: ").append(DateTimeFormatter.ISO_INSTANT.format(
        started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))).append(", whole run ")
        .append(f1((Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0 / 60))
        .append(" min\n");
    m.append("- Machine: ").append(machine()).append('\n');
    m.append("- lapse commit: ").append(Commit.describe()).append('\n');
    if (generated()) {
      m.append("- Data: generated by `io.lapse.benchmarks.BgNbdCohort` (").append(
          options.generate().get().describe()).append("), written to `").append(relative(data))
          .append("`: ").append(purchaseDays).append(" purchase days of ").append(customers)
          .append(" customers, ").append(range[0]).append(" to ").append(range[1]).append('\n');
    } else {
      m.append("- Data: `").append(relative(data)).append("`, ").append(purchaseDays)
          .append(" purchase days of ").append(customers).append(" customers, ")
          .append(range[0]).append(" to ").append(range[1]).append('\n');
    }
    m.append("- lapse config: `").append(relative(config)).append("`, with per-run -D overrides `")
        .append(CdnowChurnBenchmark.DATA_PATH_KEY).append("` = the data file, `")
        .append(CdnowChurnBenchmark.LAKE_ROOT_KEY).append("` = a fresh lake per horizon, `")
        .append(CdnowChurnBenchmark.TRAINING_HORIZON_KEY).append("` = `")
        .append(CdnowChurnBenchmark.SCORE_HORIZON_KEY).append("` = H\n");
    m.append("- Cut-offs C: ").append(options.cutoffs()).append("; horizons H (days): ")
        .append(options.horizons()).append('\n');
    m.append('\n');
    m.append("""
        ## What is measured

        - For each H, a fresh lake; for each C in ascending order, lapse's jobs `ingest`,
          `features`, `train`, `score` run in process (`Lapse.run(job, "--as-of", C, "--config",
          FILE)`), then `p_disengage` (and `classifier_run_id`) is read from
          `07_model_output/scores` at `as_of_date` = C.
        - Truth, from the raw file by the benchmark itself (not lapse's tables): label 1 = no
          purchase in (C, C + H]. Population: every customer with a purchase on or before C. A
          customer of the population missing from `scores` or with a null `p_disengage` is an
          error of the row (counted below); metrics are computed on the rows all scores have.
        - Baselines, from the raw purchases up to C:
          - recency: days since the last purchase day (higher = more likely no purchase);
          - BG/NBD alone, fitted with lapse's `BgNbdFitter` on (x repeat purchase days, t_x, T
            in weeks from the first purchase day) at C: P(no purchase in H), and minus the
            expected purchases in H as a second ranking (customers with T = 0 are left out of the
            fit and scored as new customers; there are none at these cut-offs);
          - logistic regression (MLlib, no regularization, standardized features log1p of
            recency, purchase days, mean spend per purchase day, tenure, mean gap between
            purchase days (imputed with the tenure for a single purchase day) and a
            single-purchase-day indicator), fitted at C - H on the label "no purchase in
            (C - H, C]" and applied at C.
        - Metrics (lapse's `BinaryEvaluator`, positive class = no purchase): ROC AUC and PR AUC
          (exact, one curve point per distinct score, so tied scores are never ordered by row
          order), Brier score for the probabilities, decile calibration (tied scores share a
          decile) and calibration error = mean over the deciles of |mean predicted - observed
          rate|.
        - Verdict per (C, H): PASS when lapse's ROC AUC >= every baseline's - 0.002 (both BG/NBD
          rankings count) and lapse's calibration error < 0.03, and no error.

        """);
    if (generated()) {
      m.append("""
          ## Generated data and the oracle

          - The data follow BG/NBD with known parameters (`BgNbdCohort`: lapse's
            `BgNbdSimulator` draws each customer's purchase rate and dropout probability and the
            purchase times in weeks; the first purchase is the acquisition day, uniform over the
            acquisition quarter; a repeat purchase at t weeks falls on day acquired + ceil(7 t),
            so the data up to C are exactly the purchases at t <= T = (C - acquired) / 7 and
            (C, C + H] is exactly BG/NBD's window (T, T + H / 7]; one row per purchase day, random
            amount independent of the process).
          - Oracle: P(no purchase in (C, C + H]) from the TRUE parameters with BG/NBD's formula
            (`BgNbdPredictor.probabilityNoTransaction`, the same code as the fitted BG/NBD
            baseline) on each customer's (x, t_x, T) at C. Given (x, t_x, T) and the process it is
            the true conditional probability of the label, so no score built from the purchase
            history summarized by (x, t_x, T) can rank or calibrate better in expectation (the day
            grid only blurs t_x by under a day). It is not a baseline: the baseline verdict
            ignores it.
          - Gap = oracle ROC AUC - lapse ROC AUC (and lapse's Brier - the oracle's). Oracle
            verdict per (C, H): PASS when the gap <= 0.01 and no error. Why 0.01: the sampling
            error of one ROC AUC at this size (Hanley-McNeil, from the AUC and the class counts,
            column "SE one AUC") is about 0.004 to 0.006 with ~1,500 to 2,000 buyers among
            ~23,500 customers, so 0.01 is about two such standard errors: differences below it
            are within what another draw of the same population would change; the paired
            DeLong standard error of the gap itself (same rows, correlated scores; column "SE
            gap") is shown with the gap in units of it. A gap much larger than both means lapse
            leaves ranking information of the purchase history unused.

          """);
    }
    m.append("## Summary\n\n");
    m.append("| C | H | rows | no-purchase rate | lapse ROC AUC | recency | BG/NBD P(none) |"
        + " BG/NBD -E | logistic | lapse cal. error | verdict |\n");
    m.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (RowResult r : results) {
      m.append("| ").append(r.cutoff).append(" | ").append(r.horizon).append(" | ")
          .append(r.rows).append(" | ")
          .append(r.rows == 0 ? "n/a" : f4((double) r.positives / r.rows)).append(" | ")
          .append(f4(r.auc(RowResult.LAPSE))).append(" | ")
          .append(f4(r.auc(RowResult.RECENCY))).append(" | ")
          .append(f4(r.auc(RowResult.BGNBD))).append(" | ")
          .append(f4(r.auc(RowResult.BGNBD_EXPECTED))).append(" | ")
          .append(f4(r.auc(RowResult.LOGIT))).append(" | ")
          .append(f4(r.calibrationError.getOrDefault(RowResult.LAPSE, Double.NaN))).append(" | ")
          .append(r.pass() ? "PASS" : "FAIL: " + r.failureReasons()).append(" |\n");
    }
    m.append("\nOverall (baseline verdict): **").append(overall()).append("**");
    if (aborted) {
      m.append(" (aborted at the first lapse failure, --fail-fast)");
    }
    m.append("\n\n");
    if (generated()) {
      m.append("### Oracle gap\n\n");
      m.append("| C | H | oracle ROC AUC | lapse ROC AUC | gap | SE gap (DeLong, paired) |"
          + " gap / SE gap | SE one AUC (Hanley-McNeil, oracle) | oracle Brier | lapse Brier |"
          + " Brier gap | oracle cal. error | lapse cal. error | oracle verdict |\n");
      m.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (RowResult r : results) {
        BinaryMetrics o = r.metrics.get(RowResult.ORACLE);
        BinaryMetrics l = r.metrics.get(RowResult.LAPSE);
        m.append("| ").append(r.cutoff).append(" | ").append(r.horizon).append(" | ")
            .append(f4(r.auc(RowResult.ORACLE))).append(" | ")
            .append(f4(r.auc(RowResult.LAPSE))).append(" | ")
            .append(f4(r.gap())).append(" | ").append(f4(r.gapSe)).append(" | ")
            .append(Double.isNaN(r.gap() / r.gapSe) ? "n/a"
                : String.format(Locale.ROOT, "%.1f", r.gap() / r.gapSe)).append(" | ")
            .append(f4(r.oracleAucSe)).append(" | ")
            .append(o == null ? "n/a" : f4(o.brier())).append(" | ")
            .append(l == null ? "n/a" : f4(l.brier())).append(" | ")
            .append(f4(r.brierGap())).append(" | ")
            .append(f4(r.calibrationError.getOrDefault(RowResult.ORACLE, Double.NaN)))
            .append(" | ")
            .append(f4(r.calibrationError.getOrDefault(RowResult.LAPSE, Double.NaN)))
            .append(" | ")
            .append(r.oraclePass() ? "PASS" : "FAIL: " + r.oracleFailureReasons())
            .append(" |\n");
      }
      m.append("\nOverall (oracle verdict, gap <= ").append(RowResult.MAX_ORACLE_GAP)
          .append("): **").append(overallOracle()).append("**\n\n");
    }
    for (RowResult r : results) {
      row(m, r);
    }
    m.append("## Job times\n\n");
    m.append("Wall and CPU seconds (CPU of the whole JVM, every Spark thread) per job. ")
        .append("`benchmark` is the benchmark's own truth, baselines and metrics.\n\n");
    m.append("| C | H |");
    List<String> jobs = new ArrayList<>(CdnowChurnBenchmark.JOBS);
    jobs.add("benchmark");
    for (String j : jobs) {
      m.append(' ').append(j).append(" wall / CPU s |");
    }
    m.append(" lapse total wall s |\n|---|---:|");
    m.append("---:|".repeat(jobs.size() + 1)).append('\n');
    for (RowResult r : results) {
      m.append("| ").append(r.cutoff).append(" | ").append(r.horizon).append(" |");
      double lapseWall = 0;
      for (String j : jobs) {
        JobTime t = r.jobs.stream().filter(x -> x.job().equals(j)).findFirst().orElse(null);
        if (t == null) {
          m.append(" not run |");
        } else {
          m.append(' ').append(f1(t.wallSeconds())).append(" / ").append(f1(t.cpuSeconds()));
          if (t.exitCode() != 0) {
            m.append(" (exit ").append(t.exitCode()).append(')');
          }
          m.append(" |");
          if (!j.equals("benchmark")) {
            lapseWall += t.wallSeconds();
          }
        }
      }
      m.append(' ').append(f1(lapseWall)).append(" |\n");
    }
    m.append('\n');
    return m.toString();
  }

  private void row(StringBuilder m, RowResult r) {
    m.append("## C = ").append(r.cutoff).append(", H = ").append(r.horizon).append(" days: ")
        .append(r.pass() ? "PASS" : "FAIL");
    if (r.generated()) {
      m.append(" (baselines), ").append(oracleVerdict(r)).append(" (oracle gap)");
    }
    m.append("\n\n");
    if (!r.pass()) {
      m.append("Why: ").append(r.failureReasons()).append(".\n\n");
    }
    if (r.generated() && !r.oraclePass()) {
      m.append("Oracle verdict: ").append(r.oracleFailureReasons()).append(".\n\n");
    }
    m.append("- Population (purchase on or before C): ").append(r.population)
        .append("; rows evaluated: ").append(r.rows).append("; no purchase in (C, C + H]: ")
        .append(r.positives).append(" (")
        .append(r.rows == 0 ? "n/a" : f4((double) r.positives / r.rows)).append(")\n");
    if (r.lapseFailure == null) {
      m.append("- lapse scores: ").append(r.missingScores).append(" missing, ")
          .append(r.nullScores).append(" null p_disengage, ").append(r.duplicateScores)
          .append(" duplicated, ").append(r.extraScores)
          .append(" scored customers outside the population\n");
      m.append("- classifier_run_id (customers): ");
      List<String> ids = new ArrayList<>();
      r.classifierRunIds.forEach((k, v) -> ids.add("`" + k + "` (" + v + ")"));
      m.append(String.join(", ", ids)).append('\n');
    } else {
      m.append("- lapse: **").append(r.lapseFailure).append("**; no lapse score for this row\n");
    }
    if (r.bgnbd != null) {
      BgNbdParams p = r.bgnbd.fit().params();
      m.append(String.format(Locale.ROOT, "- BG/NBD at C: r = %.4f, alpha = %.4f, a = %.4f,"
              + " b = %.4f, LL %.2f, %d customers in %d (x, t_x, T) groups, %d with T = 0;"
              + " rankings of P(none) and -E[purchases]: %d of %d group pairs discordant%n",
          p.r(), p.alpha(), p.a(), p.b(), r.bgnbd.fit().logLikelihood(),
          r.bgnbd.fit().customers(), r.bgnbd.groups(), r.bgnbd.customersWithZeroAge(),
          r.bgnbd.discordantGroupPairs(), r.bgnbd.groupPairs()));
      if (r.trueParams != null) {
        BgNbdParams t = r.trueParams;
        double[] se = r.bgnbd.fit().standardErrors();
        m.append(String.format(Locale.ROOT, "- True parameters: r = %.4f, alpha = %.4f, a = %.4f,"
                + " b = %.4f; fitted - true in standard errors of the fit: r %+.1f, alpha %+.1f,"
                + " a %+.1f, b %+.1f%n", t.r(), t.alpha(), t.a(), t.b(),
            (p.r() - t.r()) / se[0], (p.alpha() - t.alpha()) / se[1], (p.a() - t.a()) / se[2],
            (p.b() - t.b()) / se[3]));
      }
    }
    if (r.logit != null) {
      m.append("- Logistic regression trained at ").append(r.logit.trainedAt()).append(" on ")
          .append(r.logit.trainingRows()).append(" customers (no-purchase rate ")
          .append(f4(r.logit.trainingPositiveRate())).append("); standardized coefficients: ");
      List<String> cs = new ArrayList<>();
      for (int i = 0; i < r.logit.features().size(); i++) {
        cs.add(r.logit.features().get(i) + " " + String.format(Locale.ROOT, "%+.3f",
            r.logit.coefficients()[i]));
      }
      m.append(String.join(", ", cs)).append(String.format(Locale.ROOT, ", intercept %+.3f%n",
          r.logit.intercept()));
    }
    if (r.generated() && !Double.isNaN(r.gap())) {
      m.append(String.format(Locale.ROOT, "- Oracle gap: oracle ROC AUC %.4f - lapse %.4f = %.4f;"
              + " DeLong standard error of the paired gap %.4f; Hanley-McNeil standard error of"
              + " one AUC: oracle %.4f, lapse %.4f; Brier lapse - oracle %.4f%n",
          r.auc(RowResult.ORACLE), r.auc(RowResult.LAPSE), r.gap(), r.gapSe, r.oracleAucSe,
          r.lapseAucSe, r.brierGap()));
    }
    if (r.benchmarkFailure != null) {
      m.append("- benchmark error: ").append(r.benchmarkFailure).append('\n');
    }
    m.append('\n');
    if (!r.metrics.isEmpty()) {
      m.append("| score | ROC AUC | PR AUC | Brier | calibration error |\n|---|---:|---:|---:|---:|\n");
      for (Map.Entry<String, BinaryMetrics> e : r.metrics.entrySet()) {
        BinaryMetrics b = e.getValue();
        m.append("| ").append(e.getKey()).append(" | ").append(f4(b.rocAuc())).append(" | ")
            .append(f4(b.prAuc())).append(" | ").append(f4(b.brier())).append(" | ")
            .append(f4(r.calibrationError.getOrDefault(e.getKey(), Double.NaN))).append(" |\n");
      }
      m.append('\n');
    }
    BinaryMetrics lapse = r.metrics.get(RowResult.LAPSE);
    if (lapse != null) {
      m.append("lapse's calibration by decile of `p_disengage` (tied scores share a decile):\n\n");
      m.append("| decile | rows | mean predicted | observed rate | min score | max score |\n");
      m.append("|---:|---:|---:|---:|---:|---:|\n");
      for (CalibrationBin b : lapse.calibration()) {
        m.append("| ").append(b.bin()).append(" | ").append(b.rows()).append(" | ")
            .append(f4(b.meanPredicted())).append(" | ").append(f4(b.observedRate()))
            .append(" | ").append(f4(b.minScore())).append(" | ").append(f4(b.maxScore()))
            .append(" |\n");
      }
      m.append('\n');
    }
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    String memory = "";
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      memory = String.format(Locale.ROOT, ", %.1f GiB memory",
          sun.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }
    return rt.availableProcessors() + " cores" + memory + ", JVM heap max "
        + String.format(Locale.ROOT, "%.1f GiB", rt.maxMemory() / (1024.0 * 1024 * 1024))
        + ", Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
        + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        + "; Spark local mode";
  }

  private static String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
  }
}
