package io.lapse.models.registry;

import io.lapse.models.classification.FittedClassifier;
import io.lapse.models.classification.SegmentClassifiers;
import io.lapse.models.survival.FittedSurvival;
import io.lapse.models.survival.SegmentSurvivalModels;
import io.lapse.models.survival.SurvivalSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns fitted models into model_runs rows: a deterministic run id per fit, the artifact saved
 * once per fit (fallback segments point at the model they borrow), and the champion/challenger
 * decision per segment.
 */
public final class RunRecorder {

  private final String artifactRoot;
  private final ChampionPolicy policy;

  /**
   * @param artifactRoot where pipeline models are saved ({@link ModelArtifacts#pathFor})
   * @param policy the champion/challenger rule
   */
  public RunRecorder(String artifactRoot, ChampionPolicy policy) {
    this.artifactRoot = artifactRoot;
    this.policy = policy;
  }

  /** The run id each segment's classifier gets from {@link #recordClassifiers}, by segment. */
  public java.util.SortedMap<String, String> runIds(SegmentClassifiers fits,
      String dataFingerprint) {
    java.util.SortedMap<String, String> ids = new TreeMap<>();
    fits.bySegment().forEach((segment, f) -> ids.put(segment, classifierRunId(f, dataFingerprint)));
    return ids;
  }

  /** The run id each segment's survival model gets from {@link #recordSurvival}, by segment. */
  public java.util.SortedMap<String, String> runIds(SegmentSurvivalModels fits, SurvivalSpec spec,
      String dataFingerprint) {
    java.util.SortedMap<String, String> ids = new TreeMap<>();
    fits.bySegment().forEach(
        (segment, f) -> ids.put(segment, survivalRunId(f, spec, dataFingerprint)));
    return ids;
  }

  private static String classifierRunId(FittedClassifier f, String dataFingerprint) {
    Map<String, String> idParts = new TreeMap<>(f.recordedParameters());
    idParts.put("task", ModelRun.CLASSIFIER);
    idParts.put("fitted_segment", f.fittedSegment());
    idParts.put("algorithm", f.chosen().algorithm());
    idParts.put("training_window", f.trainingStart() + ".." + f.trainingEnd());
    idParts.put("validation_window", f.validationStart() + ".." + f.validationEnd());
    idParts.put("data", dataFingerprint);
    return RunIds.of(idParts);
  }

  private static String survivalRunId(FittedSurvival f, SurvivalSpec spec,
      String dataFingerprint) {
    Map<String, String> idParts = new TreeMap<>(f.recordedParameters(spec));
    idParts.put("task", ModelRun.SURVIVAL);
    idParts.put("fitted_segment", f.fittedSegment());
    idParts.put("algorithm", "weibull_aft");
    idParts.put("training_window", f.trainingStart() + ".." + f.trainingEnd());
    idParts.put("data", dataFingerprint);
    return RunIds.of(idParts);
  }

  /**
   * Records per-segment classifiers.
   *
   * @param dataFingerprint {@link DataFingerprint} of the training examples
   * @param champions current champion per segment, measured on the same validation rows
   */
  public List<ModelRun> recordClassifiers(SegmentClassifiers fits, String dataFingerprint,
      Map<String, Incumbent> champions) {
    List<ModelRun> runs = new ArrayList<>();
    Set<String> saved = new HashSet<>();
    for (FittedClassifier f : fits.bySegment().values()) {
      String runId = classifierRunId(f, dataFingerprint);
      String path = ModelArtifacts.pathFor(artifactRoot, ModelRun.CLASSIFIER, runId);
      if (saved.add(runId)) {
        ModelArtifacts.save(f.model(), path);
      }
      Map<String, Double> metrics = f.recordedMetrics();
      Decision d = policy.decide(metrics.getOrDefault(policy.metric(), Double.NaN),
          f.verdict().bestBaseline(), f.verdict().baselineValue(),
          Optional.ofNullable(champions.get(f.segment())));
      runs.add(new ModelRun(runId, ModelRun.CLASSIFIER, f.segment(), f.fittedSegment(),
          f.chosen().algorithm(), f.recordedParameters(), f.seed(), f.trainingStart(),
          f.trainingEnd(), f.validationStart(), f.validationEnd(), metrics, path, d.status(),
          reason(d, f.fallbackReason())));
    }
    return runs;
  }

  /**
   * Records per-segment survival models, decided on their validation concordance (the policy's
   * metric should be {@code validation_c_index}); the Kaplan-Meier baseline ranks everyone in a
   * segment alike, so its concordance is 0.5 by construction.
   *
   * @param validationConcordance C-index of each segment's model on later snapshots
   */
  public List<ModelRun> recordSurvival(SegmentSurvivalModels fits, SurvivalSpec spec,
      Map<String, Double> validationConcordance, String dataFingerprint,
      Map<String, Incumbent> champions) {
    List<ModelRun> runs = new ArrayList<>();
    Set<String> saved = new HashSet<>();
    for (FittedSurvival f : fits.bySegment().values()) {
      String runId = survivalRunId(f, spec, dataFingerprint);
      String path = ModelArtifacts.pathFor(artifactRoot, ModelRun.SURVIVAL, runId);
      if (saved.add(runId)) {
        ModelArtifacts.save(f.model(), path);
      }
      Map<String, Double> metrics = new LinkedHashMap<>(f.recordedFit());
      double c = validationConcordance.getOrDefault(f.segment(), Double.NaN);
      metrics.put("validation_c_index", c);
      metrics.put("baseline_kaplan_meier_c_index", 0.5);
      Decision d = policy.decide(metrics.getOrDefault(policy.metric(), Double.NaN),
          "kaplan_meier", 0.5, Optional.ofNullable(champions.get(f.segment())));
      runs.add(new ModelRun(runId, ModelRun.SURVIVAL, f.segment(), f.fittedSegment(),
          "weibull_aft", f.recordedParameters(spec), 0L, f.trainingStart(), f.trainingEnd(),
          null, null, metrics, path, d.status(), reason(d, f.fallbackReason())));
    }
    return runs;
  }

  private static String reason(Decision d, String fallbackReason) {
    return fallbackReason.isEmpty() ? d.reason() : d.reason() + "; fallback: " + fallbackReason;
  }
}
