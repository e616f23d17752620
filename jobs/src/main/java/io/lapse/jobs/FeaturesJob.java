package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.features.engagement.TrainingExamples;
import io.lapse.features.engagement.TrainingSpec;
import io.lapse.jobs.config.EngagementSettings;
import io.lapse.jobs.lake.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes customer features and segments as of D into the features table (partition D): the
 * transaction features, the engagement features of everyone seen on or before D (customers
 * without transactions have nulls in the transaction columns), and the segment. Then the training
 * examples of the snapshots before D into training_examples.
 */
public final class FeaturesJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);
  /** Column of training_examples: the as-of date of the run that wrote them (the data's end). */
  public static final String CUTOFF_DATE = "cutoff_date";
  private static final String[] KEYS = {CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID};

  private FeaturesJob() {}

  public static void run(JobContext ctx) {
    LocalDate asOf = ctx.asOf();
    Segmenter segmenter = new Segmenter(ctx.config().segments);
    Optional<Dataset<Row>> customers = ctx.reader().source(ctx.config().customers);
    Dataset<Row> transactionFeatures =
        CustomerFeatures.asOf(ctx.outputs().read(Table.ACTIVITY_DAILY), asOf);
    Optional<Dataset<Row>> daily = ctx.outputs().readIfExists(Table.ENGAGEMENT_DAILY);
    Dataset<Row> features = transactionFeatures;
    if (daily.isPresent()) {
      EngagementSettings engagement = ctx.config().engagement;
      Optional<Dataset<Row>> thresholdSegments = engagement.features().disengagement()
          .needsSegments()
          ? Optional.of(staticSegments(segmenter, transactionFeatures, customers)) : Optional.empty();
      Dataset<Row> engaged = EngagementFeatures.asOf(daily.get(), customers, thresholdSegments,
          asOf, engagement.features());
      features = transactionFeatures.join(engaged, KEYS, "full_outer");
    }
    ctx.outputs().writeAsOf(Table.FEATURES, segmenter.assign(features, customers), asOf);
    LOG.info("features as of {} computed", asOf);
    daily.ifPresent(d -> writeTrainingExamples(ctx, d, segmenter, customers));
  }

  /**
   * Training examples ({@link TrainingExamples}) at the snapshots that fit before D. The table
   * holds the examples of the latest run, stamped with its {@value #CUTOFF_DATE}.
   */
  private static void writeTrainingExamples(JobContext ctx, Dataset<Row> daily,
      Segmenter segmenter, Optional<Dataset<Row>> customers) {
    EngagementSettings engagement = ctx.config().engagement;
    LocalDate asOf = ctx.asOf();
    Row first = daily.agg(functions.min(EngagementDaily.ACTIVITY_DATE)).first();
    if (first.isNullAt(0)) {
      LOG.warn("no training examples: engagement_daily is empty");
      return;
    }
    TrainingSpec.SnapshotPlan plan;
    try {
      plan = engagement.training().plan(first.getDate(0).toLocalDate(), asOf,
          ctx.config().onset.classifier().validationSnapshots());
    } catch (IllegalArgumentException e) {
      if (ctx.config().onsetEnabled) {
        throw new IllegalArgumentException(e.getMessage() + "; or set"
            + " lapse.models.onset.enabled = false to score without the onset models", e);
      }
      // Without onset models nothing reads the examples: a young lake simply has none yet.
      LOG.warn("no training examples: {}", e.getMessage());
      return;
    }
    if (plan.isShort()) {
      LOG.warn("training examples at {} snapshots, fewer than lapse.engagement.training"
          + ".snapshot-count {}: the data starts {} (training {}, validation {})",
          plan.dates().size(), plan.wanted(), first.getDate(0), plan.training(),
          plan.validation());
    }
    List<LocalDate> snapshots = plan.dates();
    Dataset<Row> activity = ctx.outputs().read(Table.ACTIVITY_DAILY);
    Optional<Dataset<Row>> thresholdSegments = engagement.features().disengagement()
        .needsSegments()
        ? Optional.of(staticSegments(segmenter, CustomerFeatures.asOf(activity, asOf), customers))
        : Optional.empty();
    Dataset<Row> segmented = TrainingExamples.build(daily, activity, thresholdSegments,
        snapshots, engagement.training().horizonDays(), asOf, engagement.features(),
        engagement.label(), segmenter, customers)
        .withColumn(CUTOFF_DATE, lit(Date.valueOf(asOf)));
    ctx.outputs().write(Table.TRAINING_EXAMPLES, segmented, CUTOFF_DATE + " IS NOT NULL");
    LOG.info("training examples at {} snapshots ({} through {}) computed", snapshots.size(),
        snapshots.get(0), snapshots.get(snapshots.size() - 1));
  }

  /** Segments for the segment threshold, which config validation allows only for static sources. */
  private static Dataset<Row> staticSegments(Segmenter segmenter, Dataset<Row> transactionFeatures,
      Optional<Dataset<Row>> customers) {
    Dataset<Row> ids = transactionFeatures.select(CustomerFeatures.CUSTOMER_ID);
    if (customers.isPresent()) {
      ids = ids.union(customers.get().select(
          col(CustomerFeatures.CUSTOMER_ID).cast("string").as(CustomerFeatures.CUSTOMER_ID)));
    }
    return segmenter.assign(ids.distinct(), customers)
        .select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT);
  }
}
