package io.lapse.models.onset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.models.classification.BaselineSpec;
import io.lapse.models.classification.PlattCalibration;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.models.onset.OnsetScoring.BaselineScore;
import io.lapse.models.registry.ModelRun;
import io.lapse.models.registry.ModelStatus;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which baseline scores a segment that has no champion model. */
class OnsetScoringTest {

  private static final BaselineSpec COLUMNS = new BaselineSpec("recency", "latency",
      "expected_transactions", "prob_no_transaction", "km_p_disengage");

  private static ModelRun rejected(Map<String, Double> metrics) {
    return new ModelRun("run-1", ModelRun.CLASSIFIER, "ALL", "ALL", "logistic_regression",
        new TreeMap<>(), 42L, LocalDate.parse("1997-01-01"), LocalDate.parse("1997-06-01"),
        LocalDate.parse("1997-07-01"), LocalDate.parse("1997-07-01"), metrics, "/m/run-1",
        ModelStatus.REJECTED, "does not beat baseline");
  }

  @Test
  void theBestServableBaselineIsServedWithItsRecordedCalibration() {
    // BG/NBD's expected transactions rank best but are served as its P(no transaction); recency
    // has no calibration recorded; BG/NBD's probability beats Kaplan-Meier.
    ModelRun run = rejected(Map.of(
        "baseline_bgnbd_expected_transactions_roc_auc", 0.77,
        "baseline_bgnbd_expected_transactions_calibration_slope", 1.0,
        "baseline_bgnbd_expected_transactions_calibration_intercept", 0.0,
        "baseline_recency_days_roc_auc", 0.80,
        "baseline_bgnbd_prob_no_transaction_roc_auc", 0.76,
        "baseline_bgnbd_prob_no_transaction_calibration_slope", 0.9,
        "baseline_bgnbd_prob_no_transaction_calibration_intercept", -0.2,
        "baseline_kaplan_meier_roc_auc", 0.75,
        "baseline_kaplan_meier_calibration_slope", 1.1,
        "baseline_kaplan_meier_calibration_intercept", 0.1));
    assertEquals(new BaselineScore(ScoreColumn.probability("bgnbd_prob_no_transaction",
            "_baseline_bgnbd_prob_no_transaction"), new PlattCalibration(0.9, -0.2)),
        OnsetScoring.baselineScore(COLUMNS, "roc_auc", Optional.of(run)));

    ModelRun kmBetter = rejected(Map.of(
        "baseline_bgnbd_prob_no_transaction_roc_auc", 0.70,
        "baseline_bgnbd_prob_no_transaction_calibration_slope", 0.9,
        "baseline_bgnbd_prob_no_transaction_calibration_intercept", -0.2,
        "baseline_kaplan_meier_roc_auc", 0.75,
        "baseline_kaplan_meier_calibration_slope", 1.1,
        "baseline_kaplan_meier_calibration_intercept", 0.1));
    assertEquals(new BaselineScore(ScoreColumn.probability("kaplan_meier",
            "_baseline_kaplan_meier"), new PlattCalibration(1.1, 0.1)),
        OnsetScoring.baselineScore(COLUMNS, "roc_auc", Optional.of(kmBetter)));
  }

  @Test
  void withoutAValidationKaplanMeierIsServedAsItIs() {
    BaselineScore km = new BaselineScore(ScoreColumn.probability("kaplan_meier",
        "km_p_disengage"), PlattCalibration.identity());
    assertEquals(km, OnsetScoring.baselineScore(COLUMNS, "roc_auc", Optional.empty()));
    // Recency, calibrated, when it ranked best: a probability of its own score.
    BaselineScore recency = OnsetScoring.baselineScore(COLUMNS, "roc_auc", Optional.of(rejected(
        Map.of("baseline_recency_days_roc_auc", 0.80,
            "baseline_recency_days_calibration_slope", 0.05,
            "baseline_recency_days_calibration_intercept", -2.0,
            "baseline_kaplan_meier_roc_auc", 0.75,
            "baseline_kaplan_meier_calibration_slope", 1.1,
            "baseline_kaplan_meier_calibration_intercept", 0.1))));
    assertEquals(new BaselineScore(ScoreColumn.rankOnly("recency_days", "_baseline_recency_days"),
        new PlattCalibration(0.05, -2.0)), recency);
    // A run recorded before baselines were calibrated.
    assertEquals(km, OnsetScoring.baselineScore(COLUMNS, "roc_auc",
        Optional.of(rejected(Map.of("baseline_kaplan_meier_roc_auc", 0.75)))));
    // A baseline the configuration leaves out is never served.
    BaselineSpec noBgnbd = new BaselineSpec("recency", "", "", "", "km_p_disengage");
    assertEquals(new BaselineScore(ScoreColumn.probability("kaplan_meier",
            "_baseline_kaplan_meier"), new PlattCalibration(1.1, 0.1)),
        OnsetScoring.baselineScore(noBgnbd, "roc_auc", Optional.of(rejected(Map.of(
            "baseline_bgnbd_prob_no_transaction_roc_auc", 0.90,
            "baseline_bgnbd_prob_no_transaction_calibration_slope", 0.9,
            "baseline_bgnbd_prob_no_transaction_calibration_intercept", -0.2,
            "baseline_kaplan_meier_roc_auc", 0.75,
            "baseline_kaplan_meier_calibration_slope", 1.1,
            "baseline_kaplan_meier_calibration_intercept", 0.1)))));
  }
}
