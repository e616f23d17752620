package io.lapse.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelComparisonTest {

  private static BinaryMetrics m(double roc, double brier) {
    return new BinaryMetrics(100, 30, roc, 0.5, brier, 1.0, 0.1, List.of());
  }

  private static BySegment<BinaryMetrics> by(BinaryMetrics overall, BinaryMetrics a) {
    return BySegment.of(overall, Map.of("a", a));
  }

  @Test
  void aModelThatDoesNotBeatItsBestBaselineIsReportedAsSuch() {
    Map<String, BySegment<BinaryMetrics>> models = Map.of("clf", by(m(0.80, 0.15), m(0.70, 0.20)));
    Map<String, BySegment<BinaryMetrics>> baselines = new LinkedHashMap<>();
    // Rank-only baselines have no Brier score: they must not count for that metric.
    baselines.put("recency", by(m(0.75, Double.NaN), m(0.72, Double.NaN)));
    baselines.put("km", by(m(0.74, 0.18), m(0.71, 0.19)));
    ModelComparison roc = new ModelComparison("none", models, baselines, List.of())
        .on(BinaryMetrics.ROC_AUC);
    Verdict overall = roc.overallVerdict("clf");
    assertTrue(overall.beats());
    assertEquals("recency", overall.bestBaseline());
    Verdict a = roc.verdicts().get(1);
    assertEquals("a", a.segment());
    assertFalse(a.beats());
    assertEquals("clf roc_auc 0.7000 does not beat baseline recency 0.7200 in a on the same rows",
        a.describe());

    ModelComparison brier = roc.on(BinaryMetrics.BRIER);
    assertEquals("km", brier.overallVerdict("clf").bestBaseline());
    assertTrue(brier.overallVerdict("clf").beats());
    assertFalse(brier.verdicts().get(1).beats());
  }
}
