package io.lapse.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints where the tables are and a few scores, so a person running it sees the result. */
final class NightlySummary {

  private NightlySummary() {}

  static void log(JobContext ctx) {
    var lake = ctx.config().lake;
    StringBuilder out = new StringBuilder();
    out.append("\nlapse nightly as of ").append(ctx.asOf()).append(" published:\n");
    for (String table : new String[] {lake.rawTransactions(), lake.quarantine(), lake.ingestRuns(),
        lake.activityDaily(), lake.features(), lake.segmentModels(), lake.scores()}) {
      out.append("  ").append(table).append('\n');
    }
    System.out.println(out);
    Dataset<Row> scores = ctx.tables().read(lake.scores())
        .where("as_of_date = DATE'" + ctx.asOf() + "'")
        .orderBy("customer_id");
    System.out.println("scores (first rows of " + scores.count() + "):");
    scores.show(5, false);
  }
}
