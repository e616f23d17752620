package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.training.SegmentModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GammaGammaSegmentTrainerTest {

  private static final LocalDate D = LocalDate.of(1997, 9, 30);
  private static final GammaGammaSettings DEFAULTS = new GammaGammaSettings(0.3, 100, 200_000);

  /** 200 repeat customers whose mean spend grows with x: correlation about 0.9. */
  private static RepeatSpendStatistics dependent() {
    RepeatSpendStatistics.Builder b = RepeatSpendStatistics.builder();
    for (int i = 0; i < 200; i++) {
      int x = 1 + i % 8;
      double mean = 10 * x + (i % 5);
      b.add(x, x * mean, 1);
    }
    return b.build();
  }

  private static SegmentModel row(List<SegmentModel> rows, String segment) {
    return rows.stream().filter(r -> r.segment().equals(segment)).findFirst().orElseThrow();
  }

  @Test
  void refusesASegmentWhoseSpendDependsOnFrequencyAndRecordsWhy() throws Exception {
    RepeatSpendStatistics all = CdnowSpend.statistics();
    List<SegmentModel> rows = new GammaGammaSegmentTrainer(DEFAULTS).fit(
        Map.of("ALL", all, "heavy", dependent()), Map.of("heavy", 300L, "light", 50L), D);
    assertEquals(3, rows.size());
    SegmentModel global = row(rows, "ALL");
    assertEquals(GammaGammaSegmentTrainer.MODEL, global.model());
    assertTrue(global.converged());
    assertNull(global.fallbackReason());
    assertEquals(6.25, global.params().get("p"), 0.005 * 6.25);
    assertEquals(all.correlation(), global.params().get("x_spend_correlation"), 0);
    assertEquals(946, global.observations());
    assertEquals(350, global.customers());

    SegmentModel heavy = row(rows, "heavy");
    assertTrue(heavy.isFallback());
    assertTrue(heavy.fallbackReason().startsWith("dependent_spend: corr(x, m_x) = 0.9"),
        heavy.fallbackReason());
    assertTrue(heavy.params().get("x_spend_correlation") > 0.9);
    assertEquals(global.params().get("p"), heavy.params().get("p"));
    assertEquals(dependent().meanSpend(), heavy.params().get("mean_spend"), 1e-12);

    // No repeat customer: too few, scored with ALL's fit and ALL's observed mean.
    SegmentModel light = row(rows, "light");
    assertTrue(light.fallbackReason().startsWith("min_customers: 0 repeat customers"),
        light.fallbackReason());
    assertEquals(all.meanSpend(), light.params().get("mean_spend"), 1e-12);
    assertFalse(light.params().containsKey("x_spend_correlation"));
  }

  @Test
  void theThresholdIsTheConfiguredOne() {
    GammaGammaSegmentTrainer lenient =
        new GammaGammaSegmentTrainer(new GammaGammaSettings(1.0, 100, 200_000));
    assertTrue(lenient.attempt("heavy", dependent()).outcome() != SpendOutcome.DEPENDENT_SPEND);
    assertEquals(SpendOutcome.DEPENDENT_SPEND,
        new GammaGammaSegmentTrainer(DEFAULTS).attempt("heavy", dependent()).outcome());
  }

  @Test
  void refusedAllHasAnOwnRowWithoutFitAndScoresUseTheObservedMean() {
    List<SegmentModel> rows = new GammaGammaSegmentTrainer(DEFAULTS).fit(
        Map.of("ALL", dependent()), Map.of("ALL", 200L), D);
    SegmentModel global = row(rows, "ALL");
    assertFalse(global.isFallback());
    assertFalse(global.converged());
    assertTrue(global.fallbackReason().startsWith("dependent_spend"), global.fallbackReason());
    assertFalse(global.params().containsKey("p"));
    double mean = dependent().meanSpend();
    assertEquals(mean, SpendScorer.expectedMeanSpend(global.params(), 3, 55.0), 1e-12);
  }

  @Test
  void customersWithoutRepeatSpendGetTheSegmentsMean() {
    Map<String, Double> params = Map.of("p", 6.25, "q", 3.74, "gamma", 15.44);
    double populationMean = 6.25 * 15.44 / 2.74;
    assertEquals(populationMean, SpendScorer.expectedMeanSpend(params, 0, null), 1e-9);
    assertEquals(populationMean, SpendScorer.expectedMeanSpend(params, 2, 0.0), 1e-9);
    assertEquals(6.25 * (15.44 + 2 * 22.345) / (2 * 6.25 + 2.74),
        SpendScorer.expectedMeanSpend(params, 2, 22.345), 1e-9);
    assertNull(SpendScorer.expectedMeanSpend(null, 2, 22.345));
  }
}
