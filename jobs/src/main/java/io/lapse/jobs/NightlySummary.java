package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
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
    if (config.report.enabled()) {
      out.append("report of the run: ").append(config.report.folder()).append('/').append(asOf)
          .append("/lapse-report-").append(asOf).append(".html (and .ipynb)\n");
    }
    System.out.println(out);
    Column ofD = col(Outputs.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)));
    Dataset<Row> scores = new DeltaTables(spark).read(config.lake.path(Table.SCORES))
        .where(ofD)
        .orderBy("customer_id");
    System.out.println("scores (first rows of " + scores.count() + "):");
    scores.show(5, false);
    DeltaTables delta = new DeltaTables(spark);
    delta.readIfExists(config.lake.path(Table.SEGMENT_POLICIES)).ifPresent(p -> {
      System.out.println("segment policies:");
      p.where(ofD).orderBy("segment")
          .selectExpr("segment", "timing_unit", "customers", "no_action", "t_star", "t_star_low",
              "t_star_high", "t_star_source", "value_per_customer",
              "transform(ladder, r -> concat(r.action, '@', cast(r.t AS STRING))) AS ladder",
              "transform(timing_arms, a -> concat(cast(a.t AS STRING), ':',"
                  + " cast(round(a.share, 2) AS STRING))) AS timing_arms")
          .show(20, false);
    });
    delta.readIfExists(config.lake.path(Table.REENGAGEMENT_ACTIONS)).ifPresent(a -> {
      Dataset<Row> due = a.where(ofD);
      System.out.println("re-engagement actions due " + asOf + " to " + asOf.plusDays(
          config.policy.spec().dueWindowDays()) + ": " + due.count() + " (by action)");
      due.groupBy("action").count().orderBy("action").show(false);
    });
    delta.readIfExists(config.lake.path(Table.REENGAGEMENT_ASSIGNMENTS)).ifPresent(a -> {
      System.out.println("arms of the actions first due " + asOf + " (control: recorded, not"
          + " sent):");
      a.where(ofD).groupBy("action", "arm").count().orderBy("action", "arm").show(false);
    });
  }
}
