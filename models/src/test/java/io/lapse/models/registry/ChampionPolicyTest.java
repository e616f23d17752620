package io.lapse.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChampionPolicyTest {

  private final ChampionPolicy policy = ChampionPolicy.defaults().withTolerance(0.01);

  @Test
  void aWorseChallengerIsNotPromoted() {
    Decision d = policy.decide(0.70, "recency_days", 0.60,
        Optional.of(new Incumbent("run-a", 0.75)));
    assertEquals(ModelStatus.CHALLENGER, d.status());
    assertEquals("validation_roc_auc 0.7000 is worse than champion run-a 0.7500 by 0.0500 >"
        + " tolerance 0.0100", d.reason());
  }

  @Test
  void withinToleranceOrBetterReplacesTheChampion() {
    Decision within = policy.decide(0.745, "recency_days", 0.60,
        Optional.of(new Incumbent("run-a", 0.75)));
    assertEquals(ModelStatus.CHAMPION, within.status());
    assertEquals("validation_roc_auc 0.7450 vs champion run-a 0.7500: worse by 0.0050, within"
        + " tolerance 0.0100", within.reason());
    assertEquals(ModelStatus.CHAMPION, policy.decide(0.80, "recency_days", 0.60,
        Optional.of(new Incumbent("run-a", 0.75))).status());
    Decision first = policy.decide(0.70, "recency_days", 0.60, Optional.empty());
    assertEquals(ModelStatus.CHAMPION, first.status());
    assertEquals("no current champion; validation_roc_auc 0.7000 beats baseline recency_days"
        + " 0.6000", first.reason());
  }

  @Test
  void notBeatingTheBaselineOrUndefinedIsRejectedEvenWithoutAChampion() {
    Decision d = policy.decide(0.60, "recency_days", 0.62, Optional.empty());
    assertEquals(ModelStatus.REJECTED, d.status());
    assertEquals("validation_roc_auc 0.6000 does not beat baseline recency_days 0.6200 on the"
        + " same rows", d.reason());
    assertEquals(ModelStatus.REJECTED,
        policy.decide(Double.NaN, "", Double.NaN, Optional.empty()).status());
  }

  @Test
  void lowerIsBetterMetricsCompareTheOtherWay() {
    ChampionPolicy brier = new ChampionPolicy("validation_brier", false, 0.001);
    assertEquals(ModelStatus.CHALLENGER, brier.decide(0.20, "kaplan_meier", 0.25,
        Optional.of(new Incumbent("run-b", 0.18))).status());
    assertEquals(ModelStatus.CHAMPION, brier.decide(0.1805, "kaplan_meier", 0.25,
        Optional.of(new Incumbent("run-b", 0.18))).status());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ChampionPolicy("m", true, -0.1));
    assertEquals("champion tolerance must be >= 0 but was -0.1", e.getMessage());
  }

  @Test
  void runIdsDependOnTheInputsOnlyAndNotOnTheirOrder() {
    String a = RunIds.of(Map.of("segment", "A", "seed", "42", "data", "10:123"));
    assertEquals(a, RunIds.of(new java.util.TreeMap<>(Map.of("data", "10:123", "seed", "42",
        "segment", "A"))));
    assertEquals(20, a.length());
    assertEquals(false, a.equals(RunIds.of(Map.of("segment", "A", "seed", "43",
        "data", "10:123"))));
    // Field boundaries are part of the hash: moving a character between fields changes it.
    assertEquals(false, RunIds.of(Map.of("a", "bc", "d", "")).equals(
        RunIds.of(Map.of("a", "b", "d", "c"))));
  }
}
