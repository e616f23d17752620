package io.lapse.models.classification;

import io.lapse.models.evaluation.Verdict;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;

/**
 * The classifier one segment uses, with everything model_runs records about it. Segments that
 * fall back share the fitted model (and its numbers) of the segment they borrow from.
 *
 * @param segment the segment served
 * @param fittedSegment the segment whose rows fitted the model (itself, its parent or ALL)
 * @param fallbackReason why it falls back; empty when it has its own model
 * @param chosen the candidate chosen by validation
 * @param seed the seed the pipeline was fitted with
 * @param featureColumns the features the model uses (features entirely null in its rows are
 *     left out)
 * @param trainingStart first snapshot of the final fit
 * @param trainingEnd last snapshot of the final fit
 * @param validationStart first validation snapshot
 * @param validationEnd last validation snapshot
 * @param trainingRows rows of the final fit
 * @param validationRows rows the candidates were compared on
 * @param selectionMetric the metric that chose the candidate
 * @param candidates every candidate's validation metric, in grid order
 * @param baselineMetrics each baseline's selection metric on the same validation rows
 * @param verdict whether the chosen candidate beats the best baseline on those rows
 * @param model the final pipeline, refitted on all snapshots of the fitted segment
 * @param calibration Platt scaling of the model's probabilities, fitted on the chosen
 *     candidate's predictions of the validation snapshots (later than its training snapshots)
 * @param baselineCalibrations Platt scaling of each probability baseline, fitted on the same
 *     validation rows: what scoring serves when the segment has no champion model
 */
public record FittedClassifier(
    String segment,
    String fittedSegment,
    String fallbackReason,
    Candidate chosen,
    long seed,
    List<String> featureColumns,
    LocalDate trainingStart,
    LocalDate trainingEnd,
    LocalDate validationStart,
    LocalDate validationEnd,
    long trainingRows,
    long validationRows,
    String selectionMetric,
    List<CandidateResult> candidates,
    Map<String, Double> baselineMetrics,
    Verdict verdict,
    PipelineModel model,
    PlattCalibration calibration,
    Map<String, PlattCalibration> baselineCalibrations) {

  public FittedClassifier {
    featureColumns = List.copyOf(featureColumns);
    candidates = List.copyOf(candidates);
    baselineMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(baselineMetrics));
    baselineCalibrations = Collections.unmodifiableMap(new LinkedHashMap<>(baselineCalibrations));
  }

  public boolean isFallback() {
    return !segment.equals(fittedSegment);
  }

  /** The chosen candidate's validation metric. */
  public double validationMetric() {
    return verdict.modelValue();
  }

  public boolean beatsBaseline() {
    return verdict.beats();
  }

  /** Hyper-parameters plus the seed and the features, as model_runs stores them. */
  public SortedMap<String, String> recordedParameters() {
    SortedMap<String, String> m = new TreeMap<>(chosen.hyperParameters());
    m.put("seed", Long.toString(seed));
    m.put("features", String.join(",", featureColumns));
    return m;
  }

  /** Validation metrics of the chosen model and the baselines, as model_runs stores them. */
  public Map<String, Double> recordedMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("validation_" + selectionMetric, validationMetric());
    candidates.stream().filter(r -> r.candidate().equals(chosen)).findFirst()
        .ifPresent(r -> m.put("selection_" + selectionMetric, r.selectionScore()));
    m.put("validation_rows", (double) validationRows);
    m.put("training_rows", (double) trainingRows);
    baselineMetrics.forEach((k, v) -> m.put("baseline_" + k + "_" + selectionMetric, v));
    m.put(PlattCalibration.SLOPE, calibration.slope());
    m.put(PlattCalibration.INTERCEPT, calibration.intercept());
    baselineCalibrations.forEach((name, c) -> {
      m.put(baselineCalibrationKey(name, PlattCalibration.SLOPE), c.slope());
      m.put(baselineCalibrationKey(name, PlattCalibration.INTERCEPT), c.intercept());
    });
    return m;
  }

  /** The model_runs metric holding one parameter of a baseline's Platt calibration. */
  public static String baselineCalibrationKey(String baseline, String parameter) {
    return "baseline_" + baseline + "_" + parameter;
  }
}
