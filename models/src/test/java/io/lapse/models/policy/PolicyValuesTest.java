package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PolicyValuesTest {

  @Test
  void clvValuesAreTheSegmentMeansOfScoredCustomersWithTheConfiguredVWhereNone() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> features = spark.createDataFrame(List.of(
        RowFactory.create("c1", "gold"), RowFactory.create("c2", "gold"),
        RowFactory.create("c3", "tin"), RowFactory.create("c4", "lead"),
        RowFactory.create("c5", "none")),
        new StructType().add("customer_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType));
    Dataset<Row> scores = spark.createDataFrame(List.of(
        RowFactory.create("c1", 100.0), RowFactory.create("c2", 50.0),
        RowFactory.create("c3", 0.0), RowFactory.create("c4", null),
        RowFactory.create("c5", 20.0)),
        new StructType().add("customer_id", DataTypes.StringType)
            .add("clv", DataTypes.DoubleType));
    Map<String, Double> values = PolicyValues.fromClv(features, scores, 7.0);
    // lead has no CLV: no entry, so the policy uses the configured V there as well.
    assertEquals(Map.of("ALL", 170.0 / 4, "gold", 75.0, "tin", 7.0, "none", 20.0), values);
  }
}
