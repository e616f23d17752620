package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NewtonLogisticTest {

  private static final double[] TRUE_COEFFICIENTS = {0.8, -1.2, 0.05};
  private static final double TRUE_INTERCEPT = -0.7;

  /** Features on very different scales (as days and probabilities are), labels from the truth. */
  private static double[][] features(int n, Random random) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {random.nextGaussian(), 0.3 * random.nextGaussian() + 2,
          40 * random.nextGaussian() + 100};
    }
    return x;
  }

  private static double[] labels(double[][] x, Random random) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double eta = TRUE_INTERCEPT;
      for (int j = 0; j < x[i].length; j++) {
        eta += TRUE_COEFFICIENTS[j] * x[i][j];
      }
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0;
    }
    return y;
  }

  /** MLlib's fit of the same objective, run to a tight tolerance. */
  private static LogisticRegressionModel mllib(double[][] x, double[] y, double regParam) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(y[i], Vectors.dense(x[i])));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", new VectorUDT());
    return new LogisticRegression().setRegParam(regParam).setElasticNetParam(0.0)
        .setStandardization(false).setMaxIter(1000).setTol(1e-12)
        .fit(TestSpark.session().createDataFrame(rows, schema));
  }

  @Test
  void agreesWithMllibWithAndWithoutPenalty() {
    Random random = new Random(7);
    double[][] x = features(5_000, random);
    double[] y = labels(x, random);
    for (double reg : new double[] {0.0, 0.05}) {
      NewtonLogistic.Fit fit = NewtonLogistic.fit(x, y, reg, 100);
      LogisticRegressionModel reference = mllib(x, y, reg);
      assertTrue(fit.converged(), "reg " + reg + ": " + fit.iterations() + " steps");
      assertTrue(fit.iterations() <= 15, "reg " + reg + ": " + fit.iterations() + " steps");
      // MLlib stops at a relative objective change of 1e-12; the optimum it nears is this one.
      for (int j = 0; j < x[0].length; j++) {
        assertEquals(reference.coefficients().apply(j), fit.coefficients()[j], 1e-4,
            "reg " + reg + ", coefficient " + j);
      }
      assertEquals(reference.intercept(), fit.intercept(), 1e-3, "reg " + reg + ", intercept");
    }
  }

  @Test
  void recoversTheTruthOfGeneratedData() {
    Random random = new Random(11);
    double[][] x = features(100_000, random);
    NewtonLogistic.Fit fit = NewtonLogistic.fit(x, labels(x, random), 0.0, 100);
    // Standard errors at n = 1e5, 1 / sqrt(n var(x) E[p(1 - p)]): about 0.007, 0.024 and 0.0002;
    // the bounds are 5 to 7 of them.
    assertEquals(TRUE_COEFFICIENTS[0], fit.coefficients()[0], 0.04);
    assertEquals(TRUE_COEFFICIENTS[1], fit.coefficients()[1], 0.16);
    assertEquals(TRUE_COEFFICIENTS[2], fit.coefficients()[2], 0.0012);
    assertEquals(TRUE_INTERCEPT, fit.intercept(), 0.4);
  }

  @Test
  void aDuplicatedFeatureWithoutPenaltyStaysFinite() {
    Random random = new Random(3);
    double[][] x = features(2_000, random);
    double[] y = labels(x, random);
    double[][] doubled = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      doubled[i] = new double[] {x[i][0], x[i][0], x[i][1], x[i][2]};
    }
    NewtonLogistic.Fit single = NewtonLogistic.fit(x, y, 0.0, 100);
    NewtonLogistic.Fit twice = NewtonLogistic.fit(doubled, y, 0.0, 100);
    // Only the sum of the twin coefficients is identified; it is the single feature's.
    assertEquals(single.coefficients()[0], twice.coefficients()[0] + twice.coefficients()[1],
        1e-4);
    assertEquals(single.coefficients()[2], twice.coefficients()[3], 1e-6);
  }

  @Test
  void aConstantFeatureGetsNoWeight() {
    Random random = new Random(5);
    double[][] x = features(2_000, random);
    double[] y = labels(x, random);
    for (double[] row : x) {
      row[1] = 3.0;
    }
    NewtonLogistic.Fit fit = NewtonLogistic.fit(x, y, 0.0, 100);
    assertEquals(0.0, fit.coefficients()[1], 0.0);
    assertTrue(fit.converged());
  }

  @Test
  void refusesLabelsOtherThanZeroOrOneAndRaggedRows() {
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> NewtonLogistic.fit(new double[][] {{1}, {2}}, new double[] {0, 2}, 0, 10));
    assertEquals("labels must be 0 or 1 but one was 2.0", label.getMessage());
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> NewtonLogistic.fit(new double[][] {{1, 2}, {2}}, new double[] {0, 1}, 0, 10));
    assertEquals("every row needs 2 features but one has 1", ragged.getMessage());
  }
}
