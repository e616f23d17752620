package io.lapse.models.classification;

import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Classifier examples drawn from a known logistic model, so tests can compare a fitted model with
 * the truth. The label depends on the latency ratio (recency / the customer's latency) and on
 * recent frequency, so recency alone is a weak proxy. Segment A has 400 rows per snapshot;
 * "tiny" has ten, with the opposite frequency effect, and must borrow the global model.
 */
public final class GeneratedExamples {

  public static final List<LocalDate> SNAPSHOTS = List.of(LocalDate.of(2025, 1, 1),
      LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1));
  public static final List<String> FEATURES = List.of("recency_days", "latency_median_days",
      "latency_ratio", "transactions_90d", "noise");
  public static final StructType SCHEMA = new StructType()
      .add("snapshot_date", DataTypes.DateType, false)
      .add("customer_id", DataTypes.StringType, false)
      .add("segment", DataTypes.StringType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("recency_days", DataTypes.IntegerType, false)
      .add("latency_median_days", DataTypes.DoubleType, true)
      .add("latency_ratio", DataTypes.DoubleType, true)
      .add("transactions_90d", DataTypes.LongType, false)
      .add("noise", DataTypes.DoubleType, false)
      .add("true_p", DataTypes.DoubleType, false);

  private GeneratedExamples() {}

  public static Dataset<Row> examples(long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (LocalDate s : SNAPSHOTS) {
      add(rows, rnd, s, "A", 400, -0.5, 2.0, -0.6);
      add(rows, rnd, s, "tiny", 10, -0.2, 1.2, 0.5);
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  private static void add(List<Row> rows, Random rnd, LocalDate s, String segment, int n,
      double b0, double bRatio, double bFrequency) {
    for (int i = 0; i < n; i++) {
      int recency = rnd.nextInt(60);
      boolean knownLatency = rnd.nextDouble() >= 0.1;
      double latency = 5 + 35 * rnd.nextDouble();
      // One active day: no latency; the truth then uses a typical latency of 20 days.
      double ratio = recency / (knownLatency ? latency : 20.0);
      long frequency = rnd.nextInt(8);
      double logit = b0 + bRatio * (ratio - 1) + bFrequency * (frequency - 3.5);
      double p = 1 / (1 + Math.exp(-logit));
      rows.add(RowFactory.create(Date.valueOf(s), segment + "-" + i, segment,
          rnd.nextDouble() < p ? 1.0 : 0.0, recency, knownLatency ? latency : null,
          knownLatency ? ratio : null, frequency, rnd.nextGaussian(), p));
    }
  }

  /** Small grid and fallback thresholds that keep the tests quick. */
  public static ClassifierSpec spec() {
    return ClassifierSpec.defaults()
        .withFeatureColumns(FEATURES)
        .withHorizonDays(30)
        .withGrid(new CandidateGrid(List.of(0.01), 0.0, 10, List.of(2), 3, 0.3))
        .withFallback(new FallbackSpec(200, 20, java.util.Map.of()));
  }
}
