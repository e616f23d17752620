package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.InputSchemaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One row per customer and day on which the customer has any accepted event: the day's
 * engagement by kind and order, its weighted degree, sessions and purchase amount. Days with only
 * non-engagement or unknown events have a row with zero actions, so that such customers are
 * "seen" (lifecycle stage Reach) and their referral link is kept.
 *
 * <p>Columns: {@link #columns(EngagementProfile)}. A day is an <em>engaged day</em> when
 * {@link #ACTIONS} &gt; 0; recency and latency downstream count engaged days only.
 */
public final class EngagementDaily {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String ACTIVITY_DATE = "activity_date";
  /** All engagement actions of the day. */
  public static final String ACTIONS = "actions";
  /** Sum of the profile weights of the day's actions. */
  public static final String WEIGHTED_DEGREE = "weighted_degree";
  /** All accepted events of the day, engagement or not. */
  public static final String EVENTS = "events";
  /** Accepted events that are not engagement actions (non-engagement and ignored unknown types). */
  public static final String OTHER_EVENTS = "other_events";
  public static final String SESSIONS = "sessions";
  public static final String SESSION_SECONDS = "session_seconds";
  /** Amount of the day's purchase-kind events; 0 when the source maps no amount column. */
  public static final String PURCHASE_AMOUNT = "purchase_amount";
  /**
   * The customer id of the referrer on the day's earliest event that names one (self-referrals
   * left out); null on most days.
   */
  public static final String REFERRER_ID = "referrer_id";

  private static final String ACTIONS_PREFIX = "actions_";

  private EngagementDaily() {}

  /** The column of a kind's action count, e.g. {@code actions_contribute}. */
  public static String actionsColumn(String kind) {
    return ACTIONS_PREFIX + kind;
  }

  /** The column of the count of actions of an order (1, 2 or 3), e.g. {@code order_2_actions}. */
  public static String orderColumn(int order) {
    return "order_" + order + "_actions";
  }

  /** The table's columns in order for a profile. */
  public static List<String> columns(EngagementProfile profile) {
    List<String> cols = new ArrayList<>(List.of(CUSTOMER_ID, ACTIVITY_DATE));
    profile.kinds().forEach(k -> cols.add(actionsColumn(k)));
    cols.addAll(List.of(ACTIONS, orderColumn(1), orderColumn(2), orderColumn(3), WEIGHTED_DEGREE,
        EVENTS, OTHER_EVENTS, SESSIONS, SESSION_SECONDS, PURCHASE_AMOUNT, REFERRER_ID));
    return List.copyOf(cols);
  }

  /**
   * Aggregates events (the {@link EventReader} contract; rejected records are left out) by customer
   * and day.
   */
  public static Dataset<Row> fromEvents(Dataset<Row> events, EngagementProfile profile,
      SessionSpec sessions) {
    Dataset<Row> classified = profile.classify(Sessionizer.accepted(events));
    Column kind = col(EngagementProfile.KIND);
    Column order = col(EngagementProfile.ENGAGEMENT_ORDER);
    Column referrer = col(EventReader.REFERRER_ID);
    Column referred = referrer.isNotNull().and(referrer.notEqual(col(EventReader.CUSTOMER_ID)));

    List<Column> aggs = new ArrayList<>();
    for (String k : profile.kinds()) {
      aggs.add(countWhere(kind.equalTo(k)).as(actionsColumn(k)));
    }
    aggs.add(countWhere(kind.isNotNull()).as(ACTIONS));
    for (int o = 1; o <= 3; o++) {
      aggs.add(countWhere(order.equalTo(o)).as(orderColumn(o)));
    }
    aggs.add(coalesce(sum(col(EngagementProfile.WEIGHT)), lit(0.0)).as(WEIGHTED_DEGREE));
    aggs.add(count(lit(1)).as(EVENTS));
    aggs.add(coalesce(sum(when(kind.equalTo(profile.purchaseKind()), col(EventReader.AMOUNT))),
        lit(0.0)).as(PURCHASE_AMOUNT));
    // Earliest referred event of the day; the referrer breaks ties so the result is deterministic.
    aggs.add(min(when(referred, struct(col(EventReader.EVENT_TS).as("ts"), referrer.as("ref"))))
        .getField("ref").as(REFERRER_ID));

    Dataset<Row> perDay = classified
        .groupBy(col(EventReader.CUSTOMER_ID).as(CUSTOMER_ID),
            col(EventReader.EVENT_DATE).as(ACTIVITY_DATE))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    Dataset<Row> sessionDays = Sessionizer.dailyOfClassified(classified, sessions)
        .withColumnRenamed(Sessionizer.CUSTOMER_ID, "s_customer")
        .withColumnRenamed(Sessionizer.ACTIVITY_DATE, "s_date");
    Dataset<Row> joined = perDay.join(sessionDays,
        col(CUSTOMER_ID).equalTo(col("s_customer")).and(col(ACTIVITY_DATE).equalTo(col("s_date"))),
        "left");
    List<Column> out = new ArrayList<>();
    for (String c : columns(profile)) {
      out.add(switch (c) {
        case OTHER_EVENTS -> col(EVENTS).minus(col(ACTIONS)).as(OTHER_EVENTS);
        case SESSIONS -> coalesce(col(Sessionizer.SESSIONS), lit(0L)).as(SESSIONS);
        case SESSION_SECONDS ->
            coalesce(col(Sessionizer.SESSION_SECONDS), lit(0.0)).as(SESSION_SECONDS);
        default -> col(c);
      });
    }
    return joined.select(out.toArray(Column[]::new));
  }

  /** Fails, naming the missing columns, when a table is not a daily table of the profile. */
  static void requireColumns(Dataset<Row> daily, EngagementProfile profile) {
    List<String> found = Arrays.asList(daily.columns());
    List<String> missing = columns(profile).stream().filter(c -> !found.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InputSchemaException("engagement daily table lacks columns " + missing
          + " of the engagement profile; columns found: " + found
          + ". Rebuild it with EngagementDaily.fromEvents and the same profile.");
    }
  }

  private static Column countWhere(Column condition) {
    return count(when(condition, lit(1))).cast(DataTypes.LongType);
  }
}
