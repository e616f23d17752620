package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.lake.Table;
import io.lapse.models.onset.OnsetInputs;
import io.lapse.models.onset.OnsetScoring;
import io.lapse.models.scoring.BgNbdScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores every customer as of D into the scores table (partition D): BG/NBD with the segment's
 * model for customers with transactions, their expected mean spend and CLV (Gamma-Gamma), and,
 * when engagement is measured, the lifecycle stage
 * and the champion onset models' probability, expected days to onset and risk tier.
 */
public final class ScoreJob {

  /** Columns added after BG/NBD's: the schema only ever grows. */
  public static final List<String> ENGAGEMENT_COLUMNS = List.of(
      EngagementFeatures.LIFECYCLE_STAGE, EngagementFeatures.ENGAGEMENT_RECENCY_DAYS,
      EngagementFeatures.ENGAGEMENT_LATENCY_DAYS);

  private ScoreJob() {}

  public static void run(JobContext ctx) {
    Dataset<Row> features = ctx.reader().features(ctx.asOf());
    Dataset<Row> buyers = features.where(col(CustomerFeatures.T_WEEKS).isNotNull());
    Dataset<Row> models = ctx.outputs().readAsOf(Table.SEGMENT_MODELS, ctx.asOf());
    List<String> missing = BgNbdScorer.unmodelledSegments(buyers, models);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no BG/NBD model as of " + ctx.asOf() + " for segments "
          + missing + "; run train for " + ctx.asOf() + " before score");
    }
    Dataset<Row> bgnbd = new BgNbdScorer(ctx.config().scoreHorizonDays).score(buyers, models);
    Dataset<Row> scores = bgnbd;
    if (Arrays.asList(features.columns()).contains(EngagementFeatures.LIFECYCLE_STAGE)) {
      Dataset<Row> enriched = OnsetInputs.enrich(ctx.spark(), features,
          ctx.outputs().read(Table.ACTIVITY_DAILY), ctx.reader().engagedDays(),
          List.of(ctx.asOf()), EngagementFeatures.ENGAGEMENT_RECENCY_DAYS, ctx.config().onset);
      Dataset<Row> onset = new OnsetScoring(ctx.config().onset)
          .score(enriched, ctx.outputs().readIfExists(Table.MODEL_RUNS));
      List<String> keep = new ArrayList<>(List.of(CustomerFeatures.AS_OF_DATE,
          CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT));
      keep.addAll(ENGAGEMENT_COLUMNS);
      keep.addAll(OnsetScoring.COLUMNS);
      Dataset<Row> everyone = onset.select(keep.stream().map(c -> col(c)).toArray(Column[]::new));
      Dataset<Row> joined = everyone.join(
          bgnbd.drop(CustomerFeatures.AS_OF_DATE, Segmenter.SEGMENT),
          new String[] {CustomerFeatures.CUSTOMER_ID}, "left");
      List<String> order = new ArrayList<>(BgNbdScorer.COLUMNS);
      order.addAll(ENGAGEMENT_COLUMNS);
      order.addAll(OnsetScoring.COLUMNS);
      scores = joined.select(order.stream().map(c -> col(c)).toArray(Column[]::new));
    }
    scores = SpendScoring.append(ctx, buyers, scores, models);
    ctx.outputs().writeAsOf(Table.SCORES, scores, ctx.asOf());
  }
}
