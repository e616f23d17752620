package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.InputSchemaException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Engagement features as of a date D, computed strictly from {@link EngagementDaily} rows dated on
 * or before D, so that history appended later cannot change them. An <em>engaged day</em> is a day
 * with at least one engagement action. Windows of w days end with D (D - w + 1 through D).
 *
 * <ul>
 *   <li>Recency: days from the last engaged day (overall and per kind) to D; null when never.
 *   <li>Frequency: actions per kind and overall in each window of
 *       {@link EngagementFeatureSpec#frequencyWindowsDays}; breadth: kinds with any action in the
 *       breadth window.
 *   <li>Engagement degree: the sum over days of the day's weighted actions x exp(-ln 2 x age / h),
 *       age = D - day in days, h the half-life: an action today counts its weight, one h days ago
 *       half of it.
 *   <li>Trend: the actions of the last t days (a) against the t days before (b), as the difference
 *       a - b and as the ratio (a + 1) / (b + 1); the add-one keeps the ratio defined for customers
 *       with no actions before and reads 1 for a flat zero. Slope: the ordinary least-squares
 *       slope of weekly action counts over the last n weeks (weeks end with D, the oldest is x = 0,
 *       weeks without actions count 0), in actions per week per week.
 *   <li>Personal latency: the median gap in days between consecutive engaged days (null with fewer
 *       than two); latency ratio = recency / latency: 1 means as late as usual.
 *   <li>Sessions: all-time and windowed counts and mean session duration (null without sessions).
 *   <li>Order of engagement: actions of order 1, 2 and 3; referred active customers: distinct
 *       customers whose first referral (the earliest day an event of theirs named a referrer, on
 *       or before D) names this customer and who have any engagement on or before D; order-3
 *       total = order-3 actions + referred active customers. A referrer is only credited when it
 *       has a row itself (any event on or before D, or the customers table).
 *   <li>Community role ({@link CommunityRoleSpec}) and lifecycle stage ({@link LifecycleStage}).
 * </ul>
 *
 * <p>Customers of the customers table (column {@code customer_id}, optionally {@code
 * signup_date}: rows signed up after D are left out) without any event on or before D get a row
 * with zero counts and stage reach.
 */
public final class EngagementFeatures {

  public static final String AS_OF_DATE = "as_of_date";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String FIRST_SEEN_DATE = "first_seen_date";
  public static final String LAST_SEEN_DATE = "last_seen_date";
  public static final String FIRST_ENGAGED_DATE = "first_engaged_date";
  public static final String LAST_ENGAGED_DATE = "last_engaged_date";
  public static final String ENGAGED_DAYS = "engaged_days";
  public static final String ACTIONS_TOTAL = "actions_total";
  public static final String ENGAGEMENT_RECENCY_DAYS = "engagement_recency_days";
  public static final String ENGAGEMENT_DEGREE = "engagement_degree";
  public static final String ENGAGEMENT_LATENCY_DAYS = "engagement_latency_days";
  public static final String ENGAGEMENT_LATENCY_RATIO = "engagement_latency_ratio";
  public static final String SESSIONS_TOTAL = "sessions_total";
  public static final String MEAN_SESSION_SECONDS = "mean_session_seconds";
  public static final String ORDER_1_ACTIONS = "order_1_actions";
  public static final String ORDER_2_ACTIONS = "order_2_actions";
  public static final String ORDER_3_ACTIONS = "order_3_actions";
  public static final String REFERRED_ACTIVE_CUSTOMERS = "referred_active_customers";
  public static final String ORDER_3_TOTAL = "order_3_total";
  public static final String PURCHASE_DAYS = "purchase_days";
  public static final String PURCHASE_AMOUNT_TOTAL = "purchase_amount_total";
  public static final String COMMUNITY_ROLE = "community_role";
  public static final String DISENGAGEMENT_THRESHOLD_DAYS = "disengagement_threshold_days";
  public static final String LIFECYCLE_STAGE = "lifecycle_stage";

  /** Optional column of the customers table. */
  public static final String SIGNUP_DATE = "signup_date";
  /** Column of the segments table (with customer_id). */
  public static final String SEGMENT = "segment";

  private static final String GAP = "gap_days";
  private static final double LN2 = Math.log(2.0);

  private EngagementFeatures() {}

  public static String recencyColumn(String kind) {
    return "recency_days_" + kind;
  }

  /** {@code actions_<w>d} for all kinds (kind null) or {@code actions_<kind>_<w>d}. */
  public static String frequencyColumn(String kind, int days) {
    return kind == null ? "actions_" + days + "d" : "actions_" + kind + "_" + days + "d";
  }

  public static String breadthColumn(int days) {
    return "breadth_" + days + "d";
  }

  public static String trendDifferenceColumn(int days) {
    return "trend_difference_" + days + "d";
  }

  public static String trendRatioColumn(int days) {
    return "trend_ratio_" + days + "d";
  }

  public static String trendSlopeColumn(int weeks) {
    return "trend_slope_" + weeks + "w";
  }

  public static String sessionsColumn(int days) {
    return "sessions_" + days + "d";
  }

  public static String meanSessionSecondsColumn(int days) {
    return "mean_session_seconds_" + days + "d";
  }

  /** The feature columns in table order. */
  public static List<String> columns(EngagementFeatureSpec spec) {
    List<String> kinds = spec.profile().kinds();
    List<String> c = new ArrayList<>(List.of(AS_OF_DATE, CUSTOMER_ID, FIRST_SEEN_DATE,
        LAST_SEEN_DATE, FIRST_ENGAGED_DATE, LAST_ENGAGED_DATE, ENGAGED_DAYS, ACTIONS_TOTAL,
        ENGAGEMENT_RECENCY_DAYS));
    kinds.forEach(k -> c.add(recencyColumn(k)));
    for (int w : spec.frequencyWindowsDays()) {
      c.add(frequencyColumn(null, w));
      kinds.forEach(k -> c.add(frequencyColumn(k, w)));
    }
    c.addAll(List.of(breadthColumn(spec.breadthWindowDays()), ENGAGEMENT_DEGREE,
        trendDifferenceColumn(spec.trendWindowDays()), trendRatioColumn(spec.trendWindowDays()),
        trendSlopeColumn(spec.slopeWeeks()), ENGAGEMENT_LATENCY_DAYS, ENGAGEMENT_LATENCY_RATIO,
        SESSIONS_TOTAL, MEAN_SESSION_SECONDS, sessionsColumn(spec.sessionWindowDays()),
        meanSessionSecondsColumn(spec.sessionWindowDays()), ORDER_1_ACTIONS, ORDER_2_ACTIONS,
        ORDER_3_ACTIONS, REFERRED_ACTIVE_CUSTOMERS, ORDER_3_TOTAL, PURCHASE_DAYS,
        PURCHASE_AMOUNT_TOTAL, COMMUNITY_ROLE, DISENGAGEMENT_THRESHOLD_DAYS, LIFECYCLE_STAGE));
    return List.copyOf(c);
  }

  /** Features as of D for every customer with an event on or before D. */
  public static Dataset<Row> asOf(Dataset<Row> engagementDaily, LocalDate asOf,
      EngagementFeatureSpec spec) {
    return atDates(engagementDaily, Optional.empty(), Optional.empty(), List.of(asOf), spec);
  }

  /**
   * Features as of D.
   *
   * @param customers optional customers table: its customers without events become Reach rows
   * @param segments optional (customer_id, segment) table; required by the segment threshold
   */
  public static Dataset<Row> asOf(Dataset<Row> engagementDaily, Optional<Dataset<Row>> customers,
      Optional<Dataset<Row>> segments, LocalDate asOf, EngagementFeatureSpec spec) {
    return atDates(engagementDaily, customers, segments, List.of(asOf), spec);
  }

  /**
   * Features as of each of several dates in one pass (one row per date and customer); each date's
   * rows equal {@link #asOf} for that date.
   */
  public static Dataset<Row> atDates(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> customers, Optional<Dataset<Row>> segments, List<LocalDate> dates,
      EngagementFeatureSpec spec) {
    EngagementProfile profile = spec.profile();
    EngagementDaily.requireColumns(engagementDaily, profile);
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("engagement features need at least one as-of date");
    }
    if (spec.disengagement().needsSegments() && segments.isEmpty()) {
      throw new IllegalArgumentException("disengagement threshold 'segment' needs a segments"
          + " table (customer_id, segment) but none was given");
    }
    Column asOfDates = asOfDates(dates);
    Column day = col(EngagementDaily.ACTIVITY_DATE);
    Column engaged = col(EngagementDaily.ACTIONS).gt(0);
    Column previousEngaged = last(when(engaged, day), true).over(
        Window.partitionBy(EngagementDaily.CUSTOMER_ID).orderBy(day)
            .rowsBetween(Window.unboundedPreceding(), -1));
    // The gap to the previous engaged day only looks back, so it is the same at every as-of date.
    Dataset<Row> rows = engagementDaily
        .withColumn(GAP, when(engaged, datediff(day, previousEngaged)))
        .withColumn(AS_OF_DATE, explode(asOfDates))
        .where(day.leq(col(AS_OF_DATE)));
    Column age = datediff(col(AS_OF_DATE), day);

    List<String> kinds = profile.kinds();
    List<String> communityKinds =
        kinds.stream().filter(k -> !spec.roles().excludedKinds().contains(k)).toList();
    List<Column> aggs = new ArrayList<>();
    aggs.add(min(day).as(FIRST_SEEN_DATE));
    aggs.add(max(day).as(LAST_SEEN_DATE));
    aggs.add(min(when(engaged, day)).as(FIRST_ENGAGED_DATE));
    aggs.add(max(when(engaged, day)).as(LAST_ENGAGED_DATE));
    aggs.add(count(when(engaged, lit(1))).as(ENGAGED_DAYS));
    aggs.add(sum(EngagementDaily.ACTIONS).as(ACTIONS_TOTAL));
    for (String k : kinds) {
      aggs.add(max(when(col(EngagementDaily.actionsColumn(k)).gt(0), day)).as("_last_" + k));
    }
    for (int w : spec.frequencyWindowsDays()) {
      aggs.add(sumWithin(age, w, col(EngagementDaily.ACTIONS)).as(frequencyColumn(null, w)));
      for (String k : kinds) {
        aggs.add(sumWithin(age, w, col(EngagementDaily.actionsColumn(k)))
            .as(frequencyColumn(k, w)));
      }
    }
    // Breadth and roles reuse a frequency window of the same length (the defaults do) rather than
    // aggregating the same sums twice.
    if (!spec.frequencyWindowsDays().contains(spec.breadthWindowDays())) {
      for (String k : kinds) {
        aggs.add(sumWithin(age, spec.breadthWindowDays(), col(EngagementDaily.actionsColumn(k)))
            .as(frequencyColumn(k, spec.breadthWindowDays())));
      }
    }
    if (!spec.frequencyWindowsDays().contains(spec.roles().windowDays())
        && spec.roles().windowDays() != spec.breadthWindowDays()) {
      for (String k : communityKinds) {
        aggs.add(sumWithin(age, spec.roles().windowDays(), col(EngagementDaily.actionsColumn(k)))
            .as(frequencyColumn(k, spec.roles().windowDays())));
      }
    }
    aggs.add(sum(col(EngagementDaily.WEIGHTED_DEGREE)
        .multiply(exp(age.multiply(-LN2 / spec.degreeHalfLifeDays())))).as(ENGAGEMENT_DEGREE));
    int t = spec.trendWindowDays();
    aggs.add(sumWithin(age, t, col(EngagementDaily.ACTIONS)).as("trend_recent"));
    aggs.add(sum(when(age.geq(t).and(age.lt(2 * t)), col(EngagementDaily.ACTIONS)).otherwise(0))
        .as("trend_prior"));
    int n = spec.slopeWeeks();
    // OLS slope with x = week index 0..n-1 (oldest first):
    // sum((x - mean x) * y) / sum((x - mean x)^2), where x - mean x = (n - 1) / 2 - weeks before
    // D's week; being linear in y, it sums over days without building the weekly series.
    double sxx = n * ((double) n * n - 1) / 12.0;
    Column centeredX = lit((n - 1) / 2.0).minus(floor(age.divide(7)));
    aggs.add(sum(when(age.lt(7 * n), col(EngagementDaily.ACTIONS).multiply(centeredX))
        .otherwise(0.0)).divide(sxx).as(trendSlopeColumn(n)));
    aggs.add(percentile(col(GAP), lit(0.5)).as(ENGAGEMENT_LATENCY_DAYS));
    aggs.add(sum(EngagementDaily.SESSIONS).as(SESSIONS_TOTAL));
    aggs.add(sum(EngagementDaily.SESSION_SECONDS).as("session_seconds_total"));
    int s = spec.sessionWindowDays();
    aggs.add(sumWithin(age, s, col(EngagementDaily.SESSIONS)).as(sessionsColumn(s)));
    aggs.add(sum(when(age.lt(s), col(EngagementDaily.SESSION_SECONDS)).otherwise(0.0))
        .as("session_seconds_window"));
    aggs.add(sum(EngagementDaily.orderColumn(1)).as(ORDER_1_ACTIONS));
    aggs.add(sum(EngagementDaily.orderColumn(2)).as(ORDER_2_ACTIONS));
    aggs.add(sum(EngagementDaily.orderColumn(3)).as(ORDER_3_ACTIONS));
    aggs.add(count(when(col(EngagementDaily.actionsColumn(profile.purchaseKind())).gt(0), lit(1)))
        .as(PURCHASE_DAYS));
    aggs.add(sum(EngagementDaily.PURCHASE_AMOUNT).as(PURCHASE_AMOUNT_TOTAL));

    Dataset<Row> perCustomer = rows.groupBy(col(AS_OF_DATE), col(EngagementDaily.CUSTOMER_ID))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    Dataset<Row> all = withCustomersAndSegments(perCustomer, customers, segments, asOfDates);
    Dataset<Row> referred = referredActive(engagementDaily, asOfDates);
    all = all
        .join(referred, all.col(AS_OF_DATE).equalTo(referred.col("ref_as_of"))
            .and(all.col(CUSTOMER_ID).equalTo(referred.col("ref_customer"))), "left")
        .drop("ref_as_of", "ref_customer");
    return finish(all, spec, communityKinds);
  }

  /**
   * The as-of dates as an array literal: exploding it pairs rows with dates without a join, which
   * spares each query a broadcast job.
   */
  static Column asOfDates(List<LocalDate> dates) {
    return array(dates.stream().distinct().map(d -> lit(Date.valueOf(d))).toArray(Column[]::new));
  }

  /**
   * Per as-of date and referrer: distinct customers first referred by it on or before the date who
   * have engaged on or before the date. First touch: the earliest referral day counts, so a
   * customer credits one referrer only.
   */
  private static Dataset<Row> referredActive(Dataset<Row> daily, Column asOfDates) {
    Column day = col(EngagementDaily.ACTIVITY_DATE);
    Dataset<Row> firstTouch = daily.where(col(EngagementDaily.REFERRER_ID).isNotNull())
        .groupBy(col(EngagementDaily.CUSTOMER_ID).as("referred"))
        .agg(min(struct(day.as("d"), col(EngagementDaily.REFERRER_ID).as("r"))).as("ft"))
        .select(col("referred"), col("ft.d").as("referred_date"), col("ft.r").as("referrer"));
    Dataset<Row> firstEngaged = daily.where(col(EngagementDaily.ACTIONS).gt(0))
        .groupBy(col(EngagementDaily.CUSTOMER_ID).as("engaged_customer"))
        .agg(min(day).as("first_engaged"));
    return firstTouch
        .join(firstEngaged, col("referred").equalTo(col("engaged_customer")))
        .withColumn(AS_OF_DATE, explode(asOfDates))
        .where(col("referred_date").leq(col(AS_OF_DATE))
            .and(col("first_engaged").leq(col(AS_OF_DATE))))
        .groupBy(col(AS_OF_DATE).as("ref_as_of"), col("referrer").as("ref_customer"))
        .agg(count(lit(1)).as(REFERRED_ACTIVE_CUSTOMERS));
  }

  private static Dataset<Row> withCustomersAndSegments(Dataset<Row> perCustomer,
      Optional<Dataset<Row>> customers, Optional<Dataset<Row>> segments, Column asOfDates) {
    Dataset<Row> out = perCustomer;
    if (customers.isPresent()) {
      Dataset<Row> c = customers.get();
      List<String> names = Arrays.asList(c.columns());
      if (!names.contains(CUSTOMER_ID)) {
        throw new InputSchemaException("customers table: column '" + CUSTOMER_ID
            + "' was not found; columns found: " + names + ".");
      }
      Column signedUp = names.contains(SIGNUP_DATE)
          ? to_date(col(SIGNUP_DATE)).isNull().or(to_date(col(SIGNUP_DATE)).leq(col(AS_OF_DATE)))
          : lit(true);
      Dataset<Row> listed = c.withColumn(AS_OF_DATE, explode(asOfDates)).where(signedUp)
          .select(col(AS_OF_DATE), col(CUSTOMER_ID).cast(DataTypes.StringType).as(CUSTOMER_ID))
          .where(col(CUSTOMER_ID).isNotNull())
          .distinct();
      Dataset<Row> unseen = listed.join(perCustomer.select(AS_OF_DATE, CUSTOMER_ID),
          listed.col(AS_OF_DATE).equalTo(perCustomer.col(AS_OF_DATE))
              .and(listed.col(CUSTOMER_ID).equalTo(perCustomer.col(CUSTOMER_ID))), "left_anti");
      out = out.unionByName(unseen, true);
    }
    if (segments.isPresent()) {
      Dataset<Row> s = segments.get();
      List<String> names = Arrays.asList(s.columns());
      if (!names.contains(CUSTOMER_ID) || !names.contains(SEGMENT)) {
        throw new InputSchemaException("segments table needs columns '" + CUSTOMER_ID + "' and '"
            + SEGMENT + "'; columns found: " + names + ".");
      }
      // One segment per customer; should a table list several, the smallest name is taken.
      Dataset<Row> one = s.groupBy(col(CUSTOMER_ID).cast(DataTypes.StringType).as("seg_customer"))
          .agg(min(col(SEGMENT).cast(DataTypes.StringType)).as(SEGMENT));
      out = out.join(one, col(CUSTOMER_ID).equalTo(col("seg_customer")), "left")
          .drop("seg_customer");
    } else {
      out = out.withColumn(SEGMENT, lit(null).cast(DataTypes.StringType));
    }
    return out;
  }

  private static Dataset<Row> finish(Dataset<Row> agg, EngagementFeatureSpec spec,
      List<String> communityKinds) {
    EngagementProfile profile = spec.profile();
    Column asOf = col(AS_OF_DATE);
    Column recency = datediff(asOf, col(LAST_ENGAGED_DATE));
    Column latency = col(ENGAGEMENT_LATENCY_DAYS);
    Column latencyRatio = recency.divide(latency);
    Column threshold = spec.disengagement().thresholdDays(latency, col(SEGMENT));
    Column engagedDays = zero(ENGAGED_DAYS);
    Column purchaseDays = zero(PURCHASE_DAYS);
    Column stage =
        when(engagedDays.equalTo(0), lit(LifecycleStage.REACH.code()))
            .when(recency.gt(threshold), lit(LifecycleStage.LAPSED.code()))
            .when(latencyRatio.gt(spec.atRiskLatencyRatio()), lit(LifecycleStage.AT_RISK.code()))
            .when(purchaseDays.geq(2), lit(LifecycleStage.NURTURE.code()))
            .when(purchaseDays.equalTo(1), lit(LifecycleStage.ACTIVATE.code()))
            .otherwise(lit(LifecycleStage.ENGAGE.code()));

    Column breadth = lit(0);
    for (String k : profile.kinds()) {
      breadth = breadth.plus(
          when(zero(frequencyColumn(k, spec.breadthWindowDays())).gt(0), 1).otherwise(0));
    }
    Column communityTotal = lit(0L);
    for (String k : communityKinds) {
      communityTotal = communityTotal.plus(zero(frequencyColumn(k, spec.roles().windowDays())));
    }
    Column role = lit(CommunityRoleSpec.NO_ROLE);
    List<CommunityRoleRule> rules = spec.roles().rules();
    // Built from the last rule outwards so that the first matching rule wins.
    for (int i = rules.size() - 1; i >= 0; i--) {
      CommunityRoleRule r = rules.get(i);
      Column own = lit(0L);
      for (String k : r.kinds()) {
        own = own.plus(zero(frequencyColumn(k, spec.roles().windowDays())));
      }
      role = when(communityTotal.geq(spec.roles().minActions())
          .and(own.divide(communityTotal).geq(r.minShare())), lit(r.role())).otherwise(role);
    }
    Column recent = zero("trend_recent");
    Column prior = zero("trend_prior");

    List<Column> out = new ArrayList<>();
    for (String c : columns(spec)) {
      out.add(columnFor(c, spec, recency, latencyRatio, threshold, stage, breadth, role, recent,
          prior).as(c));
    }
    return agg.select(out.toArray(Column[]::new));
  }

  private static Column columnFor(String c, EngagementFeatureSpec spec, Column recency,
      Column latencyRatio, Column threshold, Column stage, Column breadth, Column role,
      Column recent, Column prior) {
    int t = spec.trendWindowDays();
    int s = spec.sessionWindowDays();
    if (c.equals(breadthColumn(spec.breadthWindowDays()))) {
      return breadth;
    }
    if (c.equals(trendDifferenceColumn(t))) {
      return recent.minus(prior);
    }
    if (c.equals(trendRatioColumn(t))) {
      return recent.plus(1).divide(prior.plus(1));
    }
    if (c.equals(trendSlopeColumn(spec.slopeWeeks()))) {
      return coalesce(col(c), lit(0.0));
    }
    if (c.equals(sessionsColumn(s))) {
      return zero(c);
    }
    if (c.equals(meanSessionSecondsColumn(s))) {
      return when(zero(sessionsColumn(s)).gt(0),
          col("session_seconds_window").divide(col(sessionsColumn(s))));
    }
    for (String k : spec.profile().kinds()) {
      if (c.equals(recencyColumn(k))) {
        return datediff(col(AS_OF_DATE), col("_last_" + k));
      }
    }
    return switch (c) {
      case AS_OF_DATE, CUSTOMER_ID, FIRST_SEEN_DATE, LAST_SEEN_DATE, FIRST_ENGAGED_DATE,
          LAST_ENGAGED_DATE, ENGAGEMENT_LATENCY_DAYS -> col(c);
      case ENGAGEMENT_RECENCY_DAYS -> recency;
      case ENGAGEMENT_DEGREE, PURCHASE_AMOUNT_TOTAL -> coalesce(col(c), lit(0.0));
      case ENGAGEMENT_LATENCY_RATIO -> latencyRatio;
      case MEAN_SESSION_SECONDS ->
          when(zero(SESSIONS_TOTAL).gt(0),
              col("session_seconds_total").divide(col(SESSIONS_TOTAL)));
      case ORDER_3_TOTAL -> zero(ORDER_3_ACTIONS).plus(zero(REFERRED_ACTIVE_CUSTOMERS));
      case COMMUNITY_ROLE -> role;
      case DISENGAGEMENT_THRESHOLD_DAYS -> threshold;
      case LIFECYCLE_STAGE -> stage;
      // Counts: windowed frequencies, totals, orders, referred customers, purchase days.
      default -> zero(c);
    };
  }

  private static Column zero(String c) {
    return coalesce(col(c), lit(0L));
  }

  private static Column sumWithin(Column age, int days, Column value) {
    return sum(when(age.lt(days), value).otherwise(0L));
  }
}
