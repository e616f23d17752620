package io.lapse.jobs;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Table;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Prints where the tables are and a few scores, so a person running it sees the result. */
final class NightlySummary {

  private NightlySummary() {}

  static void print(SparkSession spark, LapseConfig config, LocalDate asOf) {
    StringBuilder out = new StringBuilder();
    out.append("\nlapse nightly as of ").append(asOf).append(" published:\n");
    for (Table table : Table.values()) {
      out.append("  ").append(config.lake.path(table)).append('\n');
    }
    System.out.println(out);
    Dataset<Row> scores = new DeltaTables(spark).read(config.lake.path(Table.SCORES))
        .where("as_of_date = DATE'" + asOf + "'")
        .orderBy("customer_id");
    System.out.println("scores (first rows of " + scores.count() + "):");
    scores.show(5, false);
  }
}
