package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PlattCalibrationTest {

  private static final int ROWS = 20_000;

  /**
   * Labels drawn with P(y = 1) = sigmoid(z), scores reported as sigmoid(a z + b): the calibration
   * that undoes it is slope 1 / a, intercept -b / a.
   */
  private static Dataset<Row> miscalibrated(double a, double b, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double z = random.nextGaussian() * 1.5;
      double truth = 1 / (1 + Math.exp(-z));
      double reported = 1 / (1 + Math.exp(-(a * z + b)));
      rows.add(RowFactory.create(reported, random.nextDouble() < truth ? 1.0 : 0.0));
    }
    StructType schema = new StructType().add("p", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    return TestSpark.session().createDataFrame(rows, schema);
  }

  @Test
  void recoversTheSlopeAndInterceptThatUndoAMiscalibration() {
    PlattCalibration c = PlattCalibration.fit(miscalibrated(2.0, 1.0, 7), "p", "label");
    // Expected 0.5 and -0.5. With 20,000 rows the standard errors of a one-feature logistic fit
    // are about 0.01 (slope) and 0.02 (intercept); 4 standard errors each.
    assertEquals(0.5, c.slope(), 0.04);
    assertEquals(-0.5, c.intercept(), 0.08);

    // Applied, the mean predicted probability matches the observed rate in each half of the
    // scores (it does not before: the reported scores are shifted up by b = 1 on the log-odds).
    Dataset<Row> scored = miscalibrated(2.0, 1.0, 7).withColumn("q", c.apply(col("p")));
    for (String half : new String[] {"p < 0.7", "p >= 0.7"}) {
      Row r = scored.where(half).agg(org.apache.spark.sql.functions.avg("q"),
          org.apache.spark.sql.functions.avg("label"), org.apache.spark.sql.functions.avg("p"))
          .first();
      assertEquals(r.getDouble(1), r.getDouble(0), 0.02, half + ": " + r);
    }
  }

  @Test
  void aCalibratedModelIsLeftAsItIs() {
    PlattCalibration c = PlattCalibration.fit(miscalibrated(1.0, 0.0, 11), "p", "label");
    assertEquals(1.0, c.slope(), 0.06);
    assertEquals(0.0, c.intercept(), 0.06);
  }

  @Test
  void aScoreThatIsNoProbabilityGetsTheLogisticCurveOfItsLabel() {
    // Days of recency, uniform 0..120, labels drawn with P(y = 1) = sigmoid(0.05 d - 2).
    Random random = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double d = random.nextInt(121);
      rows.add(RowFactory.create(d, random.nextDouble() < 1 / (1 + Math.exp(-(0.05 * d - 2)))
          ? 1.0 : 0.0));
    }
    Dataset<Row> scored = TestSpark.session().createDataFrame(rows, new StructType()
        .add("recency", DataTypes.DoubleType).add("label", DataTypes.DoubleType));
    PlattCalibration c = PlattCalibration.fitScore(scored, "recency", "label");
    // Standard errors with 20,000 rows: about 0.0005 (slope) and 0.035 (intercept); 4 each.
    assertEquals(0.05, c.slope(), 0.002);
    assertEquals(-2.0, c.intercept(), 0.15);
    Row at60 = scored.where("recency = 60").withColumn("q", c.applyToScore(col("recency")))
        .agg(org.apache.spark.sql.functions.avg("q")).first();
    assertEquals(1 / (1 + Math.exp(-1.0)), at60.getDouble(0), 0.02);
  }

  @Test
  void aReversedRankingIsNotCalibratedAway() {
    assertEquals(PlattCalibration.identity(),
        PlattCalibration.fit(miscalibrated(-1.0, 0.0, 13), "p", "label"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PlattCalibration(Double.NaN, 0));
    assertEquals("calibration slope and intercept must be finite but were NaN and 0.0",
        e.getMessage());
  }
}
