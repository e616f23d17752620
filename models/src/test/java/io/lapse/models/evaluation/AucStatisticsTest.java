package io.lapse.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AucStatisticsTest {

  @Test
  void aucsAreTheMannWhitneyStatisticWithTiesCountingOneHalf() {
    double[] labels = {1, 1, 0, 0, 0};
    double[] s1 = {0.9, 0.4, 0.4, 0.2, 0.1};
    double[] s2 = {0.1, 0.2, 0.3, 0.4, 0.5};
    double[] d = AucStatistics.deLong(labels, s1, s2);
    // pairs (pos, neg): 0.9 beats all 3; 0.4 ties one, beats two -> (3 + 2.5) / 6
    assertEquals(5.5 / 6, d[0], 1e-12);
    assertEquals(0.0, d[1], 1e-12);
  }

  @Test
  void rocAucCountsTiesOneHalfAndAgreesWithDeLongsOnRandomScores() {
    double[] labels = {1, 1, 0, 0, 0};
    assertEquals(5.5 / 6, AucStatistics.rocAuc(labels, new double[] {0.9, 0.4, 0.4, 0.2, 0.1}),
        1e-12);
    assertEquals(0.5, AucStatistics.rocAuc(labels, new double[] {1, 1, 1, 1, 1}), 1e-12);
    assertTrue(Double.isNaN(AucStatistics.rocAuc(new double[] {1, 1}, new double[] {0.2, 0.3})));
    Random random = new Random(3);
    double[] y = new double[5_000];
    double[] score = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextDouble() < 0.3 ? 1 : 0;
      // Rounded to two decimals: many ties.
      score[i] = Math.round((y[i] + random.nextGaussian()) * 100) / 100.0;
    }
    assertEquals(AucStatistics.deLong(y, score, score)[0], AucStatistics.rocAuc(y, score), 1e-12);
  }

  /** The trainer's in-JVM AUC must be the metric MLlib's exact evaluator gives (numBins = 0). */
  @Test
  void rocAucEqualsMllibsExactEvaluatorWithTies() {
    Random random = new Random(9);
    List<Row> rows = new ArrayList<>();
    double[] y = new double[3_000];
    double[] score = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextDouble() < 0.2 ? 1 : 0;
      score[i] = Math.round((y[i] + random.nextGaussian()) * 20) / 20.0;
      rows.add(RowFactory.create(y[i], score[i]));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("score", DataTypes.DoubleType);
    double mllib = new BinaryClassificationEvaluator().setLabelCol("label")
        .setRawPredictionCol("score").setNumBins(0).setMetricName("areaUnderROC")
        .evaluate(TestSpark.session().createDataFrame(rows, schema));
    assertEquals(mllib, AucStatistics.rocAuc(y, score), 1e-12);
  }

  /**
   * Ground truth by simulation: two correlated scores of the same rows, 2,000 replicates; the
   * spread of the AUC difference across replicates is the true standard error. DeLong's estimate
   * (mean over replicates) must be within 10% of it: with 2,000 replicates the spread itself is
   * known to about 1.6% (1 / sqrt(2 x 2000)), so 10% leaves room only for a wrong formula.
   */
  @Test
  void pairedStandardErrorMatchesTheSpreadOfSimulatedDifferences() {
    Random random = new Random(7);
    int n = 600;
    int replicates = 2000;
    double sum = 0;
    double sumSq = 0;
    double meanSe = 0;
    for (int r = 0; r < replicates; r++) {
      double[] labels = new double[n];
      double[] s1 = new double[n];
      double[] s2 = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
        double shared = random.nextGaussian();
        s1[i] = labels[i] * 1.0 + shared + 0.6 * random.nextGaussian();
        s2[i] = labels[i] * 0.9 + shared + 0.6 * random.nextGaussian();
      }
      double[] d = AucStatistics.deLong(labels, s1, s2);
      double diff = d[0] - d[1];
      sum += diff;
      sumSq += diff * diff;
      meanSe += d[2] / replicates;
    }
    double mean = sum / replicates;
    double spread = Math.sqrt((sumSq - replicates * mean * mean) / (replicates - 1));
    assertTrue(Math.abs(meanSe / spread - 1) < 0.10, "DeLong SE " + meanSe
        + " vs simulated spread " + spread);
  }

  @Test
  void hanleyMcNeilIsUndefinedWithoutBothClasses() {
    assertTrue(Double.isNaN(AucStatistics.hanleyMcNeil(0.8, 0, 10)));
  }
}
