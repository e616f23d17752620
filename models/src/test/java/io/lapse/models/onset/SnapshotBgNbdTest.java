package io.lapse.models.onset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdPredictor;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.training.BgNbdSegmentTrainer;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SnapshotBgNbdTest {

  private static final LocalDate D = LocalDate.of(1997, 9, 30);
  private static final int HORIZON_DAYS = 90;
  private static final FitOptions OPTIONS = FitOptions.defaults();
  private static final StructType ACTIVITY = new StructType()
      .add("customer_id", DataTypes.StringType).add("activity_date", DataTypes.DateType)
      .add("transactions", DataTypes.IntegerType).add("amount", DataTypes.DoubleType);

  /** The CDNOW sample's purchase days up to D, as activity_daily rows. */
  private static List<Row> cdnowDays() throws IOException {
    Map<String, Integer> perDay = new TreeMap<>();
    for (String line : Files.readAllLines(TestSpark.cdnowDir().resolve("CDNOW_sample.txt"),
        StandardCharsets.US_ASCII)) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 5) {
        LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
        if (!day.isAfter(D)) {
          perDay.merge(f[0] + "|" + day, 1, Integer::sum);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    perDay.forEach((k, n) -> rows.add(RowFactory.create(k.substring(0, k.indexOf('|')),
        Date.valueOf(k.substring(k.indexOf('|') + 1)), n, 10.0 * n)));
    return rows;
  }

  private static Map<String, Double[]> inputs(List<Row> activity) {
    SparkSession spark = TestSpark.session();
    Map<String, Double[]> out = new TreeMap<>();
    for (Row r : SnapshotBgNbd.asOf(spark, spark.createDataFrame(activity, ACTIVITY), D, OPTIONS,
        HORIZON_DAYS).collectAsList()) {
      out.put(r.getAs(CustomerFeatures.CUSTOMER_ID), new Double[] {
          r.getAs(OnsetInputs.P_ALIVE), r.getAs(OnsetInputs.EXPECTED_TRANSACTIONS),
          r.getAs(OnsetInputs.PROB_NO_TRANSACTION)});
    }
    return out;
  }

  @Test
  void aCustomerFirstSeenOnTheSnapshotDayNeitherChangesNorLosesAnyoneElsesInputs()
      throws IOException {
    List<Row> cdnow = cdnowDays();
    Map<String, Double[]> without = inputs(cdnow);
    List<Row> withNewcomer = new ArrayList<>(cdnow);
    withNewcomer.add(RowFactory.create("newcomer", Date.valueOf(D), 1, 15.0));
    Map<String, Double[]> with = inputs(withNewcomer);

    assertEquals(2357, without.size());
    assertEquals(without.size() + 1, with.size());
    for (Map.Entry<String, Double[]> e : without.entrySet()) {
      assertNotNull(e.getValue()[0], e.getKey());
      // Left out of the fit, the newcomer leaves the same fit: the values are identical.
      assertEquals(e.getValue()[0], with.get(e.getKey())[0], e.getKey());
      assertEquals(e.getValue()[1], with.get(e.getKey())[1], e.getKey());
      assertEquals(e.getValue()[2], with.get(e.getKey())[2], e.getKey());
    }
    Dataset<Row> features = CustomerFeatures.asOf(
        TestSpark.session().createDataFrame(cdnow, ACTIVITY), D)
        .withColumn(Segmenter.SEGMENT, functions.lit(Segmenter.ALL));
    var params = BgNbdSegmentTrainer.paramsOf(BgNbdSegmentTrainer.globalOnly(OPTIONS)
        .fit(BgNbdSegmentTrainer.sufficientStatistics(features), D).get(0).params());
    // The published CDNOW fit, so that the comparison above is between real fits.
    assertEquals(0.243, params.r(), 0.001);
    Double[] newcomer = with.get("newcomer");
    assertEquals(1.0, newcomer[0]);
    double expected = BgNbdPredictor.expectedTransactionsNewCustomer(params, HORIZON_DAYS / 7.0);
    assertEquals(expected, newcomer[1], 1e-12);
    assertTrue(expected > 0.1 && expected < 1, "E[X(90 days)] of a new customer: " + expected);
    // P(no transaction in t) of a new customer is the NBD's zero term (alpha / (alpha + t))^r.
    double t = HORIZON_DAYS / 7.0;
    assertEquals(Math.pow(params.alpha() / (params.alpha() + t), params.r()), newcomer[2], 1e-12);
  }

  @Test
  void withOnlyCustomersFirstSeenThatDayThereIsNoFitAndTheInputsAreNull() {
    Map<String, Double[]> inputs = inputs(List.of(
        RowFactory.create("a", Date.valueOf(D), 1, 15.0),
        RowFactory.create("b", Date.valueOf(D), 2, 30.0)));
    assertEquals(2, inputs.size());
    assertNull(inputs.get("a")[0]);
    assertNull(inputs.get("b")[1]);
  }

  /**
   * Several dates in one call (training has one per snapshot) give each date exactly its own
   * fit's inputs; the first date has too little history for a fit and stays null.
   */
  @Test
  void severalDatesTogetherEqualEachDateAlone() throws IOException {
    SparkSession spark = TestSpark.session();
    Dataset<Row> activity = spark.createDataFrame(cdnowDays(), ACTIVITY);
    List<LocalDate> dates = List.of(LocalDate.of(1997, 1, 1), LocalDate.of(1997, 5, 31), D);
    Map<String, Row> together = new TreeMap<>();
    for (Row r : SnapshotBgNbd.asOf(spark, activity, dates, OPTIONS, HORIZON_DAYS)
        .collectAsList()) {
      together.put(r.getAs(CustomerFeatures.AS_OF_DATE) + "|"
          + r.getAs(CustomerFeatures.CUSTOMER_ID), r);
    }
    int rows = 0;
    for (LocalDate d : dates) {
      for (Row alone : SnapshotBgNbd.asOf(spark, activity, d, OPTIONS, HORIZON_DAYS)
          .collectAsList()) {
        String key = alone.getAs(CustomerFeatures.AS_OF_DATE) + "|"
            + alone.getAs(CustomerFeatures.CUSTOMER_ID);
        assertEquals(alone, together.get(key), key);
        rows++;
      }
    }
    assertEquals(rows, together.size());
    String first = dates.get(0).toString();
    assertTrue(together.values().stream().filter(r -> r.getAs(CustomerFeatures.AS_OF_DATE)
        .toString().equals(first)).allMatch(r -> r.getAs(OnsetInputs.P_ALIVE) == null));
    assertTrue(together.values().stream().filter(r -> r.getAs(CustomerFeatures.AS_OF_DATE)
        .toString().equals(D.toString())).allMatch(r -> r.getAs(OnsetInputs.P_ALIVE) != null));
  }
}
