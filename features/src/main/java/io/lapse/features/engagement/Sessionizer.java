package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Cuts a customer's engagement actions into sessions.
 *
 * <ul>
 *   <li>An action with a session id belongs to the session of that id; actions without one are cut
 *       by the inactivity gap: a gap longer than {@link SessionSpec#inactivityGapMinutes} starts a
 *       new session (a gap of exactly the limit does not).
 *   <li>Sessions end at midnight (UTC, the session time zone): a session belongs to one day, so
 *       the sessions of a day depend only on that day's events and history appended later can never
 *       change them (point-in-time correctness for features as of a day).
 *   <li>Only engagement actions of the profile open or extend sessions; impressions, email opens
 *       and unknown types are not visits.
 *   <li>The duration is last action minus first action, in seconds; a one-action session lasts 0.
 * </ul>
 */
public final class Sessionizer {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String SESSION_DATE = "session_date";
  /** The source session id, or "gap-N" (N from 1 within the customer's day) for gap sessions. */
  public static final String SESSION_ID = "session_id";
  public static final String SESSION_START = "session_start";
  public static final String SESSION_END = "session_end";
  public static final String ACTIONS = "actions";
  public static final String DURATION_SECONDS = "duration_seconds";

  /** Columns of {@link #daily}. */
  public static final String ACTIVITY_DATE = "activity_date";
  public static final String SESSIONS = "sessions";
  public static final String SESSION_SECONDS = "session_seconds";

  private static final double MICROS_PER_SECOND = 1_000_000.0;

  private Sessionizer() {}

  /**
   * One row per session.
   *
   * @param events {@link EventReader} output; rejected records are left out
   */
  public static Dataset<Row> sessions(Dataset<Row> events, EngagementProfile profile,
      SessionSpec spec) {
    return sessionsOfClassified(profile.classify(accepted(events)), spec);
  }

  /** Per customer and day: {@link #SESSIONS} and {@link #SESSION_SECONDS}, their total length. */
  public static Dataset<Row> daily(Dataset<Row> events, EngagementProfile profile,
      SessionSpec spec) {
    return dailyOfClassified(profile.classify(accepted(events)), spec);
  }

  static Dataset<Row> dailyOfClassified(Dataset<Row> classified, SessionSpec spec) {
    return sessionsOfClassified(classified, spec)
        .groupBy(col(CUSTOMER_ID), col(SESSION_DATE).as(ACTIVITY_DATE))
        .agg(count(lit(1)).as(SESSIONS),
            coalesce(sum(DURATION_SECONDS), lit(0.0)).as(SESSION_SECONDS));
  }

  /** Sessions of accepted events already classified by the profile. */
  static Dataset<Row> sessionsOfClassified(Dataset<Row> classified, SessionSpec spec) {
    Dataset<Row> actions = classified
        .where(col(EngagementProfile.KIND).isNotNull())
        .select(col(EventReader.CUSTOMER_ID).as(CUSTOMER_ID),
            col(EventReader.EVENT_DATE).as(SESSION_DATE), col(EventReader.EVENT_TS),
            col(EventReader.SESSION_ID).as("source_session"));
    Dataset<Row> byId = actions.where(col("source_session").isNotNull())
        .withColumn(SESSION_ID, col("source_session"));

    WindowSpec day = Window.partitionBy(CUSTOMER_ID, SESSION_DATE).orderBy(EventReader.EVENT_TS);
    Column micros = unix_micros(col(EventReader.EVENT_TS));
    Column gap = micros.minus(lag(micros, 1).over(day));
    long limitMicros = spec.inactivityGapMinutes() * 60L * 1_000_000L;
    Column starts = when(gap.isNull().or(gap.gt(limitMicros)), 1).otherwise(0);
    Dataset<Row> byGap = actions.where(col("source_session").isNull())
        .withColumn("starts", starts)
        .withColumn("number", sum(col("starts")).over(
            day.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn(SESSION_ID, concat(lit("gap-"), col("number").cast(DataTypes.StringType)))
        .drop("starts", "number");

    return byId.unionByName(byGap)
        .groupBy(CUSTOMER_ID, SESSION_DATE, SESSION_ID)
        .agg(min(EventReader.EVENT_TS).as(SESSION_START), max(EventReader.EVENT_TS).as(SESSION_END),
            count(lit(1)).as(ACTIONS))
        .withColumn(DURATION_SECONDS, unix_micros(col(SESSION_END))
            .minus(unix_micros(col(SESSION_START))).divide(MICROS_PER_SECOND));
  }

  static Dataset<Row> accepted(Dataset<Row> events) {
    return java.util.Arrays.asList(events.columns()).contains(EventReader.REJECT_REASON)
        ? events.where(col(EventReader.REJECT_REASON).isNull())
        : events;
  }
}
