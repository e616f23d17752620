package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegmentSpendTest {

  private static final StructType REPEAT = new StructType()
      .add("segment", DataTypes.StringType, false)
      .add(RepeatSpend.X, DataTypes.IntegerType, false)
      .add(RepeatSpend.TOTAL, DataTypes.DoubleType, false);

  /** CDNOW's repeat customers, half in segment a and half in b. */
  private static Dataset<Row> cdnow(SparkSession spark) throws Exception {
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (CdnowSpend.Customer c : CdnowSpend.customers()) {
      if (c.x() >= 1 && c.total() > 0) {
        rows.add(RowFactory.create(i++ % 2 == 0 ? "a" : "b", c.x(), c.total()));
      }
    }
    return spark.createDataFrame(rows, REPEAT);
  }

  @Test
  void clusterSumsFitWhatTheDriverGroupingFits() throws Exception {
    SparkSession spark = TestSpark.session();
    Dataset<Row> repeat = cdnow(spark);
    GammaGammaFit inMemory;
    double correlation;
    try (SegmentSpend grouped = SegmentSpend.of(repeat, 200_000)) {
      assertEquals(List.of("ALL", "a", "b"), List.copyOf(grouped.bySegment().keySet()));
      RepeatSpendStatistics all = grouped.bySegment().get("ALL");
      assertEquals(946, all.customers());
      correlation = all.correlation();
      inMemory = GammaGammaFitter.fit(all);
    }
    // One distinct (x, cents) allowed on the driver: every segment takes the cluster path.
    try (SegmentSpend cluster = SegmentSpend.of(repeat, 1)) {
      RepeatSpendStatistics all = cluster.bySegment().get("ALL");
      assertTrue(all.sums() instanceof SparkGammaSums);
      assertEquals(946, all.customers());
      assertEquals(correlation, all.correlation(), 1e-12);
      GammaGammaFit fit = GammaGammaFitter.fit(all);
      assertTrue(fit.converged(), fit.toString());
      assertEquals(inMemory.params().p(), fit.params().p(), 1e-6 * inMemory.params().p());
      assertEquals(inMemory.params().q(), fit.params().q(), 1e-6 * inMemory.params().q());
      assertEquals(inMemory.params().gamma(), fit.params().gamma(),
          1e-6 * inMemory.params().gamma());
      assertEquals(inMemory.logLikelihood(), fit.logLikelihood(), 1e-6);
    }
  }

  @Test
  void repeatSpendLeavesOutTheFirstDayAndSumsEachDay() {
    SparkSession spark = TestSpark.session();
    StructType activity = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add("activity_date", DataTypes.DateType, false)
        .add("transactions", DataTypes.IntegerType, false)
        .add("amount", DataTypes.DoubleType, true);
    List<Row> rows = List.of(
        RowFactory.create("c1", Date.valueOf("2024-01-01"), 1, 100.0),
        RowFactory.create("c1", Date.valueOf("2024-01-05"), 2, 30.0),
        RowFactory.create("c1", Date.valueOf("2024-01-09"), 1, 10.0),
        RowFactory.create("c1", Date.valueOf("2024-02-01"), 1, 999.0),
        RowFactory.create("c2", Date.valueOf("2024-01-03"), 1, 25.0));
    List<Row> out = RepeatSpend.perCustomer(spark.createDataFrame(rows, activity),
            java.time.LocalDate.of(2024, 1, 31))
        .orderBy("customer_id").collectAsList();
    assertEquals(2, out.size());
    assertEquals(2, (int) out.get(0).getAs(RepeatSpend.X));
    assertEquals(40.0, (double) out.get(0).getAs(RepeatSpend.TOTAL), 1e-12);
    assertEquals(20.0, (double) out.get(0).getAs(RepeatSpend.MEAN), 1e-12);
    assertEquals(0, (int) out.get(1).getAs(RepeatSpend.X));
    assertTrue(out.get(1).isNullAt(out.get(1).fieldIndex(RepeatSpend.MEAN)));
  }
}
