package io.lapse.jobs.lake;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.engagement.EngagementDaily;
import io.lapse.jobs.config.CustomersSource;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The reads several jobs share: one place, so that they read the same rows the same way. */
public final class LakeReader {

  private final SparkSession spark;
  private final Outputs outputs;

  public LakeReader(SparkSession spark, Outputs outputs) {
    this.spark = spark;
    this.outputs = outputs;
  }

  /** The features of D, which must have been computed (run features first). */
  public Dataset<Row> features(LocalDate asOf) {
    return outputs.readAsOf(Table.FEATURES, asOf);
  }

  /**
   * (customer_id, activity_date) of every engaged day: engagement_daily when the run measures
   * engagement, else the days with transactions.
   */
  public Dataset<Row> engagedDays() {
    return outputs.readIfExists(Table.ENGAGEMENT_DAILY)
        .map(d -> d.where(col(EngagementDaily.ACTIONS).gt(0)))
        .orElseGet(() -> outputs.read(Table.ACTIVITY_DAILY))
        .select(EngagementDaily.CUSTOMER_ID, EngagementDaily.ACTIVITY_DATE);
  }

  /** A configured side table (customers, campaign contacts): CSV with a header, or any format. */
  public Dataset<Row> source(CustomersSource source) {
    DataFrameReader reader = spark.read();
    if (source.format().equals("csv")) {
      reader = reader.option("header", "true");
    }
    return reader.format(source.format()).load(source.path());
  }

  /** The source when one is configured. */
  public Optional<Dataset<Row>> source(Optional<CustomersSource> source) {
    return source.map(this::source);
  }
}
