package io.lapse.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ConcordanceEvaluatorTest {

  @Test
  void perSegmentAndOverallMatchTheDirectComputationAndTheGuardSamples() {
    StructType schema = new StructType().add("segment", DataTypes.StringType)
        .add("duration_days", DataTypes.IntegerType).add("event", DataTypes.BooleanType)
        .add("predicted", DataTypes.DoubleType);
    // Segment x is the hand example of ConcordanceIndexTest (C = 0.625); y is ranked perfectly.
    Object[][] data = {{"x", 2, true, 3.0}, {"x", 4, true, 5.0}, {"x", 4, false, 4.0},
        {"x", 4, true, 5.0}, {"x", 6, false, 5.0},
        {"y", 1, true, 1.0}, {"y", 3, true, 2.0}, {"y", 5, false, 9.0}};
    List<Row> rows = new ArrayList<>();
    for (Object[] r : data) {
      rows.add(RowFactory.create(r));
    }
    Dataset<Row> df = TestSpark.session().createDataFrame(rows, schema);
    BySegment<Concordance> c = new ConcordanceEvaluator(ConcordanceSpec.defaults())
        .ofPredictedTimes(df, "predicted");
    assertEquals(0.625, c.bySegment().get("x").index(), 1e-15);
    assertEquals(1.0, c.bySegment().get("y").index(), 1e-15);
    Concordance direct = ConcordanceIndex.ofPredictedTimes(
        new double[] {2, 4, 4, 4, 6, 1, 3, 5},
        new boolean[] {true, true, false, true, false, true, true, false},
        new double[] {3, 5, 4, 5, 5, 1, 2, 9});
    assertEquals(direct, c.overall());
    assertFalse(c.overall().sampled());

    BySegment<Concordance> guarded = new ConcordanceEvaluator(
        ConcordanceSpec.defaults().withMaxRowsPerSegment(4)).ofPredictedTimes(df, "predicted");
    assertTrue(guarded.bySegment().get("x").sampled());
    assertEquals(5, guarded.bySegment().get("x").sampledFrom());
    assertFalse(guarded.bySegment().get("y").sampled());
    assertTrue(guarded.overall().sampled());
  }

  /**
   * Scores evaluated together (each segment's rows collected once with every score) get the
   * indexes each gets alone: a predicted time, a risk score and its negation (the same ranking,
   * so the same index), keyed in the given order.
   */
  @Test
  void severalScoresTogetherEqualEachAlone() {
    StructType schema = new StructType().add("segment", DataTypes.StringType)
        .add("duration_days", DataTypes.IntegerType).add("event", DataTypes.BooleanType)
        .add("predicted", DataTypes.DoubleType).add("risk", DataTypes.DoubleType);
    Object[][] data = {{"x", 2, true, 3.0, 0.9}, {"x", 4, true, 5.0, 0.2},
        {"x", 4, false, 4.0, 0.5}, {"x", 4, true, 5.0, 0.4}, {"x", 6, false, 5.0, 0.1},
        {"y", 1, true, 1.0, 0.3}, {"y", 3, true, 2.0, 0.8}, {"y", 5, false, 9.0, 0.1}};
    List<Row> rows = new ArrayList<>();
    for (Object[] r : data) {
      rows.add(RowFactory.create(r));
    }
    Dataset<Row> df = TestSpark.session().createDataFrame(rows, schema)
        .withColumn("minus_risk", org.apache.spark.sql.functions.expr("-risk"));
    ConcordanceEvaluator evaluator = new ConcordanceEvaluator(ConcordanceSpec.defaults());
    java.util.Map<String, BySegment<Concordance>> together = evaluator.evaluateAll(df, List.of(
        ConcordanceEvaluator.Score.predictedTime("time", "predicted"),
        ConcordanceEvaluator.Score.risk("risk", "risk"),
        ConcordanceEvaluator.Score.predictedTime("negated", "minus_risk")));
    assertEquals(List.of("time", "risk", "negated"), List.copyOf(together.keySet()));
    assertEquals(evaluator.ofPredictedTimes(df, "predicted"), together.get("time"));
    assertEquals(evaluator.ofRiskScores(df, "risk"), together.get("risk"));
    assertEquals(together.get("risk"), together.get("negated"));
    // Not vacuous: the two rankings differ.
    assertFalse(together.get("time").overall().equals(together.get("risk").overall()));
  }
}
