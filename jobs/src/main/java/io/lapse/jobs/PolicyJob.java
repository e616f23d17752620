package io.lapse.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.config.PolicySettings;
import io.lapse.jobs.lake.Table;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.models.policy.ActionCurve;
import io.lapse.models.policy.CampaignUplift;
import io.lapse.models.policy.CustomerActions;
import io.lapse.models.policy.PolicyOptimizer;
import io.lapse.models.policy.PolicyStability;
import io.lapse.models.policy.Rung;
import io.lapse.models.policy.SegmentPolicy;
import io.lapse.models.policy.TStarInterval;
import io.lapse.models.policy.UpliftModel;
import io.lapse.models.training.ReturnTimeCurves;
import io.lapse.models.training.SegmentModel;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-engagement policy as of D: per segment the optimal point t* and the escalation ladder
 * from its return-time curve (segment_policies), per customer the next action (added to scores)
 * and the actions due in the next days (reengagement_actions).
 */
public final class PolicyJob {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyJob.class);

  private static final StructType RUNG = new StructType()
      .add("rung", DataTypes.IntegerType, false)
      .add("action", DataTypes.StringType, false)
      .add("t_days", DataTypes.DoubleType, false)
      .add("expected_value", DataTypes.DoubleType, false)
      .add("uplift", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("cost", DataTypes.DoubleType, false)
      .add("inactive_share", DataTypes.DoubleType, false);
  private static final StructType CURVE_POINT = new StructType()
      .add("action", DataTypes.StringType, false)
      .add("t_days", DataTypes.DoubleType, false)
      .add("survival", DataTypes.DoubleType, false)
      .add("uplift", DataTypes.DoubleType, false)
      .add("w", DataTypes.DoubleType, false);
  /** One row per as-of date and segment. */
  public static final StructType SEGMENT_POLICIES = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("timing_unit", DataTypes.StringType, false)
      .add("customers", DataTypes.LongType, false)
      .add("spells", DataTypes.LongType, false)
      .add("never_return_share", DataTypes.DoubleType, false)
      .add("value_per_customer", DataTypes.DoubleType, false)
      .add("no_action", DataTypes.BooleanType, false)
      .add("t_star_days", DataTypes.DoubleType, true)
      .add("t_star_low_days", DataTypes.DoubleType, true)
      .add("t_star_high_days", DataTypes.DoubleType, true)
      .add("interval_level", DataTypes.DoubleType, true)
      .add("moved_outside_previous_interval", DataTypes.BooleanType, false)
      .add("ladder_expected_value", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("ladder", DataTypes.createArrayType(RUNG, false), false)
      .add("w_curve", DataTypes.createArrayType(CURVE_POINT, false), false);

  /** The columns the policy adds to scores, after the onset models'. */
  public static final List<String> SCORE_COLUMNS = List.of(CustomerActions.POLICY_SEGMENT,
      CustomerActions.NEXT_ACTION, CustomerActions.NEXT_ACTION_RUNG,
      CustomerActions.NEXT_ACTION_DUE_DATE, CustomerActions.NEXT_ACTION_DAYS_INACTIVE,
      CustomerActions.NEXT_ACTION_EXPECTED_VALUE, CustomerActions.REASON);

  private PolicyJob() {}

  public static void run(JobContext ctx) {
    PolicySettings settings = ctx.config().policy;
    Dataset<Row> features = FeaturesJob.featuresOf(ctx);
    if (!Arrays.asList(features.columns()).contains(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS)) {
      LOG.warn("no engagement features as of {}: no re-engagement policy", ctx.asOf());
      return;
    }
    Dataset<Row> segments = features.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT);
    Map<String, Long> sizes = new TreeMap<>();
    features.groupBy(Segmenter.SEGMENT).count().collectAsList()
        .forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
    List<SegmentModel> curves = ReturnTimeCurves.estimate(TrainJob.engagedDays(ctx), segments,
        ctx.asOf(), sizes);
    Map<String, Double> values = settings.valueFromModels() ? valuesFromModels(ctx, features)
        : Map.of();
    CampaignUplift history = settings.campaignContacts()
        .map(c -> CampaignUplift.estimate(FeaturesJob.readTable(ctx, c),
            ctx.outputs().read(Table.ENGAGEMENT_DAILY), segments, ctx.asOf(),
            settings.spec().campaignHistory()))
        .orElseGet(() -> CampaignUplift.none(settings.spec().campaignHistory()));
    UpliftModel prior = UpliftModel.prior(settings.spec().reachability());
    PolicyOptimizer optimizer = new PolicyOptimizer(settings.spec());
    Map<String, TStarInterval> previous = previousIntervals(ctx);

    List<SegmentPolicy> policies = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (SegmentModel m : curves) {
      String segment = m.segment();
      // Small segments take the policy of all customers (CustomerActions falls back to ALL).
      if (!segment.equals(Segmenter.ALL)
          && sizes.getOrDefault(segment, 0L) < ctx.config().segmentMinCustomers) {
        continue;
      }
      KaplanMeierCurve curve = m.curve();
      if (curve.times().length == 0) {
        continue;
      }
      double value = values.getOrDefault(segment, settings.spec().valuePerCustomer());
      SegmentPolicy policy = optimizer.optimizeWithInterval(segment, curve, value,
          history.over(prior, segment));
      TStarInterval before = previous.get(segment);
      boolean moved = before != null && PolicyStability.moved(before, policy.tStar());
      if (moved) {
        LOG.warn("segment {}: t* {} moved outside the previous interval [{}, {}]", segment,
            policy.tStar(), before.low(), before.high());
      }
      LOG.info("segment {}: {}", segment, policy.noAction() ? "no action pays"
          : "t* = " + policy.tStar() + " days, ladder " + policy.ladder().stream()
              .map(r -> r.action() + "@" + r.t()).toList());
      policies.add(policy);
      rows.add(policyRow(ctx, policy, sizes.getOrDefault(segment, 0L), moved));
    }
    ctx.outputs().write(Table.SEGMENT_POLICIES,
        ctx.spark().createDataFrame(rows, SEGMENT_POLICIES),
        "as_of_date = DATE'" + ctx.asOf() + "'", "as_of_date");

    Dataset<Row> customers = features.select(col(CustomerFeatures.CUSTOMER_ID),
        col(Segmenter.SEGMENT),
        col(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS).cast(DataTypes.IntegerType)
            .as(CustomerActions.RECENCY_DAYS));
    CustomerActions.Result actions = CustomerActions.compute(customers, policies, ctx.asOf(),
        settings.spec().dueWindowDays(), null);
    ctx.outputs().write(Table.REENGAGEMENT_ACTIONS, actions.reengagementActions(),
        "as_of_date = DATE'" + ctx.asOf() + "'", "as_of_date");

    Dataset<Row> scores = ctx.outputs().read(Table.SCORES)
        .where("as_of_date = DATE'" + ctx.asOf() + "'");
    for (String c : SCORE_COLUMNS) {
      scores = scores.drop(c); // a rerun of the policy alone replaces its own columns
    }
    List<Column> plan = new ArrayList<>(List.of(col(CustomerActions.CUSTOMER_ID)));
    SCORE_COLUMNS.forEach(c -> plan.add(col(c)));
    List<Column> order = new ArrayList<>();
    for (String c : scores.columns()) {
      order.add(col(c));
    }
    SCORE_COLUMNS.forEach(c -> order.add(col(c)));
    ctx.outputs().write(Table.SCORES,
        scores.join(actions.customers().select(plan.toArray(Column[]::new)),
                new String[] {CustomerFeatures.CUSTOMER_ID}, "left")
            .select(order.toArray(Column[]::new)),
        "as_of_date = DATE'" + ctx.asOf() + "'", "as_of_date");
  }

  /**
   * V per segment: the mean over its buyers of BG/NBD expected transactions in the score horizon
   * times their mean spend per active day.
   */
  private static Map<String, Double> valuesFromModels(JobContext ctx, Dataset<Row> features) {
    Dataset<Row> scores = ctx.outputs().read(Table.SCORES)
        .where("as_of_date = DATE'" + ctx.asOf() + "'")
        .select(CustomerFeatures.CUSTOMER_ID, "expected_transactions");
    Map<String, Double> values = new TreeMap<>();
    Dataset<Row> joined = features.join(scores, CustomerFeatures.CUSTOMER_ID)
        .where(col(CustomerFeatures.MONETARY_MEAN).isNotNull()
            .and(col("expected_transactions").isNotNull()));
    Column value = col("expected_transactions").multiply(col(CustomerFeatures.MONETARY_MEAN));
    joined.groupBy(Segmenter.SEGMENT).agg(avg(value)).collectAsList()
        .forEach(r -> values.put(r.getString(0), r.getDouble(1)));
    Row all = joined.agg(avg(value)).first();
    if (!all.isNullAt(0)) {
      values.put(Segmenter.ALL, all.getDouble(0));
    }
    values.replaceAll((k, v) -> v > 0 ? v : ctx.config().policy.spec().valuePerCustomer());
    return values;
  }

  /** The t* interval of each segment's latest policy before D. */
  private static Map<String, TStarInterval> previousIntervals(JobContext ctx) {
    Map<String, TStarInterval> out = new TreeMap<>();
    Optional<Dataset<Row>> table = ctx.outputs().readIfExists(Table.SEGMENT_POLICIES);
    if (table.isEmpty()) {
      return out;
    }
    Dataset<Row> before = table.get().where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf()))));
    for (Row r : before
        .withColumn("_latest", max("as_of_date").over(
            org.apache.spark.sql.expressions.Window.partitionBy("segment")))
        .where(col("as_of_date").equalTo(col("_latest")))
        .select(col("segment"), col("t_star_low_days"), col("t_star_high_days"),
            col("interval_level"))
        .collectAsList()) {
      if (!r.isNullAt(1) && !r.isNullAt(2)) {
        out.put(r.getString(0), new TStarInterval(r.getDouble(1), r.getDouble(2),
            r.getDouble(3), 0, 0));
      }
    }
    return out;
  }

  private static Row policyRow(JobContext ctx, SegmentPolicy p, long customers, boolean moved) {
    List<Row> ladder = new ArrayList<>();
    for (Rung r : p.ladder()) {
      ladder.add(RowFactory.create(r.rung(), r.action(), r.t(), r.expectedValue(), r.uplift(),
          r.upliftSource(), r.cost(), r.inactiveShare()));
    }
    List<Row> curve = new ArrayList<>();
    for (ActionCurve c : p.curves()) {
      for (int i = 0; i < p.times().length; i++) {
        curve.add(RowFactory.create(c.action(), p.times()[i], p.survival()[i], c.uplift()[i],
            c.w()[i]));
      }
    }
    TStarInterval i = p.interval();
    return RowFactory.create(Date.valueOf(ctx.asOf()), p.segment(), p.unit().key(), customers,
        p.spells(), p.plateau(), p.value(), p.noAction(), p.tStar(),
        i == null ? null : i.low(), i == null ? null : i.high(), i == null ? null : i.level(),
        moved, p.ladderValue(), p.upliftSource(),
        scala.jdk.javaapi.CollectionConverters.asScala(ladder).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(curve).toSeq());
  }
}
