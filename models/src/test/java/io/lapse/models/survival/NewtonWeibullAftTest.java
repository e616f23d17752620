package io.lapse.models.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.AFTSurvivalRegression;
import org.apache.spark.ml.regression.AFTSurvivalRegressionModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NewtonWeibullAftTest {

  private static final double[] TRUE_COEFFICIENTS = {0.5, -0.02};
  private static final double TRUE_INTERCEPT = 3.0;
  private static final double TRUE_SCALE = 0.6;

  /**
   * Weibull times, log T = 3 + 0.5 x1 - 0.02 x2 + 0.6 e with e minimum extreme value
   * (e = log(-log U)), censored at an independent uniform time (about a third of the rows).
   */
  private record Data(double[][] x, double[] durations, double[] events) {

    static Data generate(int n, long seed) {
      Random random = new Random(seed);
      double[][] x = new double[n][];
      double[] t = new double[n];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = new double[] {random.nextGaussian(), 50 + 20 * random.nextGaussian()};
        double e = Math.log(-Math.log(1 - random.nextDouble()));
        double onset = Math.exp(TRUE_INTERCEPT + TRUE_COEFFICIENTS[0] * x[i][0]
            + TRUE_COEFFICIENTS[1] * x[i][1] + TRUE_SCALE * e);
        double censor = 1 + 40 * random.nextDouble();
        t[i] = Math.min(onset, censor);
        d[i] = onset <= censor ? 1.0 : 0.0;
      }
      return new Data(x, t, d);
    }
  }

  @Test
  void agreesWithMllib() {
    Data data = Data.generate(3_000, 17);
    NewtonWeibullAft.Fit fit = NewtonWeibullAft.fit(data.x(), data.durations(), data.events(),
        100);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.x().length; i++) {
      rows.add(RowFactory.create(data.durations()[i], data.events()[i],
          Vectors.dense(data.x()[i])));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("censor", DataTypes.DoubleType).add("features", new VectorUDT());
    AFTSurvivalRegressionModel reference = new AFTSurvivalRegression().setMaxIter(1000)
        .setTol(1e-12).fit(TestSpark.session().createDataFrame(rows, schema));
    assertTrue(fit.converged(), fit.iterations() + " steps");
    assertTrue(fit.iterations() <= 20, fit.iterations() + " steps");
    // MLlib stops at a relative objective change of 1e-12 short of this optimum.
    for (int j = 0; j < 2; j++) {
      assertEquals(reference.coefficients().apply(j), fit.coefficients()[j], 1e-4,
          "coefficient " + j);
    }
    assertEquals(reference.intercept(), fit.intercept(), 1e-3);
    assertEquals(reference.scale(), fit.scale(), 1e-4);
  }

  @Test
  void recoversTheTruthOfGeneratedData() {
    Data data = Data.generate(50_000, 23);
    NewtonWeibullAft.Fit fit = NewtonWeibullAft.fit(data.x(), data.durations(), data.events(),
        100);
    // At n = 5e4 the sampling error is a few thousandths: the bounds catch a wrong sign, the
    // first coefficient off by 2.5% or the scale off by 1.7%.
    assertEquals(TRUE_COEFFICIENTS[0], fit.coefficients()[0], 0.012);
    assertEquals(TRUE_COEFFICIENTS[1], fit.coefficients()[1], 0.0006);
    assertEquals(TRUE_INTERCEPT, fit.intercept(), 0.032);
    assertEquals(TRUE_SCALE, fit.scale(), 0.01);
  }

  @Test
  void refusesNonPositiveDurationsAndOtherEvents() {
    double[][] x = {{1}, {2}};
    IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
        () -> NewtonWeibullAft.fit(x, new double[] {1, 0}, new double[] {1, 1}, 10));
    assertEquals("durations must be finite and > 0 but one was 0.0", duration.getMessage());
    IllegalArgumentException event = assertThrows(IllegalArgumentException.class,
        () -> NewtonWeibullAft.fit(x, new double[] {1, 2}, new double[] {1, 0.5}, 10));
    assertEquals("events must be 0 or 1 but one was 0.5", event.getMessage());
  }
}
