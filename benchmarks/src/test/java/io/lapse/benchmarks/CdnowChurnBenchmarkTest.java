package io.lapse.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.BinaryEvaluator;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.CalibrationBin;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The pure parts of the benchmark on hand-made data with known answers (not timed). */
class CdnowChurnBenchmarkTest {

  private static final LocalDate C = LocalDate.parse("1997-01-20");
  private static final int H = 11; // truth window (1997-01-20, 1997-01-31]

  /** A tiny file in the master layout: header, CRLF, variable blanks, leading zeros. */
  private static Dataset<Row> tinyPurchaseDays(SparkSession spark) throws IOException {
    String text = String.join("\r\n",
        " customer_id  date number_of_cds  dollar_value",
        " 00001 19970101  1   10.00", // A: first day
        " 00001 19970105  1   20.00", // A: two purchases on one day are one purchase day
        " 00001 19970105  2   30.00",
        " 00001 19970210  1   5.00", // A: after C + H
        " 00002 19970103  1   12.00", // B: one purchase day, nothing later
        " 00003 19970201  1   9.00", // first purchase after C: not in the population
        " 00004 19970110  1   8.00",
        " 00004 19970131  1   8.00", // D: buys on C + H itself (inside the window)
        " 00005 19970120  1   7.00", // E: first purchase on C (T = 0); C itself is not in (C, C+H]
        " 00005 19970201  1   7.00",
        " 00006 19970102  1   6.00",
        " 00006 19970121  1   6.00") // F: buys the day after C
        + "\r\n";
    Path file = Files.createTempFile("cdnow-tiny", ".txt");
    Files.writeString(file, text);
    return CdnowData.purchaseDays(spark, file.toString());
  }

  private static Map<String, Row> byCustomer(Dataset<Row> rows) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      out.put(r.getString(r.fieldIndex(CdnowData.CUSTOMER_ID)), r);
    }
    return out;
  }

  @Test
  void truthLabelsNoPurchaseInTheWindowAfterTheCutoffForEveryEarlierBuyer() throws IOException {
    SparkSession spark = TestSpark.session();
    Dataset<Row> days = tinyPurchaseDays(spark);
    assertEquals(11, days.count()); // 12 records, two on one day

    Map<String, Row> truth = byCustomer(CdnowData.truth(days, C, H));
    assertEquals(5, truth.size(), "population: purchase on or before C (not 00003)");
    Map<String, Double> expected = Map.of("00001", 1.0, "00002", 1.0, "00004", 0.0,
        "00005", 1.0, "00006", 0.0);
    expected.forEach((id, label) ->
        assertEquals(label, truth.get(id).getDouble(truth.get(id).fieldIndex(CdnowData.LABEL)),
            "label of " + id));
  }

  @Test
  void summariesFollowThePurchaseDayConvention() throws IOException {
    SparkSession spark = TestSpark.session();
    Map<String, Row> s = byCustomer(CdnowData.summaries(tinyPurchaseDays(spark), C));
    Row a = s.get("00001");
    assertEquals(15, a.getInt(a.fieldIndex(CdnowData.RECENCY_DAYS)));
    assertEquals(19, a.getInt(a.fieldIndex(CdnowData.TENURE_DAYS)));
    assertEquals(2L, a.getLong(a.fieldIndex(CdnowData.FREQUENCY)));
    assertEquals(30.0, a.getDouble(a.fieldIndex(CdnowData.MONETARY)), 1e-12); // (10 + 50) / 2
    assertEquals(4.0, a.getDouble(a.fieldIndex(CdnowData.MEAN_GAP_DAYS)), 1e-12);
    assertEquals(1, a.getInt(a.fieldIndex(CdnowData.REPEAT_DAYS)));
    assertEquals(4, a.getInt(a.fieldIndex(CdnowData.TX_DAYS)));
    Row b = s.get("00002");
    assertTrue(b.isNullAt(b.fieldIndex(CdnowData.MEAN_GAP_DAYS)), "one purchase day: no gap");
    Row e = s.get("00005");
    assertEquals(0, e.getInt(e.fieldIndex(CdnowData.TENURE_DAYS)), "first purchase on C");
  }

  @Test
  void calibrationErrorIsTheMeanAbsoluteGapOverBins() {
    List<CalibrationBin> bins = List.of(
        new CalibrationBin(1, 10, 0.10, 0.00, 0.0, 0.2),
        new CalibrationBin(2, 30, 0.50, 0.60, 0.3, 0.6),
        new CalibrationBin(3, 5, 0.90, 0.60, 0.7, 1.0));
    // (0.10 + 0.10 + 0.30) / 3, every bin counting once whatever its size.
    assertEquals(0.5 / 3, Calibration.error(bins), 1e-12);
    assertTrue(Double.isNaN(Calibration.error(List.of())));
  }

  @Test
  void lapseEvaluatorGivesKnownDecilesAndNeverBreaksTiesByRowOrder() {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("segment", DataTypes.StringType)
        .add("label", DataTypes.DoubleType).add("p", DataTypes.DoubleType)
        .add("tied", DataTypes.DoubleType);
    // Ten rows, one per decile: p = 0.05, 0.15, ..., 0.95; labels 0 0 0 1 0 1 1 0 1 1.
    double[] labels = {0, 0, 0, 1, 0, 1, 1, 0, 1, 1};
    List<Row> rows = new ArrayList<>();
    double expectedError = 0;
    for (int i = 0; i < 10; i++) {
      double p = 0.05 + 0.1 * i;
      rows.add(RowFactory.create("all", labels[i], p, 0.5));
      expectedError += Math.abs(p - labels[i]) / 10;
    }
    BinaryEvaluator evaluator = new BinaryEvaluator(BinaryEvaluationSpec.defaults());
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    BinaryMetrics m = evaluator.evaluate(df, ScoreColumn.probability("p", "p")).overall();
    assertEquals(10, m.calibration().size());
    assertEquals(expectedError, Calibration.error(m.calibration()), 1e-12);
    // ROC AUC by counting: pairs (positive, negative) with the positive scored higher.
    assertEquals(21.0 / 25, m.rocAuc(), 1e-12);

    // A constant score: one bin, AUC exactly 0.5 whatever the row order.
    BinaryMetrics tied = evaluator.evaluate(df, ScoreColumn.probability("tied", "tied")).overall();
    assertEquals(0.5, tied.rocAuc(), 1e-12);
    assertEquals(1, tied.calibration().size());
    assertEquals(0.0, Calibration.error(tied.calibration()), 1e-12); // 5 of 10 positive, p 0.5
  }

  @Test
  void windowsThatLeaveTheDataAreRejectedWithAClearMessage() {
    LocalDate first = LocalDate.parse("1997-01-01");
    LocalDate last = LocalDate.parse("1998-06-30");
    assertTrue(BenchmarkOptions.windowProblems(
        List.of(LocalDate.parse("1997-09-30"), LocalDate.parse("1998-03-31")), List.of(28, 91),
        first, last).isEmpty());
    assertTrue(BenchmarkOptions.windowProblems(List.of(LocalDate.parse("1998-03-31")),
        List.of(91), first, last).isEmpty(), "1998-03-31 + 91 days = 1998-06-30, the last day");

    List<String> problems = BenchmarkOptions.windowProblems(
        List.of(LocalDate.parse("1998-04-01")), List.of(91), first, last);
    assertEquals(List.of("cut-off 1998-04-01 + horizon 91 days = 1998-07-01 is after the data's"
        + " last day 1998-06-30: the truth window (C, C + H] would not be fully observed; use an"
        + " earlier cut-off or a shorter horizon"), problems);

    List<String> early = BenchmarkOptions.windowProblems(
        List.of(LocalDate.parse("1997-02-01")), List.of(31), first, last);
    assertEquals(1, early.size());
    assertTrue(early.get(0).startsWith("cut-off 1997-02-01 - horizon 31 days = 1997-01-01 is not"
        + " after the data's first day 1997-01-01"), early.get(0));
  }

  @Test
  void optionsHaveTheDocumentedDefaultsAndRejectBadValues() {
    BenchmarkOptions o = BenchmarkOptions.parse();
    assertEquals(List.of(LocalDate.parse("1997-09-30"), LocalDate.parse("1997-12-31"),
        LocalDate.parse("1998-03-31")), o.cutoffs());
    assertEquals(List.of(28, 91), o.horizons());
    assertEquals(Path.of("benchmarks/cdnow/lapse-cdnow.conf"), o.config());
    BenchmarkOptions sorted = BenchmarkOptions.parse("--cutoffs", "1998-03-31,1997-09-30",
        "--horizons", "91,28");
    assertEquals(LocalDate.parse("1997-09-30"), sorted.cutoffs().get(0), "ascending");
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--horizons", "0"));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--cutoffs", "1997-13-01"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--bogus", "1"));
  }
}
