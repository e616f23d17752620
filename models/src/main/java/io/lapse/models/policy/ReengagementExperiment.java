package io.lapse.models.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.InputSchemaException;
import io.lapse.features.ml.SchemaCheck;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The experiment lapse runs on its own re-engagement actions, so that the uplift of each action at
 * each inactivity is measured instead of assumed.
 *
 * <p><b>Assignment.</b> Every action due for a customer's current spell is drawn into an arm:
 * {@code control} with probability {@link ExperimentSpec#controlShare()}, else {@code treated}.
 * The draw is a hash of (experiment id, customer, spell start, action), so it is the same on every
 * night and every rerun, needs no state, and a customer's spell keeps its arm for an action as
 * long as the action stays due. Control actions are recorded and never sent: only treated actions
 * reach {@code reengagement_actions}. Each rung is drawn on its own, so the control of rung k is
 * made of customers who had the earlier rungs like the treated: uplift u_k is then measured on the
 * customers the earlier rungs did not win back, which is the u_k the ladder's W_k uses.
 *
 * <p>The assignments table holds one row per (experiment, customer, spell start, action), dated
 * the night the action first fell due ({@code as_of_date}), with the planned date and inactivity
 * of that night. A rerun of a night replaces that night's rows and draws the same arms.
 *
 * <p><b>Exposure.</b> An assignment is evaluated only if the customer was still inactive up to its
 * planned date (no engaged day after the spell start and before the planned date); one who came
 * back earlier was never contacted, in either arm. The rule is the same for both arms, so it
 * selects no arm over the other, and the exposed assignments are contacts of a randomized
 * experiment that {@link CampaignUplift} turns into uplift by inactivity bucket.
 */
public final class ReengagementExperiment {

  public static final String AS_OF_DATE = CustomerActions.AS_OF_DATE;
  public static final String EXPERIMENT_ID = "experiment_id";
  public static final String CUSTOMER_ID = CustomerActions.CUSTOMER_ID;
  /** The customer's last engaged day before the inactivity spell. */
  public static final String SPELL_START = "spell_start";
  public static final String ARM = "arm";
  /** The uniform draw in [0, 1) that decided the arm (control when below the control share). */
  public static final String ARM_DRAW = "arm_draw";
  public static final String PLANNED_DATE = "planned_date";
  public static final String DAYS_INACTIVE = "days_inactive_at_planned";
  public static final String TREATED = CampaignUplift.TREATED;
  public static final String CONTROL = CampaignUplift.CONTROL;
  /** The reason in scores of a customer whose next action is due and held out as control. */
  public static final String HELD_OUT = "held_out";
  /**
   * The reason in scores of a customer whose next action was planned for this spell on an earlier
   * night for another date: it is not planned twice.
   */
  public static final String PLANNED_EARLIER = "planned_earlier";

  /** Columns of the assignments table, in order; key (experiment_id, customer_id, spell_start,
   * action). */
  public static final List<String> ASSIGNMENT_COLUMNS = List.of(AS_OF_DATE, EXPERIMENT_ID,
      CUSTOMER_ID, SPELL_START, CustomerActions.SEGMENT, CustomerActions.POLICY_SEGMENT,
      CustomerActions.POLICY_UNIT, CustomerActions.ACTION, CustomerActions.RUNG, ARM, ARM_DRAW,
      PLANNED_DATE, DAYS_INACTIVE, CustomerActions.LATENCY_DAYS,
      CustomerActions.PREFERENCE_GROUP);
  /**
   * The columns an assignments table needs: tables from before latency_days and
   * preference_group lack them.
   */
  private static final List<String> REQUIRED_ASSIGNMENT_COLUMNS =
      ASSIGNMENT_COLUMNS.subList(0, ASSIGNMENT_COLUMNS.size() - 2);

  private static final List<String> KEY = List.of(EXPERIMENT_ID, CUSTOMER_ID, SPELL_START,
      CustomerActions.ACTION);

  /**
   * @param assignments the rows first assigned on the as-of date (the night's share of the
   *     assignments table)
   * @param treatedActions the due actions to send: {@code reengagementActions} without control
   * @param heldOut (customer_id, action) of the due actions held out as control
   * @param plannedEarlier (customer_id, action) of the due actions planned for the spell on an
   *     earlier night for another date (not listed again)
   */
  public record Assigned(Dataset<Row> assignments, Dataset<Row> treatedActions,
      Dataset<Row> heldOut, Dataset<Row> plannedEarlier) {}

  private ReengagementExperiment() {}

  /**
   * The arm draw: a uniform number in [0, 1) from SHA-256 of the experiment id, customer id,
   * spell start (ISO date) and action. A cryptographic hash so that no pattern in customer ids
   * (sequential numbers, shared prefixes) can leak into the arms; its 53 leading bits make the
   * double.
   */
  public static double draw(String experimentId, String customerId, String spellStart,
      String action) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    for (String part : new String[] {experimentId, customerId, spellStart, action}) {
      sha.update(Objects.requireNonNull(part, "arm draw part").getBytes(StandardCharsets.UTF_8));
      // A separator that no part contains, so that ("ab", "c") and ("a", "bc") differ.
      sha.update((byte) 0);
    }
    long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }

  /**
   * Draws the arms of the actions due as of D.
   *
   * @param dueActions {@link CustomerActions.Result#reengagementActions()} of D
   * @param earlier the assignments table, when it exists (rows of D itself are ignored, so a rerun
   *     assigns the night again)
   */
  public static Assigned assign(Dataset<Row> dueActions, Optional<Dataset<Row>> earlier,
      ExperimentSpec spec, LocalDate asOf) {
    requireColumns("due actions", dueActions, CustomerActions.ACTION_COLUMNS);
    String id = spec.id();
    UserDefinedFunction drawUdf = udf((UDF4<String, String, String, String, Double>)
        ReengagementExperiment::draw, DataTypes.DoubleType);
    Dataset<Row> drawn = dueActions
        .withColumn(EXPERIMENT_ID, lit(id))
        .withColumn(SPELL_START,
            date_sub(col(CustomerActions.DUE_DATE), col(CustomerActions.DAYS_INACTIVE)))
        .withColumn(ARM_DRAW, drawUdf.apply(lit(id), col(CUSTOMER_ID),
            col(SPELL_START).cast(DataTypes.StringType), col(CustomerActions.ACTION)))
        .withColumn(ARM, when(col(ARM_DRAW).lt(spec.controlShare()), lit(CONTROL))
            .otherwise(lit(TREATED)));
    Dataset<Row> firstDue = drawn;
    Dataset<Row> listed = drawn;
    Dataset<Row> plannedEarlier = drawn.limit(0);
    if (earlier.isPresent()) {
      requireColumns("reengagement assignments", earlier.get(), REQUIRED_ASSIGNMENT_COLUMNS);
      Dataset<Row> before = earlier.get()
          .where(col(AS_OF_DATE).lt(lit(Date.valueOf(asOf))))
          .select(col(EXPERIMENT_ID), col(CUSTOMER_ID), col(SPELL_START),
              col(CustomerActions.ACTION), col(PLANNED_DATE).as("_planned"));
      firstDue = drawn.join(before, KEY.toArray(String[]::new), "left_anti");
      // An action is planned once per spell: when the timing arms or the policy move, a spell
      // planned on an earlier night keeps that date (listed again only on it), never a second one.
      Dataset<Row> withPlan = drawn.join(before, KEY.toArray(String[]::new), "left");
      Column sameOrNone = col("_planned").isNull()
          .or(col("_planned").equalTo(col(CustomerActions.DUE_DATE)));
      listed = withPlan.where(sameOrNone).drop("_planned");
      plannedEarlier = withPlan.where(org.apache.spark.sql.functions.not(sameOrNone))
          .drop("_planned");
    }
    Dataset<Row> assignments = firstDue.select(
        col(AS_OF_DATE), col(EXPERIMENT_ID), col(CUSTOMER_ID), col(SPELL_START),
        col(CustomerActions.SEGMENT), col(CustomerActions.POLICY_SEGMENT),
        col(CustomerActions.POLICY_UNIT), col(CustomerActions.ACTION), col(CustomerActions.RUNG),
        col(ARM), col(ARM_DRAW), col(CustomerActions.DUE_DATE).as(PLANNED_DATE),
        col(CustomerActions.DAYS_INACTIVE).as(DAYS_INACTIVE), col(CustomerActions.LATENCY_DAYS),
        col(CustomerActions.PREFERENCE_GROUP));
    Dataset<Row> treated = listed.where(col(ARM).equalTo(TREATED))
        .select(CustomerActions.ACTION_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> heldOut = listed.where(col(ARM).equalTo(CONTROL))
        .select(col(CUSTOMER_ID), col(CustomerActions.ACTION));
    return new Assigned(assignments, treated, heldOut,
        plannedEarlier.select(col(CUSTOMER_ID), col(CustomerActions.ACTION)));
  }

  /**
   * {@code customers} ({@link CustomerActions.Result#customers()}) with the reason
   * {@link #HELD_OUT} where the next action is due and held out as control, or
   * {@link #PLANNED_EARLIER} where it was planned for another date on an earlier night, so that
   * nothing reading scores sends it either.
   */
  public static Dataset<Row> onCustomers(Dataset<Row> customers, Assigned assigned) {
    Dataset<Row> h = assigned.heldOut().withColumn("h_reason", lit(HELD_OUT))
        .union(assigned.plannedEarlier().withColumn("h_reason", lit(PLANNED_EARLIER)))
        .select(col(CUSTOMER_ID).as("h_customer"), col(CustomerActions.ACTION).as("h_action"),
            col("h_reason"));
    Column[] columns = CustomerActions.CUSTOMER_COLUMNS.stream()
        .map(c -> c.equals(CustomerActions.REASON)
            ? org.apache.spark.sql.functions.coalesce(col("h_reason"), col(c)).as(c)
            : col(c))
        .toArray(Column[]::new);
    return customers.join(h, col(CUSTOMER_ID).equalTo(col("h_customer"))
            .and(col(CustomerActions.NEXT_ACTION).equalTo(col("h_action")))
            .and(col(CustomerActions.REASON).equalTo(CustomerActions.DUE)), "left")
        .select(columns);
  }

  /**
   * The exposed assignments as {@link CampaignUplift} contacts: (customer_id, contact_ts =
   * planned date, action, group = arm, latency_days planned with, preference_group). An assignment is exposed when the customer has no engaged
   * day after the spell start and before the planned date.
   *
   * @param assignments the assignments table (any experiments)
   * @param engagementDaily (customer_id, activity_date, actions); engaged when actions > 0
   */
  public static Dataset<Row> exposedContacts(Dataset<Row> assignments,
      Dataset<Row> engagementDaily) {
    requireColumns("reengagement assignments", assignments, REQUIRED_ASSIGNMENT_COLUMNS);
    requireColumns("engagement daily", engagementDaily,
        List.of("customer_id", "activity_date", "actions"));
    Dataset<Row> engaged = engagementDaily.where(col("actions").gt(0))
        .select(col("customer_id").as("e_customer"), col("activity_date").as("e_day"));
    Column returnedEarly = col("e_customer").equalTo(col(CUSTOMER_ID))
        .and(col("e_day").gt(col(SPELL_START)))
        .and(col("e_day").lt(col(PLANNED_DATE)));
    // Assignments written before these columns existed have none.
    Column latency = SchemaCheck.optional(assignments, CustomerActions.LATENCY_DAYS,
        DataTypes.DoubleType);
    Column group = SchemaCheck.optional(assignments, CustomerActions.PREFERENCE_GROUP,
        DataTypes.StringType);
    Dataset<Row> a = assignments.select(col(EXPERIMENT_ID), col(CUSTOMER_ID), col(SPELL_START),
        col(CustomerActions.ACTION), col(ARM), col(PLANNED_DATE), latency.as("a_latency"),
        group.as("a_group"));
    return a.join(engaged, returnedEarly, "left")
        .groupBy(col(EXPERIMENT_ID), col(CUSTOMER_ID), col(SPELL_START),
            col(CustomerActions.ACTION), col(ARM), col(PLANNED_DATE), col("a_latency"),
            col("a_group"))
        .agg(count(col("e_day")).as("returned_days"))
        .where(col("returned_days").equalTo(0))
        .select(col(CUSTOMER_ID).as(CampaignUplift.CUSTOMER_ID),
            col(PLANNED_DATE).cast(DataTypes.TimestampType).as(CampaignUplift.CONTACT_TS),
            col(CustomerActions.ACTION).as(CampaignUplift.ACTION),
            col(ARM).as(CampaignUplift.GROUP),
            col("a_latency").as(CampaignUplift.LATENCY_DAYS),
            col("a_group").as(CampaignUplift.PREFERENCE_GROUP));
  }

  /**
   * The contacts CRM reports, without those that carry out one of lapse's assignments (same
   * customer and action, after the spell start and at most {@code windowDays} after the planned
   * date: CRM may send a day late). The assignment stands for such a contact, in its arm: counting
   * the report as well would count the contact twice, and as treated even when it was late.
   */
  public static Dataset<Row> withoutAssigned(Dataset<Row> reported, Dataset<Row> assignments,
      int windowDays) {
    requireColumns("reengagement assignments", assignments, REQUIRED_ASSIGNMENT_COLUMNS);
    Dataset<Row> a = assignments.select(col(CUSTOMER_ID).as("a_customer"),
        col(CustomerActions.ACTION).as("a_action"), col(SPELL_START).as("a_start"),
        col(PLANNED_DATE).as("a_planned"));
    Column day = org.apache.spark.sql.functions.to_date(col(CampaignUplift.CONTACT_TS));
    return reported.join(a, col(CampaignUplift.CUSTOMER_ID).equalTo(col("a_customer"))
            .and(col(CampaignUplift.ACTION).equalTo(col("a_action")))
            .and(day.gt(col("a_start")))
            .and(day.leq(org.apache.spark.sql.functions.date_add(col("a_planned"), windowDays))),
        "left_anti");
  }

  /**
   * (customer_id, spell_start, contact_date) of the treated assignments: where lapse acted on a
   * spell, if the customer was still inactive then (see {@link
   * io.lapse.models.training.ReturnTimeCurves#estimate}).
   */
  public static Dataset<Row> treatedContacts(Dataset<Row> assignments) {
    requireColumns("reengagement assignments", assignments, REQUIRED_ASSIGNMENT_COLUMNS);
    return assignments.where(col(ARM).equalTo(TREATED))
        .select(col(CUSTOMER_ID), col(SPELL_START), col(PLANNED_DATE).as("contact_date"));
  }

  private static void requireColumns(String what, Dataset<Row> df, List<String> names) {
    SchemaCheck.problems(what, df.schema(),
        SchemaCheck.Column.any(names.toArray(String[]::new))).ifPresent(m -> {
          throw new InputSchemaException(m);
        });
  }
}
