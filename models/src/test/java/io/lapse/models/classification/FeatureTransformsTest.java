package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FeatureTransformsTest {

  private final FeatureTransforms transforms =
      new FeatureTransforms(List.of("days"), List.of("p"));

  @Test
  void log1pAndLogitByHand() {
    StructType schema = new StructType().add("days", DataTypes.IntegerType)
        .add("p", DataTypes.DoubleType).add("other", DataTypes.DoubleType);
    Dataset<Row> rows = TestSpark.session().createDataFrame(List.of(
        RowFactory.create(3, 0.5, 7.0),
        RowFactory.create(-2, 1.0, 7.0),
        RowFactory.create(null, 0.0, 7.0)), schema);
    List<String> features = List.of("days", "p", "other");
    assertEquals(List.of("_t_days", "_t_p", "other"), transforms.outputs(features));
    List<Row> out = transforms.stage(features).transform(rows)
        .select("_t_days", "_t_p", "other").collectAsList();
    assertEquals(Math.log(4), out.get(0).getDouble(0), 1e-12);
    assertEquals(0.0, out.get(0).getDouble(1), 1e-12);
    // Negative days count as 0; probabilities 0 and 1 are clipped to 1e-6 from the ends.
    assertEquals(0.0, out.get(1).getDouble(0), 1e-12);
    assertEquals(Math.log((1 - 1e-6) / 1e-6), out.get(1).getDouble(1), 1e-6);
    assertNull(out.get(2).get(0)); // left for the imputer
    assertEquals(-Math.log((1 - 1e-6) / 1e-6), out.get(2).getDouble(1), 1e-6);
    assertEquals(7.0, out.get(2).getDouble(2));
  }

  @Test
  void badTransformsAreNamed() {
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> new FeatureTransforms(List.of("p", "x"), List.of("p")));
    assertEquals("features [p] are in both the log1p and the logit transforms; give each one"
        + " transform", both.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> transforms.requireFeatures(List.of("p")));
    assertEquals("transformed columns [days] are not among the features [p]",
        unknown.getMessage());
  }
}
