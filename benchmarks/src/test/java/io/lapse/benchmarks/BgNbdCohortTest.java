package io.lapse.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.evaluation.AucStatistics;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The generated-data side of the benchmark: the cohort, its file, the oracle and AUC errors. */
class BgNbdCohortTest {

  private static final LocalDate CALIBRATION_END = LocalDate.parse("1997-09-30");

  @Test
  void theGeneratorReproducesItsParametersWithinFourStandardErrors() {
    BgNbdCohort.Spec spec = BgNbdCohort.Spec.defaults().withCustomers(20_000).withSeed(2024);
    List<BgNbdCohort.Customer> customers = BgNbdCohort.simulate(spec);
    // The calibration-period statistics as the benchmark derives them from the file's days.
    SufficientStatistics stats = BgNbdCohort.statisticsAt(customers, CALIBRATION_END);
    assertEquals(20_000, stats.customers());
    BgNbdFit fit = BgNbdFitter.fit(stats, FitOptions.defaults());
    double[] truth = spec.params().toArray();
    double[] fitted = fit.params().toArray();
    double[] se = fit.standardErrors();
    String[] names = {"r", "alpha", "a", "b"};
    for (int k = 0; k < 4; k++) {
      assertTrue(se[k] > 0 && Double.isFinite(se[k]), names[k] + " standard error " + se[k]);
      assertTrue(Math.abs(fitted[k] - truth[k]) <= 4 * se[k], names[k] + ": fitted " + fitted[k]
          + ", true " + truth[k] + ", standard error " + se[k]);
    }
  }

  @Test
  void theCohortFollowsTheCalendarAndIsReproducible() {
    BgNbdCohort.Spec spec = BgNbdCohort.Spec.defaults().withCustomers(3_000);
    List<BgNbdCohort.Customer> customers = BgNbdCohort.simulate(spec);
    assertEquals(3_000, customers.size());
    for (BgNbdCohort.Customer c : customers) {
      assertTrue(!c.acquired().isBefore(spec.acquisitionFrom())
          && !c.acquired().isAfter(spec.acquisitionTo()), c.id() + " acquired " + c.acquired());
      assertEquals(c.acquired(), c.days().get(0).day(), "the first purchase is the acquisition");
      LocalDate previous = null;
      for (BgNbdCohort.PurchaseDay d : c.days()) {
        assertTrue(previous == null || d.day().isAfter(previous), "ascending, one per day");
        assertTrue(!d.day().isAfter(spec.observedTo()), "observed to " + spec.observedTo());
        assertTrue(d.dollars() > 0 && d.cds() >= 1, "positive amount");
        previous = d.day();
      }
      // Day of each purchase time: acquired + ceil(7 t), so t <= (day - acquired) / 7.
      for (double t : c.purchaseWeeks()) {
        long offset = BgNbdCohort.dayOffset(t);
        assertTrue(t <= offset / 7.0 && (offset == 0 || t > (offset - 1) / 7.0), "t " + t);
      }
    }
    assertEquals("00001", customers.get(0).id());
    assertEquals("03000", customers.get(2_999).id());
    List<BgNbdCohort.Customer> again = BgNbdCohort.simulate(spec);
    for (int i = 0; i < customers.size(); i++) {
      assertEquals(customers.get(i).days(), again.get(i).days(), "same seed, same cohort");
    }
    assertTrue(!BgNbdCohort.simulate(spec.withSeed(99)).get(0).days()
        .equals(customers.get(0).days()) || !BgNbdCohort.simulate(spec.withSeed(99)).get(1)
        .days().equals(customers.get(1).days()), "another seed, another cohort");
    // Ids widen beyond five digits only when they must.
    assertEquals("100000", BgNbdCohort.simulate(BgNbdCohort.Spec.defaults()
        .withCustomers(100_000)).get(99_999).id());
  }

  @Test
  void theFileRoundTripsThroughTheCdnowMasterParsingRules() throws IOException {
    SparkSession spark = TestSpark.session();
    BgNbdCohort.Spec spec = BgNbdCohort.Spec.defaults().withCustomers(300).withSeed(5);
    List<BgNbdCohort.Customer> customers = BgNbdCohort.simulate(spec);
    Path file = TestSpark.tempDir("cohort").resolve("generated.txt");
    long written = BgNbdCohort.write(customers, file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertEquals(BgNbdCohort.HEADER, lines.get(0));
    assertEquals(written + 1, lines.size());
    assertTrue(Files.readString(file).contains("\r\n"), "CRLF as in the published file");
    assertTrue(lines.get(1).matches(" 00001 1997\\d{4} +\\d+ +\\d+\\.\\d\\d"), lines.get(1));

    // lapse's reader: every record accepted, ids kept as written.
    var lapseSpec = new TransactionSourceSpec("cdnow-master", file.toString(), false, ",", "",
        "", "", "", "");
    Dataset<Row> read = new TransactionReader(spark).read(lapseSpec,
        LocalDate.parse("1990-01-01"), LocalDate.parse("2030-01-01"));
    assertEquals(written, read.count());
    assertEquals(0, read.where(read.col(TransactionReader.REJECT_REASON).isNotNull()).count());
    assertEquals(300, read.select(TransactionReader.CUSTOMER_ID).distinct().count());

    // The benchmark's reader: same purchase days, same (x, t_x, T) as the generator's own.
    Dataset<Row> days = CdnowData.purchaseDays(spark, file.toString());
    assertEquals(written, days.count());
    Map<String, BgNbdCohort.Customer> byId = new HashMap<>();
    customers.forEach(c -> byId.put(c.id(), c));
    List<Row> summaries = CdnowData.summaries(days, CALIBRATION_END).collectAsList();
    assertEquals(300, summaries.size());
    for (Row s : summaries) {
      BgNbdCohort.Customer c = byId.get(s.getString(s.fieldIndex(CdnowData.CUSTOMER_ID)));
      int x = -1;
      long tx = 0;
      for (BgNbdCohort.PurchaseDay d : c.days()) {
        if (!d.day().isAfter(CALIBRATION_END)) {
          x++;
          tx = ChronoUnit.DAYS.between(c.acquired(), d.day());
        }
      }
      assertEquals(x, s.getInt(s.fieldIndex(CdnowData.REPEAT_DAYS)), c.id());
      assertEquals(tx, s.getInt(s.fieldIndex(CdnowData.TX_DAYS)), c.id());
      assertEquals(ChronoUnit.DAYS.between(c.acquired(), CALIBRATION_END),
          s.getInt(s.fieldIndex(CdnowData.TENURE_DAYS)), c.id());
    }
  }

  @Test
  void theOracleIsBgNbdsProbabilityOfNoPurchaseWithTheTrueParameters() throws IOException {
    BgNbdParams truth = BgNbdCohort.CDNOW_PARAMS;
    // Customer 00001: purchase days 1997-01-01, -01-15, -01-31; at C = 1997-05-01 x = 2,
    // t_x = 30 days, T = 120 days; H = 28 days = 4 weeks.
    double expected = BgNbdPredictor.probabilityNoTransaction(truth, 4.0, 2, 30 / 7.0,
        120 / 7.0);
    assertEquals(expected, BgNbdBaseline.probabilityNoPurchase(truth, 28, 2, 30, 120), 1e-15);
    // By hand: P(alive) = 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
    double t = 120 / 7.0;
    double tx = 30 / 7.0;
    double alive = 1 / (1 + truth.a() / (truth.b() + 1)
        * Math.pow((truth.alpha() + t) / (truth.alpha() + tx), truth.r() + 2));
    double byHand = 1 - alive + alive * Math.pow((truth.alpha() + t) / (truth.alpha() + t + 4),
        truth.r() + 2);
    assertEquals(byHand, expected, 1e-12);

    SparkSession spark = TestSpark.session();
    Path file = TestSpark.tempDir("oracle").resolve("master.txt");
    Files.writeString(file, BgNbdCohort.HEADER + "\r\n"
        + " 00001 19970101  1    10.00\r\n"
        + " 00001 19970115  2    20.00\r\n"
        + " 00001 19970131  1    10.00\r\n"
        + " 00002 19970301  1    10.00\r\n");
    Dataset<Row> summaries = CdnowData.summaries(CdnowData.purchaseDays(spark, file.toString()),
        LocalDate.parse("1997-05-01"));
    Map<String, Double> scores = new HashMap<>();
    for (Row r : BgNbdBaseline.scoreWith(spark, summaries, 28, truth, "oracle").collectAsList()) {
      scores.put(r.getString(0), r.getDouble(1));
    }
    assertEquals(expected, scores.get("00001"), 1e-15);
    assertEquals(BgNbdPredictor.probabilityNoTransaction(truth, 4.0, 0, 0.0, 61 / 7.0),
        scores.get("00002"), 1e-15);
  }

  @Test
  void aucStandardErrors() {
    assertEquals(0.0445022, AucStatistics.hanleyMcNeil(0.8, 50, 50), 1e-6);
    assertTrue(Double.isNaN(AucStatistics.hanleyMcNeil(0.8, 0, 50)));

    Random random = new Random(3);
    int n = 400;
    double[] label = new double[n];
    double[] s1 = new double[n];
    double[] s2 = new double[n];
    for (int i = 0; i < n; i++) {
      label[i] = random.nextDouble() < 0.3 ? 1 : 0;
      s1[i] = Math.round((label[i] + random.nextGaussian()) * 4) / 4.0; // with ties
      s2[i] = s1[i] + 0.7 * random.nextGaussian();
    }
    double[] d = AucStatistics.deLong(label, s1, s2);
    // By brute force: placements over all pairs, ties one half.
    double[][] bf = bruteForce(label, new double[][] {s1, s2});
    assertEquals(bf[0][0], d[0], 1e-12);
    assertEquals(bf[0][1], d[1], 1e-12);
    assertEquals(bf[1][0], d[2], 1e-12);
    assertEquals(0.0, AucStatistics.deLong(label, s1, s1)[2], 1e-12, "same score, no gap");
  }

  /** {{auc1, auc2}, {se of auc1 - auc2}} by the O(n^2) definition. */
  private static double[][] bruteForce(double[] label, double[][] s) {
    int n1 = 0;
    for (double l : label) {
      n1 += l == 1 ? 1 : 0;
    }
    int n0 = label.length - n1;
    double[][] v10 = new double[2][n1];
    double[][] v01 = new double[2][n0];
    double[] auc = new double[2];
    for (int k = 0; k < 2; k++) {
      int p = 0;
      for (int i = 0; i < label.length; i++) {
        if (label[i] != 1) {
          continue;
        }
        int q = 0;
        for (int j = 0; j < label.length; j++) {
          if (label[j] == 1) {
            continue;
          }
          double psi = s[k][i] > s[k][j] ? 1 : s[k][i] == s[k][j] ? 0.5 : 0;
          v10[k][p] += psi / n0;
          v01[k][q] += psi / n1;
          auc[k] += psi / ((double) n1 * n0);
          q++;
        }
        p++;
      }
    }
    double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / n1
        + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n0;
    return new double[][] {auc, {Math.sqrt(var)}};
  }

  private static double cov(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }

  @Test
  void generateOptionTakesDefaultsOrValuesAndExcludesData() {
    BenchmarkOptions d = BenchmarkOptions.parse("--generate", "--out", "x.md");
    assertEquals(BgNbdCohort.Spec.defaults(), d.generate().orElseThrow());
    assertEquals(Path.of("x.md"), d.out());
    BenchmarkOptions v = BenchmarkOptions.parse("--horizons", "28", "--generate",
        "0.5,5,0.8,2.5,1000,7");
    BgNbdCohort.Spec s = v.generate().orElseThrow();
    assertEquals(new BgNbdParams(0.5, 5, 0.8, 2.5), s.params());
    assertEquals(1000, s.customers());
    assertEquals(7, s.seed());
    assertEquals(BgNbdCohort.Spec.defaults().params(), BenchmarkOptions.parse("--generate")
        .generate().orElseThrow().params());
    assertTrue(BenchmarkOptions.parse().generate().isEmpty());
    assertNull(BenchmarkOptions.parse().generate().orElse(null));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--generate", "--data", "f.txt"));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--generate", "1,2,3"));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--generate", "1,2,3,-4"));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--generate", "1,2,3,4,0"));
  }
}
