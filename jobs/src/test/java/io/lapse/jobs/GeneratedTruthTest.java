package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.config.GenerateSettings;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Data simulated from known BG/NBD parameters, pushed through the whole pipeline (CSV, ingest,
 * day aggregation, features, per-segment fit), gives back the parameters.
 */
class GeneratedTruthTest {

  private static final LocalDate END = LocalDate.parse("2025-06-30");

  @Test
  void theFitRecoversTheSimulatedParametersPerSegment() throws Exception {
    BgNbdParams web = new BgNbdParams(0.25, 4.0, 0.8, 2.5);
    BgNbdParams store = new BgNbdParams(0.6, 6.0, 0.5, 3.5);
    GenerateSettings settings = new GenerateSettings("unused", 8000, 7L,
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"), END, List.of(
            new GenerateSettings.Segment("web", 0.5, web, 6.0, 3.8, 15.0),
            new GenerateSettings.Segment("store", 0.5, store, 4.0, 4.0, 30.0)));
    Path dir = TestSpark.tempDir("generated");
    GenerateJob.Result generated = GenerateJob.run(settings, dir);
    assertEquals(8000, generated.customerCount());
    // The same seed gives the same bytes.
    Path again = TestSpark.tempDir("generated-again");
    GenerateJob.run(settings, again);
    assertEquals(-1L, Files.mismatch(generated.transactions(), again.resolve("transactions.csv")));

    java.util.Map<String, Object> conf = new java.util.HashMap<>(
        TestLake.csvInput(generated.transactions(), generated.customers()));
    // This test is about BG/NBD: the engagement view, onset models and policy are left out.
    conf.put("lapse.engagement.transactions-event-type", "");
    TestLake lake = new TestLake(conf);
    lake.run("ingest", END);
    lake.run("features", END);
    lake.run("train", END);
    for (var truth : Map.of("web", web, "store", store).entrySet()) {
      Row m = lake.table(Table.SEGMENT_MODELS)
          .where("model = 'bgnbd' AND segment = '" + truth.getKey() + "'").first();
      Map<String, Double> fitted = scala.jdk.javaapi.CollectionConverters.asJava(
          m.<scala.collection.Map<String, Double>>getAs("params"));
      Map<String, Double> se = scala.jdk.javaapi.CollectionConverters.asJava(
          m.<scala.collection.Map<String, Double>>getAs("standard_errors"));
      double[] t = truth.getValue().toArray();
      String[] names = {"r", "alpha", "a", "b"};
      for (int i = 0; i < 4; i++) {
        // The MLE is asymptotically normal around the truth with these standard errors; 4 SE
        // leaves a false alarm rate of about 6e-5 per parameter. (Collapsing same-day purchases
        // into one active day biases the fit slightly; at these rates well under one SE.)
        double z = Math.abs(fitted.get(names[i]) - t[i]) / se.get(names[i]);
        assertTrue(z < 4, truth.getKey() + " " + names[i] + ": fitted " + fitted.get(names[i])
            + " truth " + t[i] + " SE " + se.get(names[i]) + " (z = " + z + ")");
      }
    }
  }
}
