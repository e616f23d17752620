package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.BinaryEvaluator;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.BySegment;
import io.lapse.models.evaluation.ScoreColumn;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SegmentClassifierTrainerTest {

  private static final LocalDate VALIDATION = LocalDate.of(2025, 4, 1);

  /**
   * On the validation snapshot, each segment's chosen model must beat the recency rule clearly,
   * and come close to the true probabilities (the best any model can do), without exceeding
   * them by more than noise (which would mean the label leaked).
   */
  @Test
  void beatsTheRecencyRuleAndNearsTheTruthPerSegment() {
    SegmentClassifiers fitted = FittedFixture.classifiers();
    Dataset<Row> validation = FittedFixture.examples()
        .where(col("snapshot_date").equalTo(Date.valueOf(VALIDATION)));
    BySegment<BinaryMetrics> oracle = new BinaryEvaluator(BinaryEvaluationSpec.defaults())
        .evaluate(validation, ScoreColumn.probability("truth", "true_p"));
    for (String segment : List.of("A")) {
      FittedClassifier f = fitted.bySegment().get(segment);
      assertFalse(f.isFallback(), segment);
      assertEquals(VALIDATION, f.validationStart());
      assertEquals(LocalDate.of(2025, 1, 1), f.trainingStart());
      double model = f.validationMetric();
      double recency = f.baselineMetrics().get(Baselines.RECENCY);
      double truth = oracle.bySegment().get(segment).rocAuc();
      String detail = segment + ": model " + model + ", recency " + recency + ", truth " + truth
          + ", " + f.candidates();
      assertTrue(f.beatsBaseline(), f.verdict().describe());
      assertTrue(model > recency + 0.05, detail);
      assertTrue(model > truth - 0.03, detail);
      assertTrue(model < truth + 0.02, detail);
      assertEquals(2, f.candidates().size());
      assertEquals(400, f.validationRows());
      assertEquals("42", f.recordedParameters().get("seed"));
    }
  }

  @Test
  void tinySegmentUsesTheGlobalModelAndSaysWhy() {
    SegmentClassifiers fitted = FittedFixture.classifiers();
    FittedClassifier tiny = fitted.bySegment().get("tiny");
    assertTrue(tiny.isFallback());
    assertEquals("ALL", tiny.fittedSegment());
    assertEquals("segment 'tiny': 40 rows < min-rows 200; uses the global model ALL",
        tiny.fallbackReason());
    // The calibrated global model is the candidate fitted on the training snapshots: 3 of the 4
    // snapshots of 400 + 10 (the fourth validates and calibrates it).
    assertEquals(1230, tiny.trainingRows());

    Dataset<Row> scored = fitted.score(FittedFixture.examples());
    assertEquals(1640, scored.count());
    List<Row> bySegment = scored.groupBy("segment", SegmentClassifiers.MODEL_SEGMENT).count()
        .orderBy("segment").collectAsList();
    assertEquals("[[A,A,1600], [tiny,ALL,40]]", bySegment.toString());
    Row range = scored.agg(org.apache.spark.sql.functions.min(SegmentClassifiers.P_DISENGAGE),
        org.apache.spark.sql.functions.max(SegmentClassifiers.P_DISENGAGE)).first();
    assertTrue(range.getDouble(0) > 0 && range.getDouble(1) < 1, range.toString());
  }

  @Test
  void missingColumnsAndBadSpecsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SegmentClassifierTrainer(GeneratedExamples.spec()
            .withFeatureColumns(List.of("recency_days", "nope")), BaselineSpec.defaults())
            .fit(FittedFixture.examples()));
    assertTrue(e.getMessage().startsWith("classifier examples lack column 'nope'; columns: "),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GeneratedExamples.spec().withHorizonDays(0));
    assertEquals("classifier horizon-days must be >= 1 but was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CandidateGrid(List.of(-1.0), 0, 10, List.of(), 10, 0.1));
    assertEquals("logistic reg-params must be >= 0 but contained -1.0", e.getMessage());
  }
}
