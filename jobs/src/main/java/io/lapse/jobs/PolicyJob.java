package io.lapse.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.config.PolicySettings;
import io.lapse.jobs.lake.Table;
import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.models.policy.ActionCurve;
import io.lapse.models.policy.CampaignUplift;
import io.lapse.models.policy.CustomerActions;
import io.lapse.models.policy.PolicyOptimizer;
import io.lapse.models.policy.PolicySpec;
import io.lapse.models.policy.PolicyStability;
import io.lapse.models.policy.Rung;
import io.lapse.models.policy.SegmentPolicy;
import io.lapse.models.policy.TStarInterval;
import io.lapse.models.policy.TimingUnit;
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
      .add("t", DataTypes.DoubleType, false)
      .add("expected_value", DataTypes.DoubleType, false)
      .add("uplift", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("cost", DataTypes.DoubleType, false)
      .add("inactive_share", DataTypes.DoubleType, false);
  private static final StructType CURVE_POINT = new StructType()
      .add("action", DataTypes.StringType, false)
      .add("t", DataTypes.DoubleType, false)
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
      .add("t_star", DataTypes.DoubleType, true)
      .add("t_star_low", DataTypes.DoubleType, true)
      .add("t_star_high", DataTypes.DoubleType, true)
      .add("interval_level", DataTypes.DoubleType, true)
      .add("moved_outside_previous_interval", DataTypes.BooleanType, false)
      .add("ladder_expected_value", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("ladder", DataTypes.createArrayType(RUNG, false), false)
      .add("w_curve", DataTypes.createArrayType(CURVE_POINT, false), false);

  /** The columns the policy adds to scores, after the onset models'. */
  public static final List<String> SCORE_COLUMNS = List.of(CustomerActions.POLICY_SEGMENT,
      CustomerActions.POLICY_UNIT,
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
    Map<String, KaplanMeierCurve> dayCurves = new TreeMap<>();
    for (SegmentModel m : ReturnTimeCurves.estimate(TrainJob.engagedDays(ctx), segments,
        ctx.asOf(), sizes)) {
      dayCurves.put(m.segment(), m.curve());
    }
    Map<String, Double> values = settings.valueFromModels() ? valuesFromModels(ctx, features)
        : Map.of();
    CampaignUplift history = settings.campaignContacts()
        .map(c -> CampaignUplift.estimate(FeaturesJob.readTable(ctx, c),
            ctx.outputs().read(Table.ENGAGEMENT_DAILY), segments, ctx.asOf(),
            settings.spec().campaignHistory()))
        .orElseGet(() -> CampaignUplift.none(settings.spec().campaignHistory()));
    Map<String, TStarInterval> previous = previousIntervals(ctx);

    List<SegmentPolicy> policies = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    // With timing in latency units, the policy in days still serves customers without a latency.
    Map<PolicySpec, Map<String, KaplanMeierCurve>> byUnit = new java.util.LinkedHashMap<>();
    byUnit.put(settings.spec(), dayCurves);
    settings.latencySpec().ifPresent(
        l -> byUnit.put(l, latencyCurves(ctx, features, l.timeStep())));
    for (Map.Entry<PolicySpec, Map<String, KaplanMeierCurve>> unit : byUnit.entrySet()) {
      PolicySpec spec = unit.getKey();
      PolicyOptimizer optimizer = new PolicyOptimizer(spec);
      UpliftModel prior = UpliftModel.prior(spec.reachability());
      for (Map.Entry<String, KaplanMeierCurve> e : unit.getValue().entrySet()) {
        String segment = e.getKey();
        // Small segments take the policy of all customers (CustomerActions falls back to ALL).
        if (!segment.equals(Segmenter.ALL)
            && sizes.getOrDefault(segment, 0L) < ctx.config().segmentMinCustomers) {
          continue;
        }
        KaplanMeierCurve curve = e.getValue();
        if (curve.times().length == 0) {
          continue;
        }
        double value = values.getOrDefault(segment, spec.valuePerCustomer());
        // Campaign buckets are in days: they apply to the policy in days only.
        UpliftModel uplift = spec.timingUnit() == TimingUnit.DAYS ? history.over(prior, segment)
            : prior;
        SegmentPolicy policy = optimizer.optimizeWithInterval(segment, curve, value, uplift);
        TStarInterval before = previous.get(segment + "/" + spec.timingUnit().key());
        boolean moved = before != null && PolicyStability.moved(before, policy.tStar());
        if (moved) {
          LOG.warn("segment {}: t* {} {} moved outside the previous interval [{}, {}]", segment,
              policy.tStar(), spec.timingUnit().key(), before.low(), before.high());
        }
        LOG.info("segment {} ({}): {}", segment, spec.timingUnit().key(), policy.noAction()
            ? "no action pays" : "t* = " + policy.tStar() + ", ladder " + policy.ladder().stream()
                .map(r -> r.action() + "@" + r.t()).toList());
        policies.add(policy);
        long customers = segment.equals(Segmenter.ALL)
            ? sizes.values().stream().mapToLong(Long::longValue).sum()
            : sizes.getOrDefault(segment, 0L);
        rows.add(policyRow(ctx, policy, customers, moved));
      }
    }
    ctx.outputs().write(Table.SEGMENT_POLICIES,
        ctx.spark().createDataFrame(rows, SEGMENT_POLICIES),
        "as_of_date = DATE'" + ctx.asOf() + "'", "as_of_date");

    Dataset<Row> customers = features.select(col(CustomerFeatures.CUSTOMER_ID),
        col(Segmenter.SEGMENT),
        col(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS).cast(DataTypes.IntegerType)
            .as(CustomerActions.RECENCY_DAYS),
        col(EngagementFeatures.ENGAGEMENT_LATENCY_DAYS).cast(DataTypes.DoubleType));
    CustomerActions.Result actions = CustomerActions.compute(customers, policies, ctx.asOf(),
        settings.spec().dueWindowDays(), EngagementFeatures.ENGAGEMENT_LATENCY_DAYS);
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

  /**
   * Return-time curves in units of each customer's personal latency as of D (spells of engaged
   * days divided by the customer's latency, rounded up to the grid step), per segment and for all
   * customers; customers without a latency are left out (they follow the policy in days).
   */
  private static Map<String, KaplanMeierCurve> latencyCurves(JobContext ctx,
      Dataset<Row> features, double step) {
    Column day = col(EngagementDaily.ACTIVITY_DATE);
    Column next = lead(day, 1).over(
        org.apache.spark.sql.expressions.Window.partitionBy(EngagementDaily.CUSTOMER_ID)
            .orderBy(day));
    Date d = Date.valueOf(ctx.asOf());
    Dataset<Row> latency = features.where(col(EngagementFeatures.ENGAGEMENT_LATENCY_DAYS).gt(0))
        .select(col(CustomerFeatures.CUSTOMER_ID), col(Segmenter.SEGMENT),
            col(EngagementFeatures.ENGAGEMENT_LATENCY_DAYS).as("_latency"));
    Dataset<Row> spells = TrainJob.engagedDays(ctx).where(day.leq(lit(d)))
        .select(col(EngagementDaily.CUSTOMER_ID), coalesce(datediff(next, day),
            datediff(lit(d), day)).as("_days"), next.isNotNull().as("_event"))
        .where(col("_days").gt(0))
        .join(latency, CustomerFeatures.CUSTOMER_ID)
        .withColumn("_units", ceil(col("_days").divide(col("_latency")).divide(step))
            .multiply(step));
    Map<String, Map<Double, long[]>> counts = new TreeMap<>();
    for (Row r : spells.groupBy(col(Segmenter.SEGMENT), col("_units"), col("_event")).count()
        .collectAsList()) {
      for (String segment : List.of(r.getString(0), Segmenter.ALL)) {
        long[] c = counts.computeIfAbsent(segment, k -> new TreeMap<>())
            .computeIfAbsent(r.getDouble(1), k -> new long[2]);
        c[r.getBoolean(2) ? 0 : 1] += r.getLong(3);
      }
    }
    Map<String, KaplanMeierCurve> curves = new TreeMap<>();
    counts.forEach((segment, byTime) -> {
      double[] times = byTime.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      long[] events = byTime.values().stream().mapToLong(c -> c[0]).toArray();
      long[] censored = byTime.values().stream().mapToLong(c -> c[1]).toArray();
      curves.put(segment, KaplanMeier.estimate(times, events, censored));
    });
    return curves;
  }

  /** The t* interval of each segment's latest policy before D, by segment/unit. */
  private static Map<String, TStarInterval> previousIntervals(JobContext ctx) {
    Map<String, TStarInterval> out = new TreeMap<>();
    Optional<Dataset<Row>> table = ctx.outputs().readIfExists(Table.SEGMENT_POLICIES);
    if (table.isEmpty()) {
      return out;
    }
    Dataset<Row> before = table.get().where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf()))));
    for (Row r : before
        .withColumn("_latest", max("as_of_date").over(
            org.apache.spark.sql.expressions.Window.partitionBy("segment", "timing_unit")))
        .where(col("as_of_date").equalTo(col("_latest")))
        .select(concat(col("segment"), lit("/"), col("timing_unit")), col("t_star_low"),
            col("t_star_high"), col("interval_level"))
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
