package io.lapse.jobs;

import io.lapse.jobs.lake.Table;
import io.lapse.models.scoring.BgNbdScorer;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Scores every customer as of D with its segment's model into the scores table (partition D). */
public final class ScoreJob {

  private ScoreJob() {}

  public static void run(JobContext ctx) {
    Dataset<Row> features = FeaturesJob.transactionFeaturesOf(ctx);
    Dataset<Row> models = ctx.outputs().read(Table.SEGMENT_MODELS)
        .where("as_of_date = DATE'" + ctx.asOf() + "'");
    List<String> missing = BgNbdScorer.unmodelledSegments(features, models);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no BG/NBD model as of " + ctx.asOf() + " for segments "
          + missing + "; run train for " + ctx.asOf() + " before score");
    }
    Dataset<Row> scores = new BgNbdScorer(ctx.config().scoreHorizonDays).score(features, models);
    ctx.outputs().write(Table.SCORES, scores, "as_of_date = DATE'" + ctx.asOf() + "'",
        "as_of_date");
  }
}
