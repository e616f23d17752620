package io.lapse.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CustomerFeaturesTest {

  private static final LocalDate D = LocalDate.parse("2024-12-31");
  private static final StructType ACTIVITY = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("activity_date", DataTypes.DateType)
      .add("transactions", DataTypes.IntegerType)
      .add("amount", DataTypes.DoubleType);
  private final SparkSession spark = TestSpark.session();

  private Dataset<Row> activity(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r[0], Date.valueOf((String) r[1]), r[2], r[3]));
    }
    return spark.createDataFrame(list, ACTIVITY);
  }

  @Test
  void computesFeaturesByHand() {
    // Customer a: active 2024-01-01 (2 tx), 2024-01-15, 2024-12-02, 2024-12-31; b: one day.
    Dataset<Row> act = activity(
        new Object[] {"a", "2024-01-01", 2, 30.0},
        new Object[] {"a", "2024-01-15", 1, 10.0},
        new Object[] {"a", "2024-12-02", 1, 20.0},
        new Object[] {"a", "2024-12-31", 3, 40.0},
        new Object[] {"b", "2024-06-30", 1, 5.0});
    List<Row> rows = CustomerFeatures.asOf(act, D).orderBy("customer_id").collectAsList();
    Row a = rows.get(0);
    assertEquals(4, (int) a.getAs("active_days"));
    assertEquals(3, (int) a.getAs("repeat_days"));
    assertEquals(365 / 7.0, (double) a.getAs("t_x_weeks"), 1e-12);
    assertEquals(365 / 7.0, (double) a.getAs("t_weeks"), 1e-12);
    assertEquals(0, (int) a.getAs("recency_days"));
    assertEquals(365, (int) a.getAs("tenure_days"));
    // 30-day window is 2024-12-02..2024-12-31 inclusive.
    assertEquals(4L, (long) a.getAs("transactions_30d"));
    assertEquals(4L, (long) a.getAs("transactions_90d"));
    // 365-day window starts 2024-01-02 (2024 is a leap year): the two of 2024-01-01 fall out.
    assertEquals(5L, (long) a.getAs("transactions_365d"));
    assertEquals(7L, (long) a.getAs("transactions_total"));
    assertEquals(100.0, (double) a.getAs("monetary_total"), 1e-12);
    assertEquals(25.0, (double) a.getAs("monetary_mean"), 1e-12);
    assertEquals(365 / 3.0, (double) a.getAs("latency_mean_days"), 1e-12);
    // gaps 14, 322, 29: median 29
    assertEquals(29.0, (double) a.getAs("latency_median_days"), 1e-12);
    Row b = rows.get(1);
    assertEquals(0, (int) b.getAs("repeat_days"));
    assertEquals(0.0, (double) b.getAs("t_x_weeks"));
    assertEquals(184 / 7.0, (double) b.getAs("t_weeks"), 1e-12);
    assertEquals(184, (int) b.getAs("recency_days"));
    assertNull(b.getAs("latency_mean_days"));
    assertNull(b.getAs("latency_median_days"));
    assertEquals(CustomerFeatures.COLUMNS, List.of(CustomerFeatures.asOf(act, D).columns()));
  }

  @Test
  void activityAfterTheAsOfDateChangesNothing() {
    Object[][] history = {
        {"a", "2024-01-01", 1, 10.0}, {"a", "2024-06-01", 2, 20.0}, {"b", "2024-12-30", 1, 1.0}};
    Dataset<Row> before = CustomerFeatures.asOf(activity(history), D);
    List<Object[]> more = new ArrayList<>(List.of(history));
    more.add(new Object[] {"a", "2025-01-01", 5, 99.0});
    more.add(new Object[] {"c", "2025-01-02", 1, 1.0});
    Dataset<Row> after = CustomerFeatures.asOf(activity(more.toArray(Object[][]::new)), D);
    assertEquals(2, after.count());
    assertTrue(before.exceptAll(after).isEmpty() && after.exceptAll(before).isEmpty());
  }

  @Test
  void rfmTiersScoreRecencyFrequencyAndMonetary() {
    Dataset<Row> act = activity(
        new Object[] {"recent-rich", "2024-12-20", 6, 1000.0},
        new Object[] {"old-poor", "2023-01-01", 1, 5.0});
    var spec = new SegmentSpec("rfm", "", List.of(30, 90), List.of(2, 5), List.of(50.0, 150.0));
    List<Row> rows = new Segmenter(spec).assign(CustomerFeatures.asOf(act, D),
        java.util.Optional.empty()).orderBy("customer_id").collectAsList();
    assertEquals("R1F1M1", rows.get(0).getAs("segment"));
    assertEquals("R3F3M3", rows.get(1).getAs("segment"));
  }
}
