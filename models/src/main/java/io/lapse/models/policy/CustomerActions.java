package io.lapse.models.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ml.SchemaCheck;
import io.lapse.features.Segmenter;
import io.lapse.features.input.InputSchemaException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-customer actions as of a date D from the segments' ladders.
 *
 * <p>Input: one row per customer with {@link #CUSTOMER_ID}, {@link #SEGMENT},
 * {@link #RECENCY_DAYS} (days from the last engaged day to D; null when the customer has none),
 * and optionally a personal latency column in days (null or absent: no latency).
 *
 * <p>Reason codes ({@link #REASON}):
 * <ul>
 *   <li>{@code active}: engaged on D (recency 0); never due, whatever an earlier spell was due</li>
 *   <li>{@code no_action}: the segment's policy says no action pays</li>
 *   <li>{@code due}: the next rung falls on D or within the due window after it</li>
 *   <li>{@code not_yet_due}: the next rung falls after the due window</li>
 *   <li>{@code past_ladder}: inactive longer than the last rung; nothing more pays</li>
 *   <li>{@code no_policy}: neither the segment nor ALL has a policy</li>
 *   <li>{@code no_history}: the customer has no engaged day (no spell to time)</li>
 * </ul>
 *
 * <p>A rung is due on the day its time (in days for the customer, rounded up) since the last
 * engaged day is reached; rungs whose day lies before the recency have passed and are not due
 * (see {@link PolicyBook}).
 */
public final class CustomerActions {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String SEGMENT = Segmenter.SEGMENT;
  public static final String RECENCY_DAYS = "recency_days";
  /**
   * The last part of a spell's timing-arm draw, where the actions' draws have the action's name:
   * names are never blank, so the timing draw is independent of every action's arm.
   */
  public static final String TIMING_DRAW = "";

  public static final String ACTIVE = "active";
  public static final String NO_ACTION = "no_action";
  public static final String DUE = "due";
  public static final String NOT_YET_DUE = "not_yet_due";
  public static final String PAST_LADDER = "past_ladder";
  public static final String NO_POLICY = "no_policy";
  public static final String NO_HISTORY = "no_history";

  public static final String AS_OF_DATE = "as_of_date";
  public static final String POLICY_SEGMENT = "policy_segment";
  public static final String POLICY_UNIT = "policy_unit";
  public static final String NEXT_ACTION = "next_action";
  public static final String NEXT_ACTION_RUNG = "next_action_rung";
  public static final String NEXT_ACTION_DUE_DATE = "next_action_due_date";
  public static final String NEXT_ACTION_DAYS_INACTIVE = "next_action_days_inactive";
  public static final String NEXT_ACTION_EXPECTED_VALUE = "next_action_expected_value";
  public static final String REASON = "next_action_reason";

  public static final String ACTION = "action";
  public static final String RUNG = "rung";
  public static final String DUE_DATE = "due_date";
  public static final String DAYS_INACTIVE = "days_inactive_at_due";
  public static final String EXPECTED_VALUE = "expected_value";
  /** The customer's personal latency in days the actions were planned with (null: none). */
  public static final String LATENCY_DAYS = "latency_days";
  /**
   * Optional in the customers, and in the actions: the customer's reward preference group (null:
   * the default ladder).
   */
  public static final String PREFERENCE_GROUP = "preference_group";

  /** Columns of {@link Result#customers()}, in order. */
  public static final List<String> CUSTOMER_COLUMNS = List.of(AS_OF_DATE, CUSTOMER_ID, SEGMENT,
      POLICY_SEGMENT, POLICY_UNIT, NEXT_ACTION, NEXT_ACTION_RUNG, NEXT_ACTION_DUE_DATE,
      NEXT_ACTION_DAYS_INACTIVE, NEXT_ACTION_EXPECTED_VALUE, REASON);

  /**
   * Columns of {@link Result#reengagementActions()}, in order; key (customer_id, action,
   * due_date).
   */
  public static final List<String> ACTION_COLUMNS = List.of(AS_OF_DATE, CUSTOMER_ID, SEGMENT,
      POLICY_SEGMENT, POLICY_UNIT, ACTION, RUNG, DUE_DATE, DAYS_INACTIVE, EXPECTED_VALUE,
      LATENCY_DAYS, PREFERENCE_GROUP);

  /** The columns the policy adds to scores, after the onset models'. */
  public static final List<String> SCORE_COLUMNS = List.of(POLICY_SEGMENT, POLICY_UNIT,
      NEXT_ACTION, NEXT_ACTION_RUNG, NEXT_ACTION_DUE_DATE, NEXT_ACTION_DAYS_INACTIVE,
      NEXT_ACTION_EXPECTED_VALUE, REASON);

  private static final StructType PLANNED = new StructType()
      .add(RUNG, DataTypes.IntegerType, false)
      .add(ACTION, DataTypes.StringType, false)
      .add("days_inactive", DataTypes.IntegerType, false)
      .add("due_in_days", DataTypes.IntegerType, false)
      .add(EXPECTED_VALUE, DataTypes.DoubleType, false);
  private static final StructType PLAN = new StructType()
      .add("reason", DataTypes.StringType, false)
      .add("policy_segment", DataTypes.StringType, true)
      .add("policy_unit", DataTypes.StringType, true)
      .add("next", PLANNED, true)
      .add("due", DataTypes.createArrayType(PLANNED, false), false);

  /**
   * @param customers one row per customer: customer-level fields, e.g. to join onto scores
   * @param reengagementActions one row per customer and due action
   */
  public record Result(Dataset<Row> customers, Dataset<Row> reengagementActions) {}

  private CustomerActions() {}

  /**
   * {@code scores} with the policy's {@link #SCORE_COLUMNS} of {@code customers} (a
   * {@link Result#customers()}) appended, replacing those columns where a previous policy run
   * added them; customers without a row get nulls.
   */
  public static Dataset<Row> onScores(Dataset<Row> scores, Dataset<Row> customers) {
    Dataset<Row> base = scores;
    for (String c : SCORE_COLUMNS) {
      base = base.drop(c);
    }
    List<Column> plan = new ArrayList<>(List.of(col(CUSTOMER_ID)));
    List<Column> order = new ArrayList<>();
    for (String c : base.columns()) {
      order.add(col(c));
    }
    SCORE_COLUMNS.forEach(c -> {
      plan.add(col(c));
      order.add(col(c));
    });
    return base.join(customers.select(plan.toArray(Column[]::new)), new String[] {CUSTOMER_ID},
            "left")
        .select(order.toArray(Column[]::new));
  }

  /**
   * @param customers (customer_id, segment, recency_days[, latency]) as of {@code asOf}
   * @param policies the segments' policies (at most one per segment and unit)
   * @param asOf the as-of date D
   * @param dueWindowDays rungs due on D through D + this many days are due
   * @param latencyColumn the personal latency column in days, or null for none
   */
  public static Result compute(Dataset<Row> customers, List<SegmentPolicy> policies,
      LocalDate asOf, int dueWindowDays, String latencyColumn) {
    return compute(customers, policies, Map.of(), null, null, asOf, dueWindowDays,
        latencyColumn);
  }

  /**
   * As above, with the timing arms of the segments that explore: a customer's spell is drawn into
   * an arm by {@link ReengagementExperiment#draw} of (experiment id, customer, spell start,
   * {@link #TIMING_DRAW}), the same on every night of the spell.
   *
   * @param timingArms by segment, the arms of its policies (each names its unit)
   * @param experimentId the experiment whose draws time the spells (null: no arms)
   * @param winBack the step after the last rung (null: none)
   */
  public static Result compute(Dataset<Row> customers, List<SegmentPolicy> policies,
      Map<String, List<TimingArm>> timingArms, String experimentId, WinBackStep winBack,
      LocalDate asOf, int dueWindowDays, String latencyColumn) {
    return compute(customers, policies, timingArms, List.of(), experimentId, winBack, asOf,
        dueWindowDays, latencyColumn);
  }

  /**
   * As above, with the ladders of the reward preference groups: a customer whose
   * {@link #PREFERENCE_GROUP} (optional column) has a ladder in the policy gets it.
   */
  public static Result compute(Dataset<Row> customers, List<SegmentPolicy> policies,
      Map<String, List<TimingArm>> timingArms, List<PreferenceLadder> preferenceLadders,
      String experimentId, WinBackStep winBack, LocalDate asOf, int dueWindowDays,
      String latencyColumn) {
    Objects.requireNonNull(asOf, "as-of date");
    if (dueWindowDays < 0) {
      throw new IllegalArgumentException("due window days must be >= 0 but was " + dueWindowDays);
    }
    List<String> required = new ArrayList<>(List.of(CUSTOMER_ID, SEGMENT, RECENCY_DAYS));
    if (latencyColumn != null) {
      required.add(latencyColumn);
    }
    SchemaCheck.problems("policy customers", customers.schema(),
        SchemaCheck.Column.any(required.toArray(String[]::new))).ifPresent(m -> {
          throw new InputSchemaException(m);
        });
    PolicyBook book = new PolicyBook(policies, timingArms, winBack, preferenceLadders);
    boolean arms = experimentId != null && !timingArms.isEmpty();
    UserDefinedFunction plan = udf((UDF5<String, String, Integer, Double, String, Row>) (customer,
        segment, recency, latency, group) -> toRow(book.plan(segment, recency, latency,
            dueWindowDays, arms && recency != null ? ReengagementExperiment.draw(experimentId,
                customer, asOf.minusDays(recency).toString(), TIMING_DRAW) : null, group)), PLAN);
    Column group = SchemaCheck.optional(customers, PREFERENCE_GROUP, DataTypes.StringType);

    Column latency = latencyColumn == null ? lit(null).cast(DataTypes.DoubleType)
        : col(latencyColumn).cast(DataTypes.DoubleType);
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> planned = customers.select(
        d.as(AS_OF_DATE), col(CUSTOMER_ID), col(SEGMENT),
        plan.apply(col(CUSTOMER_ID), col(SEGMENT), col(RECENCY_DAYS).cast(DataTypes.IntegerType),
            latency, group)
            .as("plan"),
        when(latency.gt(0), latency).as(LATENCY_DAYS), group.as(PREFERENCE_GROUP));

    Dataset<Row> perCustomer = planned.select(
        col(AS_OF_DATE), col(CUSTOMER_ID), col(SEGMENT),
        col("plan.policy_segment").as(POLICY_SEGMENT),
        col("plan.policy_unit").as(POLICY_UNIT),
        col("plan.next." + ACTION).as(NEXT_ACTION),
        col("plan.next." + RUNG).as(NEXT_ACTION_RUNG),
        date_add(col(AS_OF_DATE), col("plan.next.due_in_days")).as(NEXT_ACTION_DUE_DATE),
        col("plan.next.days_inactive").as(NEXT_ACTION_DAYS_INACTIVE),
        col("plan.next." + EXPECTED_VALUE).as(NEXT_ACTION_EXPECTED_VALUE),
        col("plan.reason").as(REASON));

    Dataset<Row> actions = planned
        .select(col(AS_OF_DATE), col(CUSTOMER_ID), col(SEGMENT),
            col("plan.policy_segment").as(POLICY_SEGMENT),
            col("plan.policy_unit").as(POLICY_UNIT), col(LATENCY_DAYS), col(PREFERENCE_GROUP),
            explode(col("plan.due")).as("a"))
        .select(col(AS_OF_DATE), col(CUSTOMER_ID), col(SEGMENT), col(POLICY_SEGMENT),
            col(POLICY_UNIT), col("a." + ACTION).as(ACTION), col("a." + RUNG).as(RUNG),
            date_add(col(AS_OF_DATE), col("a.due_in_days")).as(DUE_DATE),
            col("a.days_inactive").as(DAYS_INACTIVE),
            col("a." + EXPECTED_VALUE).as(EXPECTED_VALUE), col(LATENCY_DAYS),
            col(PREFERENCE_GROUP));
    return new Result(perCustomer, actions);
  }

  private static Row toRow(CustomerPlan p) {
    List<Row> due = new ArrayList<>(p.due().size());
    for (PlannedAction a : p.due()) {
      due.add(toRow(a));
    }
    return RowFactory.create(p.reason(), p.policySegment(),
        p.policyUnit() == null ? null : p.policyUnit().key(),
        p.next() == null ? null : toRow(p.next()), due);
  }

  private static Row toRow(PlannedAction a) {
    return RowFactory.create(a.rung(), a.action(), a.daysInactive(), a.dueInDays(),
        a.expectedValue());
  }
}
