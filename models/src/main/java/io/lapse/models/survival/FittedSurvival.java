package io.lapse.models.survival;

import io.lapse.models.km.KaplanMeierCurve;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;

/**
 * The Weibull AFT model one segment uses and its Kaplan-Meier baseline curve, both fitted on the
 * same rows. Segments that fall back share them with the segment they borrow from.
 *
 * @param segment the segment served
 * @param fittedSegment the segment whose rows fitted the model (itself, its parent or ALL)
 * @param fallbackReason why it falls back; empty when it has its own model
 * @param featureColumns features used (those null in every training row are left out)
 * @param trainingStart first snapshot of the fit
 * @param trainingEnd last snapshot of the fit
 * @param rows training rows
 * @param events observed onsets among them
 * @param shape Weibull shape k = 1 / MLlib's scale parameter
 * @param intercept the AFT intercept (log-days)
 * @param coefficients AFT coefficients by feature (log-days per unit)
 * @param baseline Kaplan-Meier curve of the time to onset on the same rows
 * @param model the pipeline (imputer, assembler, AFT); its prediction is the Weibull scale
 */
public record FittedSurvival(
    String segment,
    String fittedSegment,
    String fallbackReason,
    List<String> featureColumns,
    LocalDate trainingStart,
    LocalDate trainingEnd,
    long rows,
    long events,
    double shape,
    double intercept,
    Map<String, Double> coefficients,
    KaplanMeierCurve baseline,
    PipelineModel model) {

  public FittedSurvival {
    featureColumns = List.copyOf(featureColumns);
    coefficients = Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
  }

  public boolean isFallback() {
    return !segment.equals(fittedSegment);
  }

  /** What model_runs records as hyper-parameters: none are tuned, so the fit's settings. */
  public SortedMap<String, String> recordedParameters(SurvivalSpec spec) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("max_iter", Integer.toString(spec.maxIter()));
    m.put("tol", Double.toString(spec.tol()));
    m.put("horizon_days", Integer.toString(spec.horizonDays()));
    m.put("features", String.join(",", featureColumns));
    return m;
  }

  /** The fitted shape and intercept plus coefficients, as model_runs metrics. */
  public Map<String, Double> recordedFit() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rows", (double) rows);
    m.put("events", (double) events);
    m.put("weibull_shape", shape);
    m.put("intercept", intercept);
    coefficients.forEach((k, v) -> m.put("coef_" + k, v));
    return m;
  }
}
