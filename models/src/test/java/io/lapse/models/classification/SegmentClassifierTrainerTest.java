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

  /**
   * Rolling origin: a candidate that lost the latest validation but won one fold earlier by more
   * than it lost is chosen on the mean; an earlier fit of another grid is ignored.
   */
  @Test
  void candidatesAreComparedOnTheirMeanOverTheEarlierFoldAndTheLatest() {
    SegmentClassifiers latestOnly = FittedFixture.classifiers();
    FittedClassifier a = latestOnly.bySegment().get("A");
    List<CandidateResult> latest = a.candidates();
    int chosen = latest.stream().map(CandidateResult::candidate).toList().indexOf(a.chosen());
    int other = 1 - chosen;
    double gap = latest.get(chosen).validationMetric() - latest.get(other).validationMetric();
    assertTrue(gap >= 0, latest.toString());
    double[] earlierMetrics = new double[2];
    earlierMetrics[chosen] = 0.70;
    earlierMetrics[other] = 0.70 + gap + 0.01;
    SegmentClassifiers earlier = withCandidates(latestOnly, List.of(
        new CandidateResult(latest.get(0).candidate(), earlierMetrics[0]),
        new CandidateResult(latest.get(1).candidate(), earlierMetrics[1])));

    // Three fits at a time: the fixture fitted one after another.
    SegmentClassifiers rolled = new SegmentClassifierTrainer(GeneratedExamples.spec(),
        BaselineSpec.defaults(), 3).fit(FittedFixture.examples(), earlier);
    // Equal up to the last bits: Spark's sums are not ordered the same way in every run.
    latestOnly.bySegment().forEach((segment, f) -> {
      List<CandidateResult> once = rolled.bySegment().get(segment).candidates();
      assertEquals(f.candidates().size(), once.size(), segment);
      for (int i = 0; i < once.size(); i++) {
        assertEquals(f.candidates().get(i).validationMetric(), once.get(i).validationMetric(),
            1e-12, "candidate " + i + " of segment " + segment + " fitted at once and one by one");
      }
    });

    FittedClassifier r = rolled.bySegment().get("A");
    assertEquals(latest.get(other).candidate(), r.chosen());
    assertEquals(latest.get(other).validationMetric(), r.validationMetric(), 1e-12);
    double mean = (latest.get(other).validationMetric() + earlierMetrics[other]) / 2;
    assertEquals(mean, r.recordedMetrics().get("selection_roc_auc"), 1e-12);
    assertEquals(r.validationMetric(), r.recordedMetrics().get("validation_roc_auc"), 1e-12);
    // Without an earlier fold (or with another grid) the latest fold decides alone.
    assertEquals(a.validationMetric(), a.recordedMetrics().get("selection_roc_auc"), 1e-12);
    SegmentClassifiers otherGrid = withCandidates(latestOnly,
        List.of(new CandidateResult(latest.get(0).candidate(), 0.5)));
    assertEquals(a.chosen(), new SegmentClassifierTrainer(GeneratedExamples.spec(),
        BaselineSpec.defaults()).fit(FittedFixture.examples(), otherGrid)
        .bySegment().get("A").chosen());
  }

  /** {@code fitted} with every group's candidate results replaced, as an earlier fold. */
  private static SegmentClassifiers withCandidates(SegmentClassifiers fitted,
      List<CandidateResult> candidates) {
    java.util.TreeMap<String, FittedClassifier> out = new java.util.TreeMap<>();
    fitted.bySegment().forEach((s, f) -> out.put(s, new FittedClassifier(f.segment(),
        f.fittedSegment(), f.fallbackReason(), f.chosen(), f.seed(), f.featureColumns(),
        f.trainingStart(), f.trainingEnd(), f.validationStart(), f.validationEnd(),
        f.trainingRows(), f.validationRows(), f.selectionMetric(), candidates,
        f.baselineMetrics(), f.verdict(), f.model(), f.calibration(),
        f.baselineCalibrations())));
    return new SegmentClassifiers(fitted.segmentColumn(), out);
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
