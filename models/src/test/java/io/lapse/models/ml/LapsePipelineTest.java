package io.lapse.models.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.ml.CustomerFeaturesTransformer;
import io.lapse.models.bgnbd.BgNbdParams;
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
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * lapse's feature and BG/NBD stages composed in an MLlib Pipeline, as a notebook would, on the
 * CDNOW sample: the fit reproduces the published parameters (Fader, Hardie and Lee 2005; the
 * values of data/cdnow/README.md), each within 0.5% like CdnowReferenceTest, and the fitted
 * pipeline saves and loads.
 */
class LapsePipelineTest {

  private static final LocalDate CALIBRATION_END = LocalDate.parse("1997-09-30");

  /** activity_daily of the CDNOW sample: one row per customer and purchase day. */
  private static Dataset<Row> activityDaily(SparkSession spark) throws IOException {
    Map<String, double[]> byCustomerDay = new TreeMap<>();
    for (String line : Files.readAllLines(TestSpark.cdnowDir().resolve("CDNOW_sample.txt"),
        StandardCharsets.US_ASCII)) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 5) {
        double[] day = byCustomerDay.computeIfAbsent(f[0] + " " + f[2], k -> new double[2]);
        day[0] += 1;
        day[1] += Double.parseDouble(f[4]);
      }
    }
    List<Row> rows = new ArrayList<>();
    byCustomerDay.forEach((key, v) -> rows.add(RowFactory.create(key.split(" ")[0],
        Date.valueOf(LocalDate.parse(key.split(" ")[1], DateTimeFormatter.BASIC_ISO_DATE)),
        (int) v[0], v[1])));
    return spark.createDataFrame(rows, new StructType()
        .add("customer_id", DataTypes.StringType).add("activity_date", DataTypes.DateType)
        .add("transactions", DataTypes.IntegerType).add("amount", DataTypes.DoubleType));
  }

  @Test
  void featuresAndBgNbdComposeInAPipelineAndReproduceThePublishedFit() throws IOException {
    SparkSession spark = TestSpark.session();
    Dataset<Row> activity = activityDaily(spark);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new CustomerFeaturesTransformer().setAsOfDate(CALIBRATION_END),
        new BgNbdEstimator().setHorizonDays(273)});

    PipelineModel fitted = pipeline.fit(activity);

    BgNbdModel model = assertInstanceOf(BgNbdModel.class, fitted.stages()[1]);
    BgNbdParams p = model.fittedParams();
    assertWithin(0.243, p.r(), "r");
    assertWithin(4.414, p.alpha(), "alpha");
    assertWithin(0.793, p.a(), "a");
    assertWithin(2.426, p.b(), "b");
    Dataset<Row> scored = fitted.transform(activity);
    assertEquals(2357, scored.count());
    // The README's reference customer: 39 weeks ahead it expects 1.226 transactions.
    double expected = scored.where("customer_id = '00004'").first()
        .getAs(BgNbdModel.EXPECTED_TRANSACTIONS);
    assertWithin(1.226, expected, "E[X(39 weeks)] of 00004");

    String path = TestSpark.tempDir("lapse-pipeline").resolve("model").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(p, ((BgNbdModel) loaded.stages()[1]).fittedParams());
    assertEquals(expected, (double) loaded.transform(activity).where("customer_id = '00004'")
        .first().getAs(BgNbdModel.EXPECTED_TRANSACTIONS), 1e-12);
  }

  @Test
  void inputColumnsAreCheckedBeforeAnyWorkWithTheirTypes() throws IOException {
    SparkSession spark = TestSpark.session();
    Dataset<Row> textDates = activityDaily(spark)
        .withColumn("activity_date", org.apache.spark.sql.functions.col("activity_date")
            .cast("string"))
        .drop("amount");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CustomerFeaturesTransformer().setAsOfDate(CALIBRATION_END)
            .transformSchema(textDates.schema()));
    assertEquals("CustomerFeatures: column 'activity_date' must be DateType but was StringType;"
        + " column 'amount' is missing (columns: customer_id, activity_date, transactions)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CustomerFeaturesTransformer().transform(activityDaily(spark)));
    assertEquals("CustomerFeatures: asOfDate is not set", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BgNbdEstimator().fit(activityDaily(spark)));
    assertTrue(e.getMessage().startsWith("BgNbd: column 'repeat_days' is missing; column"
        + " 't_x_weeks' is missing; column 't_weeks' is missing (columns: "), e.getMessage());
  }

  private static void assertWithin(double published, double fitted, String name) {
    assertTrue(Math.abs(fitted - published) <= 0.005 * Math.abs(published),
        name + ": fitted " + fitted + " vs published " + published + " (0.5%)");
  }
}
