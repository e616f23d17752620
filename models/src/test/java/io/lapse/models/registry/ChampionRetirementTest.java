package io.lapse.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.models.evaluation.Verdict;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChampionRetirementTest {

  private static ModelRun run(String id, String segment, ModelStatus status) {
    return new ModelRun(id, ModelRun.CLASSIFIER, segment, segment, "logistic_regression",
        new TreeMap<>(Map.of("reg_param", "0.0")), 42L, LocalDate.parse("2025-01-01"),
        LocalDate.parse("2025-03-01"), null, null, Map.of("validation_roc_auc", 0.7), "/m/" + id,
        status, "why");
  }

  private static Verdict verdict(String segment, double model, double baseline) {
    return new Verdict("logistic_regression", segment, "roc_auc", model,
        "bgnbd_prob_no_transaction", baseline, model > baseline);
  }

  @Test
  void championBehindTheBaselineOnTheNewRowsIsRetiredWhenTheNewModelIsNotChampion() {
    ModelRun old = run("run-old", "ALL", ModelStatus.CHAMPION);
    List<ModelRun> out = ChampionRetirement.retirements(
        List.of(run("run-new", "ALL", ModelStatus.REJECTED)),
        Map.of("ALL", new Incumbent("run-old", 0.8130)), Map.of("ALL", old),
        Map.of("ALL", verdict("ALL", 0.8133, 0.8134)), "validation_roc_auc");
    assertEquals(1, out.size());
    ModelRun retired = out.get(0);
    assertEquals("run-old", retired.runId());
    assertEquals(ModelStatus.REJECTED, retired.status());
    assertEquals(old.artifactPath(), retired.artifactPath());
    assertEquals(old.metrics(), retired.metrics());
    assertEquals("retired: validation_roc_auc 0.8130 on the validation rows of run-new does not"
        + " beat baseline bgnbd_prob_no_transaction 0.8134", retired.reason());
  }

  @Test
  void championStaysWhenItStillBeatsTheBaselineOrTheNewModelTookOver() {
    Map<String, ModelRun> champions = Map.of("A", run("run-a", "A", ModelStatus.CHAMPION),
        "B", run("run-b", "B", ModelStatus.CHAMPION), "C", run("run-c", "C",
            ModelStatus.CHAMPION));
    List<ModelRun> decided = List.of(
        run("new-a", "A", ModelStatus.CHALLENGER),   // incumbent still ahead of the baseline
        run("new-b", "B", ModelStatus.CHAMPION),     // the new model replaced it anyway
        run("new-c", "C", ModelStatus.REJECTED),     // no baseline to compare with
        run("new-d", "D", ModelStatus.REJECTED));    // no champion in D
    Map<String, Verdict> verdicts = Map.of("A", verdict("A", 0.79, 0.80), "B",
        verdict("B", 0.85, 0.80), "C", new Verdict("gbt", "C", "roc_auc", 0.7, "", Double.NaN,
            true), "D", verdict("D", 0.7, 0.8));
    assertEquals(List.of(), ChampionRetirement.retirements(decided,
        Map.of("A", new Incumbent("run-a", 0.81), "B", new Incumbent("run-b", 0.70), "C",
            new Incumbent("run-c", 0.5)), champions, verdicts, "validation_roc_auc"));
  }
}
