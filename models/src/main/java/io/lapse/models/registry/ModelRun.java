package io.lapse.models.registry;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of model_runs: a trained model as used by one segment.
 *
 * @param runId deterministic id of the fit (segments sharing a fallback model share it)
 * @param task {@link #CLASSIFIER} or {@link #SURVIVAL}
 * @param segment the segment served
 * @param fittedSegment the segment whose rows fitted the model; differs on a fallback
 * @param algorithm e.g. logistic_regression, gbt, weibull_aft
 * @param hyperParameters by name, including the features used
 * @param seed the seed of the fit
 * @param trainingWindowStart first snapshot of the training rows
 * @param trainingWindowEnd last snapshot of the training rows
 * @param validationWindowStart first validation snapshot (null when none)
 * @param validationWindowEnd last validation snapshot (null when none)
 * @param metrics by name (validation metrics, baselines' metrics on the same rows, row counts)
 * @param artifactPath where the PipelineModel is saved
 * @param status champion, challenger or rejected
 * @param reason why; for a fallback, also why the segment borrows its model
 */
public record ModelRun(
    String runId,
    String task,
    String segment,
    String fittedSegment,
    String algorithm,
    SortedMap<String, String> hyperParameters,
    long seed,
    LocalDate trainingWindowStart,
    LocalDate trainingWindowEnd,
    LocalDate validationWindowStart,
    LocalDate validationWindowEnd,
    Map<String, Double> metrics,
    String artifactPath,
    ModelStatus status,
    String reason) {

  public static final String CLASSIFIER = "disengagement_classifier";
  public static final String SURVIVAL = "onset_survival";

  public ModelRun {
    hyperParameters = Collections.unmodifiableSortedMap(new TreeMap<>(hyperParameters));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    if (trainingWindowEnd.isBefore(trainingWindowStart)) {
      throw new IllegalArgumentException("training window of run " + runId + " ends "
          + trainingWindowEnd + " before it starts " + trainingWindowStart);
    }
  }

  public boolean isFallback() {
    return !segment.equals(fittedSegment);
  }
}
