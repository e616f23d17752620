package io.lapse.models.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one score on one set of rows. Undefined metrics are NaN: both AUCs when the rows hold only
 * one class, lift and capture when they hold no positive, Brier for rank-only scores.
 *
 * @param rows rows evaluated
 * @param positives rows with label 1
 * @param rocAuc area under the ROC curve (MLlib, exact: no binning)
 * @param prAuc area under the precision-recall curve (MLlib's trapezoidal rule, which starts the
 *     curve at recall 0 with the precision of the highest threshold)
 * @param brier mean squared difference between score and label; NaN for rank-only scores
 * @param topLift observed rate in the top fraction of rows by score over the overall rate
 * @param topCapture share of all positives that fall in the top fraction
 * @param calibration quantile bins of the score, lowest first (empty for rank-only scores)
 */
public record BinaryMetrics(
    long rows,
    long positives,
    double rocAuc,
    double prAuc,
    double brier,
    double topLift,
    double topCapture,
    List<CalibrationBin> calibration) {

  public static final String ROC_AUC = "roc_auc";
  public static final String PR_AUC = "pr_auc";
  public static final String BRIER = "brier";
  public static final String TOP_LIFT = "top_lift";
  public static final String TOP_CAPTURE = "top_capture";
  public static final String ROWS = "rows";
  public static final String POSITIVES = "positives";

  public BinaryMetrics {
    calibration = List.copyOf(calibration);
  }

  /** Whether a larger value of the metric is better (all but the Brier score). */
  public static boolean higherIsBetter(String metric) {
    return switch (metric) {
      case ROC_AUC, PR_AUC, TOP_LIFT, TOP_CAPTURE -> true;
      case BRIER -> false;
      default -> throw new IllegalArgumentException("metric '" + metric + "' has no direction; use"
          + " one of " + List.of(ROC_AUC, PR_AUC, BRIER, TOP_LIFT, TOP_CAPTURE));
    };
  }

  public double prevalence() {
    return rows == 0 ? Double.NaN : (double) positives / rows;
  }

  /** The metric called {@code name} ({@link #ROC_AUC}, {@link #PR_AUC}, ...). */
  public double metric(String name) {
    Double v = toMap().get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown binary metric '" + name + "'; known: "
          + toMap().keySet());
    }
    return v;
  }

  /** Scalar metrics by name, for the model_runs metrics map. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(ROWS, (double) rows);
    m.put(POSITIVES, (double) positives);
    m.put(ROC_AUC, rocAuc);
    m.put(PR_AUC, prAuc);
    m.put(BRIER, brier);
    m.put(TOP_LIFT, topLift);
    m.put(TOP_CAPTURE, topCapture);
    return m;
  }
}
