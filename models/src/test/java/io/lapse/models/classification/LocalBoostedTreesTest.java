package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBoostedTreesTest {

  private static final StructType SCHEMA = new StructType()
      .add("features", SQLDataTypes.VectorType(), false)
      .add("label", DataTypes.DoubleType, false);

  /**
   * Rows shaped like lapse's features: a skewed count with many zeros and ties, two continuous
   * features, a copy of the count (collinear features tie on every split: the first must win), a
   * constant, a 0/1 flag and a feature with fewer distinct values than bins. The label depends on
   * them non-linearly, with noise.
   */
  private static List<Row> rows(int n, long seed) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double count = Math.floor(-Math.log(1 - random.nextDouble()) * 2);
      double recency = Math.round(random.nextDouble() * 365);
      double spend = Math.exp(random.nextGaussian());
      double flag = random.nextDouble() < 0.3 ? 1 : 0;
      double level = random.nextInt(5);
      double risk = 0.01 * recency - 0.8 * Math.min(count, 3) + (flag == 1 && spend > 1 ? 1 : 0)
          - 1.5 + 0.3 * level;
      double label = random.nextDouble() < 1 / (1 + Math.exp(-risk)) ? 1 : 0;
      out.add(RowFactory.create(Vectors.dense(count, recency, spend, count, 7.0, flag, level),
          label));
    }
    return out;
  }

  private static GBTClassifier gbt(int depth, int iterations, int bins) {
    return new GBTClassifier().setFeaturesCol("features").setLabelCol("label")
        .setMaxDepth(depth).setMaxIter(iterations).setStepSize(0.1).setMaxBins(bins)
        .setSubsamplingRate(1.0).setFeatureSubsetStrategy("all").setSeed(42)
        .setProbabilityCol("p").setRawPredictionCol("raw").setPredictionCol("prediction");
  }

  private static double[][] x(List<Row> rows) {
    return rows.stream().map(r -> ((Vector) r.get(0)).toArray()).toArray(double[][]::new);
  }

  private static double[] y(List<Row> rows) {
    return rows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
  }

  /**
   * MLlib's GBTClassifier on the same rows in one partition (so its sums add up in the same
   * order) gives the same trees: same split features and thresholds, same leaf values to the last
   * bits, hence the same probabilities. 3,000 rows: MLlib finds its split candidates on every row
   * up to 10,000.
   */
  @Test
  void sameTreesAsMllib() {
    for (int[] setting : new int[][] {{3, 30, 32}, {5, 10, 8}, {1, 5, 32}}) {
      List<Row> data = rows(3_000, setting[0]);
      Dataset<Row> frame = TestSpark.session().createDataFrame(data, SCHEMA).coalesce(1);
      GBTClassifier estimator = gbt(setting[0], setting[1], setting[2]);
      GBTClassificationModel mllib = estimator.fit(frame);
      GBTClassificationModel local = LocalBoostedTrees.fit(estimator, x(data), y(data));
      String what = "depth " + setting[0] + ", " + setting[1] + " trees, " + setting[2] + " bins";
      assertEquals(mllib.getNumTrees(), local.getNumTrees(), what);
      for (int t = 0; t < mllib.getNumTrees(); t++) {
        assertEquals(mllib.trees()[t].toDebugString().replaceAll("^.*\n", ""),
            local.trees()[t].toDebugString().replaceAll("^.*\n", ""), what + ", tree " + t);
      }
      assertEquals(Arrays.toString(mllib.treeWeights()), Arrays.toString(local.treeWeights()),
          what);
      List<Row> a = mllib.transform(frame).select("p").collectAsList();
      List<Row> b = local.transform(frame).select("p").collectAsList();
      for (int i = 0; i < a.size(); i++) {
        assertEquals(((Vector) a.get(i).get(0)).apply(1), ((Vector) b.get(i).get(0)).apply(1),
            1e-12, what + ", row " + i);
      }
      // Not vacuous: the trees split, and the model separates the rows.
      assertTrue(local.trees()[0].numNodes() > 1, what);
      assertFalse(((Vector) b.get(0).get(0)).apply(1) == ((Vector) b.get(1).get(0)).apply(1));
    }
  }

  /** The model keeps the estimator's columns, saves and loads as MLlib's own. */
  @Test
  void savesAndLoadsAsAnMllibModel(@TempDir Path dir) throws Exception {
    Dataset<Row> frame = TestSpark.session().createDataFrame(rows(500, 7), SCHEMA);
    List<Row> data = frame.collectAsList();
    GBTClassificationModel local = LocalBoostedTrees.fit(gbt(3, 5, 32), x(data), y(data));
    assertEquals("p", local.getProbabilityCol());
    assertEquals(7, local.numFeatures());
    local.write().overwrite().save(dir.resolve("gbt").toString());
    GBTClassificationModel loaded = GBTClassificationModel.load(dir.resolve("gbt").toString());
    assertEquals(local.transform(frame).select("p").collectAsList(),
        loaded.transform(frame).select("p").collectAsList());
    assertEquals(local.featureImportances(), loaded.featureImportances());
  }

  @Test
  void settingsMllibWouldFitDifferentlyAreRefused() {
    assertFalse(LocalBoostedTrees.supports(gbt(3, 5, 32).setSubsamplingRate(0.5)));
    assertFalse(LocalBoostedTrees.supports(gbt(3, 5, 32).setWeightCol("w")));
    assertFalse(LocalBoostedTrees.supports(gbt(3, 5, 32).setValidationIndicatorCol("validation")));
    assertTrue(LocalBoostedTrees.supports(gbt(3, 5, 32).setFeatureSubsetStrategy("auto")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalBoostedTrees.fit(gbt(3, 5, 32), new double[][] {{1}, {2}}, new double[] {0, 2}));
    assertEquals("boosted trees need labels 0 or 1 but row 1 has 2.0", e.getMessage());
  }
}
