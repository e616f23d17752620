package io.lapse.benchmarks;

import io.lapse.models.evaluation.BinaryMetrics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything measured for one (cut-off C, horizon H). Mutable; filled step by step. */
public final class RowResult {

  /** Allowed shortfall of lapse's ROC AUC below a baseline's. */
  public static final double AUC_TOLERANCE = 0.002;
  /** lapse's calibration error must be below this. */
  public static final double MAX_CALIBRATION_ERROR = 0.03;

  public static final String LAPSE = "lapse p_disengage";
  public static final String RECENCY = "recency days";
  public static final String BGNBD = "BG/NBD P(no purchase)";
  public static final String BGNBD_EXPECTED = "BG/NBD -E[purchases]";
  public static final String LOGIT = "logistic regression";
  /** Generated data only: P(no purchase) from the true BG/NBD parameters (not a baseline). */
  public static final String ORACLE = "oracle: BG/NBD P(no purchase), true parameters";
  /**
   * Generated data: largest allowed gap = oracle ROC AUC - lapse ROC AUC. About twice the
   * Hanley-McNeil standard error of one AUC at CDNOW's size (see the report).
   */
  public static final double MAX_ORACLE_GAP = 0.01;

  final LocalDate cutoff;
  final int horizon;
  final List<JobTime> jobs = new ArrayList<>();
  /** lapse job failure ("train exited with 70: ..."), or null. */
  String lapseFailure;
  /** Failure of the benchmark's own computations, or null. */
  String benchmarkFailure;

  long population;
  long missingScores;
  long nullScores;
  long duplicateScores;
  long extraScores;
  long rows;
  long positives;
  /** Metrics by score name, in report order. */
  final Map<String, BinaryMetrics> metrics = new LinkedHashMap<>();
  final Map<String, Double> calibrationError = new LinkedHashMap<>();
  final Map<String, Long> classifierRunIds = new TreeMap<>();
  BgNbdBaseline.Result bgnbd;
  LogisticBaseline.Result logit;
  /** Generated data: the true parameters the oracle uses; null on real data. */
  io.lapse.models.bgnbd.BgNbdParams trueParams;
  /** Hanley-McNeil standard error of the oracle's and of lapse's ROC AUC. */
  double oracleAucSe = Double.NaN;
  double lapseAucSe = Double.NaN;
  /** DeLong standard error of the paired difference oracle AUC - lapse AUC on the same rows. */
  double gapSe = Double.NaN;

  RowResult(LocalDate cutoff, int horizon) {
    this.cutoff = cutoff;
    this.horizon = horizon;
  }

  /** Scores lapse's is compared with (all the baselines, both BG/NBD rankings included). */
  List<String> baselines() {
    return metrics.keySet().stream().filter(k -> !k.equals(LAPSE) && !k.equals(ORACLE)).toList();
  }

  double auc(String score) {
    BinaryMetrics m = metrics.get(score);
    return m == null ? Double.NaN : m.rocAuc();
  }

  /** The best baseline ROC AUC and its name. */
  Map.Entry<String, Double> bestBaseline() {
    Map.Entry<String, Double> best = null;
    for (String b : baselines()) {
      double a = auc(b);
      if (best == null || a > best.getValue()) {
        best = Map.entry(b, a);
      }
    }
    return best;
  }

  boolean aucPass() {
    double lapse = auc(LAPSE);
    if (Double.isNaN(lapse) || baselines().isEmpty()) {
      return false;
    }
    return baselines().stream().allMatch(b -> lapse >= auc(b) - AUC_TOLERANCE);
  }

  boolean calibrationPass() {
    Double e = calibrationError.get(LAPSE);
    return e != null && e < MAX_CALIBRATION_ERROR;
  }

  boolean hasErrors() {
    return lapseFailure != null || benchmarkFailure != null || missingScores > 0
        || nullScores > 0 || duplicateScores > 0;
  }

  boolean pass() {
    return !hasErrors() && aucPass() && calibrationPass();
  }

  boolean generated() {
    return trueParams != null;
  }

  /** Oracle ROC AUC - lapse ROC AUC (NaN when either is missing). */
  double gap() {
    return auc(ORACLE) - auc(LAPSE);
  }

  /** lapse's Brier score - the oracle's (NaN when either is missing). */
  double brierGap() {
    BinaryMetrics l = metrics.get(LAPSE);
    BinaryMetrics o = metrics.get(ORACLE);
    return l == null || o == null ? Double.NaN : l.brier() - o.brier();
  }

  /** Generated data: lapse comes within {@link #MAX_ORACLE_GAP} of the oracle's ROC AUC. */
  boolean oraclePass() {
    double g = gap();
    return !hasErrors() && !Double.isNaN(g) && g <= MAX_ORACLE_GAP;
  }

  /** Every verdict of the row: the baseline verdict, and on generated data the oracle's too. */
  boolean passAll() {
    return pass() && (!generated() || oraclePass());
  }

  /** Why the oracle-gap verdict fails, or "". */
  String oracleFailureReasons() {
    if (oraclePass()) {
      return "";
    }
    if (hasErrors() || Double.isNaN(gap())) {
      return "no lapse or oracle AUC";
    }
    return String.format(java.util.Locale.ROOT, "gap %.4f > %.2f", gap(), MAX_ORACLE_GAP);
  }

  /** Why the row fails, or "" when it passes. */
  String failureReasons() {
    List<String> why = new ArrayList<>();
    if (lapseFailure != null) {
      why.add("lapse " + lapseFailure);
    }
    if (benchmarkFailure != null) {
      why.add("benchmark error: " + benchmarkFailure);
    }
    if (missingScores > 0) {
      why.add(missingScores + " customers missing from scores");
    }
    if (nullScores > 0) {
      why.add(nullScores + " customers with null p_disengage");
    }
    if (duplicateScores > 0) {
      why.add(duplicateScores + " customers with more than one scores row");
    }
    if (metrics.containsKey(LAPSE)) {
      if (!aucPass()) {
        Map.Entry<String, Double> best = bestBaseline();
        why.add(String.format(java.util.Locale.ROOT,
            "ROC AUC %.4f < %s %.4f - %.3f", auc(LAPSE), best.getKey(), best.getValue(),
            AUC_TOLERANCE));
      }
      if (!calibrationPass()) {
        why.add(String.format(java.util.Locale.ROOT, "calibration error %.4f >= %.2f",
            calibrationError.getOrDefault(LAPSE, Double.NaN), MAX_CALIBRATION_ERROR));
      }
    }
    return String.join("; ", why);
  }
}
