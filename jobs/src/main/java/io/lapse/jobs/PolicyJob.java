package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.ml.SchemaCheck;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.config.PolicySettings;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.models.policy.CampaignUplift;
import io.lapse.models.policy.CustomerActions;
import io.lapse.models.policy.PolicySpec;
import io.lapse.models.policy.PolicyValues;
import io.lapse.models.policy.ReengagementExperiment;
import io.lapse.models.policy.RewardPreferences;
import io.lapse.models.policy.SegmentPolicies;
import io.lapse.models.policy.SegmentPolicyTable;
import io.lapse.models.policy.PreviousPolicy;
import io.lapse.models.policy.TimingArm;
import io.lapse.models.policy.UpliftReport;
import io.lapse.models.training.ReturnTimeCurves;
import io.lapse.models.training.SegmentModel;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-engagement policy as of D: the uplift measured so far (reengagement_uplift), per segment
 * the optimal point t* and the escalation ladder from its return-time curve and that uplift
 * (segment_policies), per customer the next action (added to scores), the arms of the actions due
 * in the next days (reengagement_assignments) and the treated ones CRM sends
 * (reengagement_actions).
 */
public final class PolicyJob {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyJob.class);

  private PolicyJob() {}

  public static void run(JobContext ctx) {
    PolicySettings settings = ctx.config().policy;
    Dataset<Row> features = ctx.reader().features(ctx.asOf());
    if (!Arrays.asList(features.columns()).contains(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS)) {
      LOG.warn("no engagement features as of {}: no re-engagement policy", ctx.asOf());
      return;
    }
    Dataset<Row> segments = features.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT);
    Map<String, Long> sizes = new TreeMap<>();
    features.groupBy(Segmenter.SEGMENT).count().collectAsList()
        .forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
    Dataset<Row> engagedDays = ctx.reader().engagedDays();

    Optional<Dataset<Row>> assignments = ctx.outputs().readIfExists(
        Table.REENGAGEMENT_ASSIGNMENTS)
        .map(a -> a.where(col(Outputs.AS_OF_DATE).lt(lit(Date.valueOf(ctx.asOf())))));
    // The curves are the customers' own return times: spells lapse acted on are censored there.
    Optional<Dataset<Row>> treated = assignments.map(ReengagementExperiment::treatedContacts);

    // With timing in latency units, the policy in days still serves customers without a latency.
    Map<PolicySpec, Map<String, KaplanMeierCurve>> curvesByUnit = new LinkedHashMap<>();
    Map<String, KaplanMeierCurve> dayCurves = new TreeMap<>();
    for (SegmentModel m : ReturnTimeCurves.estimate(engagedDays, segments, ctx.asOf(), sizes,
        treated)) {
      dayCurves.put(m.segment(), m.curve());
    }
    curvesByUnit.put(settings.spec(), dayCurves);
    settings.latencySpec().ifPresent(l -> curvesByUnit.put(l, ReturnTimeCurves.inLatencyUnits(
        engagedDays, features, EngagementFeatures.ENGAGEMENT_LATENCY_DAYS, ctx.asOf(),
        l.timeStep(), treated)));

    Map<String, Double> values = settings.valueFromModels()
        ? PolicyValues.fromExpectedTransactions(features,
            ctx.outputs().readAsOf(Table.SCORES, ctx.asOf()),
            settings.spec().valuePerCustomer())
        : settings.valueFromClv()
            ? PolicyValues.fromClv(features, ctx.outputs().readAsOf(Table.SCORES, ctx.asOf()),
                settings.spec().valuePerCustomer())
            : Map.of();
    // Evidence: lapse's own experiments of earlier nights, and the contacts CRM reports.
    Dataset<Row> engagementDaily = engagedDays.withColumn("actions", lit(1L));
    Optional<Dataset<Row>> contacts = Stream.of(
            assignments.map(a -> ReengagementExperiment.exposedContacts(a, engagementDaily)),
            settings.campaignContacts().map(c -> assignments
                .map(a -> ReengagementExperiment.withoutAssigned(ctx.reader().source(c), a,
                    settings.spec().campaignHistory().responseWindowDays()))
                .orElseGet(() -> ctx.reader().source(c))))
        .flatMap(Optional::stream)
        .reduce((a, b) -> a.unionByName(b, true));
    // Reported contacts without a latency are read against the customer's latency of tonight.
    Dataset<Row> contactSegments = features.select(col(CustomerFeatures.CUSTOMER_ID),
        col(Segmenter.SEGMENT), col(EngagementFeatures.ENGAGEMENT_LATENCY_DAYS)
            .cast(DataTypes.DoubleType).as(CampaignUplift.LATENCY_DAYS));
    CampaignUplift history = contacts
        .map(c -> CampaignUplift.estimate(c, engagementDaily, contactSegments, ctx.asOf(),
            settings.spec().campaignHistory()))
        .orElseGet(() -> CampaignUplift.none(settings.spec().campaignHistory()));
    ctx.outputs().writeAsOf(Table.REENGAGEMENT_UPLIFT,
        UpliftReport.toDataFrame(ctx.spark(), ctx.asOf(), history.buckets(), settings.rewards()),
        ctx.asOf());
    Map<String, PreviousPolicy> previous = ctx.outputs().readIfExists(Table.SEGMENT_POLICIES)
        .map(t -> SegmentPolicyTable.previousPolicies(t, ctx.asOf()))
        .orElseGet(Map::of);

    List<SegmentPolicies.Entry> policies = SegmentPolicies.optimize(curvesByUnit, sizes,
        ctx.config().segmentMinCustomers, values, history, previous, settings.experiment(),
        settings.rewards(), ctx.asOf());
    ctx.outputs().writeAsOf(Table.SEGMENT_POLICIES,
        SegmentPolicyTable.toDataFrame(ctx.spark(), ctx.asOf(), policies, settings.rewards()),
        ctx.asOf());

    Dataset<Row> customers = features.select(col(CustomerFeatures.CUSTOMER_ID),
        col(Segmenter.SEGMENT),
        col(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS).cast(DataTypes.IntegerType)
            .as(CustomerActions.RECENCY_DAYS),
        col(EngagementFeatures.ENGAGEMENT_LATENCY_DAYS).cast(DataTypes.DoubleType),
        preferenceGroup(features, settings.rewards()).as(CustomerActions.PREFERENCE_GROUP));
    Map<String, List<TimingArm>> arms = new TreeMap<>();
    policies.stream().filter(e -> !e.timingArms().isEmpty())
        .forEach(e -> arms.computeIfAbsent(e.policy().segment(), k -> new ArrayList<>())
            .addAll(e.timingArms()));
    CustomerActions.Result actions = CustomerActions.compute(customers,
        policies.stream().map(SegmentPolicies.Entry::policy).toList(), arms,
        policies.stream().flatMap(e -> e.preferenceLadders().stream()).toList(),
        settings.experiment().id(), settings.winBack().orElse(null), ctx.asOf(),
        settings.spec().dueWindowDays(),
        EngagementFeatures.ENGAGEMENT_LATENCY_DAYS);
    ReengagementExperiment.Assigned assigned = ReengagementExperiment.assign(
        actions.reengagementActions(), assignments, settings.experiment(), ctx.asOf());

    ctx.outputs().writeAsOf(Table.REENGAGEMENT_ASSIGNMENTS, assigned.assignments(), ctx.asOf());
    // CRM loads the treated only: control actions are recorded above and never sent.
    ctx.outputs().writeAsOf(Table.REENGAGEMENT_ACTIONS, assigned.treatedActions(),
        ctx.asOf());
    // A rerun of the policy alone replaces its own columns of scores.
    ctx.outputs().writeAsOf(Table.SCORES, CustomerActions.onScores(
        ctx.outputs().readAsOf(Table.SCORES, ctx.asOf()),
        ReengagementExperiment.onCustomers(actions.customers(), assigned)),
        ctx.asOf());
  }

  /** The customer's reward preference group from the community role and order-3 actions. */
  private static Column preferenceGroup(Dataset<Row> features, RewardPreferences rewards) {
    return rewards.groupColumn(
        SchemaCheck.optional(features, EngagementFeatures.COMMUNITY_ROLE, DataTypes.StringType),
        SchemaCheck.optional(features, EngagementFeatures.ORDER_3_TOTAL, DataTypes.DoubleType));
  }
}
