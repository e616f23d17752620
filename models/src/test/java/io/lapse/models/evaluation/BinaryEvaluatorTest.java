package io.lapse.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BinaryEvaluatorTest {

  private static final StructType SCHEMA = new StructType()
      .add("segment", DataTypes.StringType)
      .add("score", DataTypes.DoubleType)
      .add("label", DataTypes.IntegerType);

  private static Dataset<Row> rows(Object[][] data) {
    List<Row> rows = new ArrayList<>();
    for (Object[] r : data) {
      rows.add(RowFactory.create(r));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  /**
   * Segment a: (0.9, 1) (0.9, 0) (0.6, 1) (0.4, 0) (0.2, 0); segment b: (0.8, 1) (0.7, 1)
   * (0.3, 0) (0.1, 0) (0.1, 1). By hand (top fraction 0.2, two calibration bins):
   * <ul>
   *   <li>ROC AUC as the share of (positive, negative) pairs ranked right, ties one half: a 4.5/6,
   *       b 4.5/6, overall 17/25.
   *   <li>PR AUC of a with MLlib's rule: points (0, 0.5) (0.5, 0.5) (1, 2/3) (1, 0.5) (1, 0.4),
   *       trapezoids 0.25 + 0.5 * (0.5 + 2/3) / 2.
   *   <li>Brier of a: (0.01 + 0.81 + 0.16 + 0.16 + 0.04) / 5 = 0.236.
   *   <li>Top 20% of a is 1 row, out of the two tied at 0.9 (one positive): 0.5 positives pro
   *       rata, capture 0.5 / 2 = 0.25, lift 0.25 / 0.2 = 1.25. Overall: 2 rows, both at 0.9,
   *       one positive: capture 1/5, lift 1.
   *   <li>Bins of a: rows below 0.9 start at ranks 0, 1, 2 of 5 (bin 1); 0.9 starts at 3 (bin 2):
   *       bin 1 = 3 rows, mean 0.4, rate 1/3; bin 2 = 2 rows, mean 0.9, rate 1/2.
   * </ul>
   */
  @Test
  void matchesHandComputedMetricsPerSegmentAndOverall() {
    Dataset<Row> data = rows(new Object[][] {
        {"a", 0.9, 1}, {"a", 0.9, 0}, {"a", 0.6, 1}, {"a", 0.4, 0}, {"a", 0.2, 0},
        {"b", 0.8, 1}, {"b", 0.7, 1}, {"b", 0.3, 0}, {"b", 0.1, 0}, {"b", 0.1, 1}});
    BinaryEvaluator evaluator =
        new BinaryEvaluator(new BinaryEvaluationSpec("label", "segment", 2, 0.2));
    BySegment<BinaryMetrics> m = evaluator.evaluate(data, ScoreColumn.probability("p", "score"));

    BinaryMetrics a = m.bySegment().get("a");
    assertEquals(5, a.rows());
    assertEquals(2, a.positives());
    assertEquals(0.75, a.rocAuc(), 1e-12);
    assertEquals(0.25 + 0.5 * (0.5 + 2.0 / 3) / 2, a.prAuc(), 1e-12);
    assertEquals(0.236, a.brier(), 1e-12);
    assertEquals(0.25, a.topCapture(), 1e-12);
    assertEquals(1.25, a.topLift(), 1e-12);
    assertEquals(rounded(List.of(new CalibrationBin(1, 3, 0.4, 1.0 / 3, 0.2, 0.6),
        new CalibrationBin(2, 2, 0.9, 0.5, 0.9, 0.9))), rounded(a.calibration()));

    assertEquals(0.75, m.bySegment().get("b").rocAuc(), 1e-12);
    assertEquals(17.0 / 25, m.overall().rocAuc(), 1e-12);
    assertEquals(10, m.overall().rows());
    assertEquals(0.2, m.overall().topCapture(), 1e-12);
    assertEquals(1.0, m.overall().topLift(), 1e-12);
  }

  /**
   * Scores evaluated together (one pass over the rows stacked by score) get exactly the metrics
   * each gets alone, including a rank-only score with another range, and keep the given order.
   */
  @Test
  void severalScoresInOnePassEqualEachAlone() {
    Dataset<Row> data = rows(new Object[][] {
        {"a", 0.9, 1}, {"a", 0.9, 0}, {"a", 0.6, 1}, {"a", 0.4, 0}, {"a", 0.2, 0},
        {"b", 0.8, 1}, {"b", 0.7, 1}, {"b", 0.3, 0}, {"b", 0.1, 0}, {"b", 0.1, 1}})
        .withColumn("days", org.apache.spark.sql.functions.expr("round((1 - score) * 40)"))
        .withColumn("flipped", org.apache.spark.sql.functions.expr("1 - score"));
    BinaryEvaluator evaluator =
        new BinaryEvaluator(new BinaryEvaluationSpec("label", "segment", 2, 0.2));
    List<ScoreColumn> scores = List.of(ScoreColumn.probability("p", "score"),
        ScoreColumn.rankOnly("recency", "days"), ScoreColumn.probability("q", "flipped"));
    java.util.Map<String, BySegment<BinaryMetrics>> together = evaluator.evaluateAll(data, scores);
    assertEquals(List.of("p", "recency", "q"), List.copyOf(together.keySet()));
    for (ScoreColumn s : scores) {
      BySegment<BinaryMetrics> alone = evaluator.evaluate(data, s);
      assertSame(alone.overall(), together.get(s.name()).overall());
      assertEquals(alone.bySegment().keySet(), together.get(s.name()).bySegment().keySet());
      alone.bySegment().forEach(
          (segment, m) -> assertSame(m, together.get(s.name()).bySegment().get(segment)));
    }
    // Not vacuous: the scores do differ.
    assertTrue(together.get("p").overall().rocAuc() > 0.5);
    assertTrue(together.get("q").overall().rocAuc() < 0.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluateAll(data, List.of(ScoreColumn.probability("p", "score"),
            ScoreColumn.probability("p", "flipped"))));
    assertEquals("score names must be unique but 'p' is given twice", e.getMessage());
  }

  /** Equal metrics, to the last bits a different order of summation may change. */
  private static void assertSame(BinaryMetrics expected, BinaryMetrics actual) {
    assertEquals(expected.toMap().keySet(), actual.toMap().keySet());
    expected.toMap().forEach((k, v) -> assertEquals(v, actual.toMap().get(k), 1e-12, k));
    assertEquals(rounded(expected.calibration()), rounded(actual.calibration()));
  }

  @Test
  void knownValuesOfPerfectInvertedAndConstantRankings() {
    Dataset<Row> data = rows(new Object[][] {
        {"perfect", 0.1, 0}, {"perfect", 0.2, 0}, {"perfect", 0.3, 0}, {"perfect", 0.8, 1},
        {"perfect", 0.9, 1},
        {"inverted", 0.9, 0}, {"inverted", 0.8, 0}, {"inverted", 0.3, 0}, {"inverted", 0.2, 1},
        {"inverted", 0.1, 1},
        {"constant", 0.5, 0}, {"constant", 0.5, 0}, {"constant", 0.5, 0}, {"constant", 0.5, 1},
        {"constant", 0.5, 1}});
    BySegment<BinaryMetrics> m = new BinaryEvaluator(BinaryEvaluationSpec.defaults())
        .evaluate(data, ScoreColumn.probability("p", "score"));
    BinaryMetrics p = m.bySegment().get("perfect");
    assertEquals(1.0, p.rocAuc(), 1e-12);
    assertEquals(1.0, p.prAuc(), 1e-12);

    BinaryMetrics i = m.bySegment().get("inverted");
    assertEquals(0.0, i.rocAuc(), 1e-12);
    // Precision 0 until recall 0.5 at precision 1/4, then recall 1 at precision 2/5.
    assertEquals(0.5 * 0.25 / 2 + 0.5 * (0.25 + 0.4) / 2, i.prAuc(), 1e-12);

    // A constant score ranks at random: ROC 1/2, PR the prevalence, lift 1.
    BinaryMetrics c = m.bySegment().get("constant");
    assertEquals(0.5, c.rocAuc(), 1e-12);
    assertEquals(0.4, c.prAuc(), 1e-12);
    assertEquals(1.0, c.topLift(), 1e-12);
    assertEquals((3 * 0.25 + 2 * 0.25) / 5, c.brier(), 1e-12);
  }

  @Test
  void oneClassHasNoAucAndBadInputsAreNamed() {
    BinaryEvaluator evaluator = new BinaryEvaluator(BinaryEvaluationSpec.defaults());
    BinaryMetrics none = evaluator.evaluate(rows(new Object[][] {{"s", 0.2, 0}, {"s", 0.4, 0}}),
        ScoreColumn.rankOnly("p", "score")).overall();
    assertTrue(Double.isNaN(none.rocAuc()));
    assertTrue(Double.isNaN(none.topLift()));
    // Rank-only: no Brier score and no calibration table.
    assertTrue(Double.isNaN(none.brier()));
    assertTrue(none.calibration().isEmpty());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(rows(new Object[][] {{"s", 1.5, 0}, {"s", 0.4, 1}}),
            ScoreColumn.probability("p", "score")));
    assertEquals("score 'p' is declared a probability but ranges over [0.4, 1.5] in segment 's'",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(rows(new Object[][] {{"s", 0.5, 2}}),
            ScoreColumn.rankOnly("p", "score")));
    assertEquals("label column 'label' must be 0 or 1 but is null or another value in 1 rows of"
        + " segment 's'", e.getMessage());
  }

  /** MLlib is the reference: random scores rounded to one decimal (many ties), three segments. */
  @Test
  void aucsAgreeWithMllibBinaryClassificationMetrics() {
    java.util.Random rnd = new java.util.Random(3);
    Object[][] data = new Object[600][];
    for (int i = 0; i < data.length; i++) {
      double score = Math.round(rnd.nextDouble() * 10) / 10.0;
      data[i] = new Object[] {"s" + (i % 3), score, rnd.nextDouble() < score * 0.8 ? 1 : 0};
    }
    Dataset<Row> df = rows(data);
    BySegment<BinaryMetrics> m = new BinaryEvaluator(BinaryEvaluationSpec.defaults())
        .evaluate(df, ScoreColumn.probability("p", "score"));
    for (String segment : List.of("s0", "s1", "s2")) {
      org.apache.spark.mllib.evaluation.BinaryClassificationMetrics reference =
          new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator()
              .setRawPredictionCol("score").setNumBins(0)
              .getMetrics(df.where(org.apache.spark.sql.functions.col("segment").equalTo(segment))
                  .selectExpr("score", "cast(label as double) as label"));
      assertEquals(reference.areaUnderROC(), m.bySegment().get(segment).rocAuc(), 1e-12, segment);
      assertEquals(reference.areaUnderPR(), m.bySegment().get(segment).prAuc(), 1e-12, segment);
      reference.unpersist();
    }
  }

  private static List<CalibrationBin> rounded(List<CalibrationBin> bins) {
    return bins.stream().map(b -> new CalibrationBin(b.bin(), b.rows(), r(b.meanPredicted()),
        r(b.observedRate()), b.minScore(), b.maxScore())).toList();
  }

  private static double r(double v) {
    return Math.round(v * 1e12) / 1e12;
  }
}
