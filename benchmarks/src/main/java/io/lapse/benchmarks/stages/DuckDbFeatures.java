package io.lapse.benchmarks.stages;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.engagement.CommunityRoleRule;
import io.lapse.features.engagement.CommunityRoleSpec;
import io.lapse.features.engagement.DisengagementSpec;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementFeatureSpec;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.features.engagement.LifecycleStage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DuckDB SQL for the per-customer features lapse's features stage writes to
 * {@code 04_feature/features}, from the same inputs the stage reads ({@code activity_daily} and
 * {@code engagement_daily}), with the definitions of {@link CustomerFeatures},
 * {@link EngagementFeatures} and {@code FeaturesJob} (full outer join on the customer;
 * segment {@code ALL} under {@code lapse.segments.source = all}). Written from those definitions,
 * not generated from lapse's Spark plans, so that the comparison checks them.
 *
 * <p>Day arithmetic: {@code date - date} is whole days in DuckDB, as Spark's {@code datediff};
 * every division is in DOUBLE (DuckDB's {@code /} of integers is too, but a literal such as 7.0
 * would be DECIMAL); medians are {@code quantile_cont} (linear interpolation, as Spark's exact
 * {@code percentile}); the decay constant is Java's double, printed exactly.
 */
public final class DuckDbFeatures {

  private DuckDbFeatures() {}

  /**
   * A SELECT of one row per customer as of {@code asOf}.
   *
   * @param activity a DuckDB relation of activity_daily rows, e.g. {@code read_parquet([...])}
   * @param engagement a relation of engagement_daily rows
   */
  public static String select(String activity, String engagement, LocalDate asOf,
      EngagementFeatureSpec spec, String segmentsSource) {
    if (!segmentsSource.equals("all")) {
      throw new IllegalArgumentException("the DuckDB features cover lapse.segments.source = all"
          + " only, but it was '" + segmentsSource + "'");
    }
    if (spec.disengagement().threshold().equals(DisengagementSpec.SEGMENT)) {
      throw new IllegalArgumentException("the DuckDB features do not cover"
          + " lapse.engagement.disengagement.threshold = segment");
    }
    String d = "DATE '" + asOf + "'";
    return "WITH a AS (SELECT * FROM " + activity + " WHERE activity_date <= " + d + "),\n"
        + "a_gap AS (SELECT *, activity_date - lag(activity_date) OVER (PARTITION BY customer_id"
        + " ORDER BY activity_date) AS gap_days FROM a),\n"
        + "tx AS (" + transactionAggregates(d) + "),\n"
        + "txf AS (" + transactionFeatures(d) + "),\n"
        + "e AS (SELECT *, " + d + " - activity_date AS age FROM " + engagement
        + " WHERE activity_date <= " + d + "),\n"
        + "lat AS (SELECT customer_id, quantile_cont(gap, 0.5) AS latency FROM (SELECT"
        + " customer_id, activity_date - lag(activity_date) OVER (PARTITION BY customer_id ORDER"
        + " BY activity_date) AS gap FROM e WHERE actions > 0) GROUP BY customer_id),\n"
        + "ref AS (" + referredActive(d) + "),\n"
        + "eg AS (" + engagementAggregates(spec) + "),\n"
        + "egf AS (" + engagementFeatures(d, spec) + ")\n"
        + "SELECT " + d + " AS as_of_date, coalesce(txf.customer_id, egf.customer_id) AS"
        + " customer_id, " + columnsOf(CustomerFeatures.COLUMNS, "txf") + ", "
        + columnsOf(EngagementFeatures.columns(spec), "egf") + ", 'ALL' AS segment\n"
        + "FROM txf FULL OUTER JOIN egf ON txf.customer_id = egf.customer_id";
  }

  /** Every column DuckDB computes, besides as_of_date and customer_id. */
  public static List<String> columns(EngagementFeatureSpec spec) {
    Set<String> c = new LinkedHashSet<>(CustomerFeatures.COLUMNS);
    c.addAll(EngagementFeatures.columns(spec));
    c.add("segment");
    c.remove(CustomerFeatures.AS_OF_DATE);
    c.remove(CustomerFeatures.CUSTOMER_ID);
    return List.copyOf(c);
  }

  private static String columnsOf(List<String> columns, String alias) {
    return columns.stream().filter(c -> !c.equals(CustomerFeatures.AS_OF_DATE)
            && !c.equals(CustomerFeatures.CUSTOMER_ID))
        .map(c -> alias + "." + c).collect(Collectors.joining(", "));
  }

  private static String transactionAggregates(String d) {
    return "SELECT customer_id, min(activity_date) AS first_active_date,"
        + " max(activity_date) AS last_active_date, CAST(count(*) AS INTEGER) AS active_days, "
        + windowed(d, 30) + " AS transactions_30d, " + windowed(d, 90) + " AS transactions_90d, "
        + windowed(d, 365) + " AS transactions_365d,"
        + " CAST(sum(transactions) AS BIGINT) AS transactions_total,"
        + " sum(amount) AS monetary_total,"
        + " quantile_cont(gap_days, 0.5) AS latency_median_days FROM a_gap GROUP BY customer_id";
  }

  private static String windowed(String d, int days) {
    return "CAST(sum(CASE WHEN " + d + " - activity_date < " + days
        + " THEN transactions ELSE 0 END) AS BIGINT)";
  }

  private static String transactionFeatures(String d) {
    return "SELECT customer_id, first_active_date, last_active_date, active_days,"
        + " active_days - 1 AS repeat_days,"
        + " CAST(last_active_date - first_active_date AS DOUBLE) / 7 AS t_x_weeks,"
        + " CAST(" + d + " - first_active_date AS DOUBLE) / 7 AS t_weeks,"
        + " " + d + " - last_active_date AS recency_days,"
        + " " + d + " - first_active_date AS tenure_days,"
        + " transactions_30d, transactions_90d, transactions_365d, transactions_total,"
        + " monetary_total, monetary_total / active_days AS monetary_mean,"
        + " CASE WHEN active_days > 1 THEN CAST(last_active_date - first_active_date AS DOUBLE)"
        + " / (active_days - 1) END AS latency_mean_days, latency_median_days FROM tx";
  }

  /**
   * Per referrer: customers whose first referral (earliest day naming a referrer) is on or
   * before D and who engaged on or before D. Engagement_daily has one row per customer and day,
   * so the earliest day names one referrer.
   */
  private static String referredActive(String d) {
    return "SELECT referrer, count(*) AS referred FROM (SELECT customer_id AS referred_customer,"
        + " arg_min(referrer_id, activity_date) AS referrer FROM e WHERE referrer_id IS NOT NULL"
        + " GROUP BY customer_id) ft JOIN (SELECT DISTINCT customer_id FROM e WHERE actions > 0)"
        + " fe ON ft.referred_customer = fe.customer_id GROUP BY referrer";
  }

  private static String engagementAggregates(EngagementFeatureSpec spec) {
    List<String> kinds = spec.profile().kinds();
    List<String> a = new ArrayList<>();
    a.add("customer_id");
    a.add("min(activity_date) AS first_seen_date");
    a.add("max(activity_date) AS last_seen_date");
    a.add("min(CASE WHEN actions > 0 THEN activity_date END) AS first_engaged_date");
    a.add("max(CASE WHEN actions > 0 THEN activity_date END) AS last_engaged_date");
    a.add("count(CASE WHEN actions > 0 THEN 1 END) AS engaged_days");
    a.add("sum(actions) AS actions_total");
    for (String k : kinds) {
      a.add("max(CASE WHEN " + EngagementDaily.actionsColumn(k) + " > 0 THEN activity_date END)"
          + " AS \"_last_" + k + "\"");
    }
    Set<Integer> windows = new LinkedHashSet<>(spec.frequencyWindowsDays());
    windows.add(spec.breadthWindowDays());
    windows.add(spec.roles().windowDays());
    for (int w : windows) {
      a.add(within(w, EngagementDaily.ACTIONS) + " AS " + EngagementFeatures.frequencyColumn(null,
          w));
      for (String k : kinds) {
        a.add(within(w, EngagementDaily.actionsColumn(k)) + " AS "
            + EngagementFeatures.frequencyColumn(k, w));
      }
    }
    double decay = -Math.log(2.0) / spec.degreeHalfLifeDays();
    a.add("sum(weighted_degree * exp(age * CAST('" + decay + "' AS DOUBLE))) AS degree");
    int t = spec.trendWindowDays();
    a.add(within(t, "actions") + " AS trend_recent");
    a.add("sum(CASE WHEN age >= " + t + " AND age < " + 2 * t
        + " THEN actions ELSE 0 END) AS trend_prior");
    int n = spec.slopeWeeks();
    double sxx = n * ((double) n * n - 1) / 12.0;
    a.add("sum(CASE WHEN age < " + 7 * n + " THEN actions * (CAST('" + (n - 1) / 2.0
        + "' AS DOUBLE) - floor(CAST(age AS DOUBLE) / 7)) ELSE 0.0 END) / CAST('" + sxx
        + "' AS DOUBLE) AS slope");
    int s = spec.sessionWindowDays();
    a.add("sum(sessions) AS sessions_sum");
    a.add("sum(session_seconds) AS session_seconds_total");
    a.add(within(s, "sessions") + " AS sessions_window");
    a.add("sum(CASE WHEN age < " + s + " THEN session_seconds ELSE 0.0 END)"
        + " AS session_seconds_window");
    for (int o = 1; o <= 3; o++) {
      a.add("sum(" + EngagementDaily.orderColumn(o) + ") AS " + EngagementDaily.orderColumn(o));
    }
    a.add("count(CASE WHEN " + EngagementDaily.actionsColumn(spec.profile().purchaseKind())
        + " > 0 THEN 1 END) AS purchase_days");
    a.add("sum(purchase_amount) AS purchase_amount_sum");
    return "SELECT " + String.join(", ", a) + " FROM e GROUP BY customer_id";
  }

  private static String within(int days, String column) {
    return "sum(CASE WHEN age < " + days + " THEN " + column + " ELSE 0 END)";
  }

  private static String engagementFeatures(String d, EngagementFeatureSpec spec) {
    List<String> kinds = spec.profile().kinds();
    String recency = "(" + d + " - eg.last_engaged_date)";
    String latency = "lat.latency";
    String ratio = "(CAST(" + recency + " AS DOUBLE) / " + latency + ")";
    String threshold = threshold(spec.disengagement(), latency);
    String s = "coalesce(eg.sessions_window, 0)";
    List<String> c = new ArrayList<>();
    c.add("eg.customer_id");
    c.add("eg.first_seen_date");
    c.add("eg.last_seen_date");
    c.add("eg.first_engaged_date");
    c.add("eg.last_engaged_date");
    c.add("coalesce(eg.engaged_days, 0) AS engaged_days");
    c.add("coalesce(eg.actions_total, 0) AS actions_total");
    c.add(recency + " AS " + EngagementFeatures.ENGAGEMENT_RECENCY_DAYS);
    for (String k : kinds) {
      c.add(d + " - eg.\"_last_" + k + "\" AS " + EngagementFeatures.recencyColumn(k));
    }
    for (int w : spec.frequencyWindowsDays()) {
      c.add(zero("eg." + EngagementFeatures.frequencyColumn(null, w)) + " AS "
          + EngagementFeatures.frequencyColumn(null, w));
      for (String k : kinds) {
        String f = EngagementFeatures.frequencyColumn(k, w);
        c.add(zero("eg." + f) + " AS " + f);
      }
    }
    c.add(kinds.stream().map(k -> "CASE WHEN " + zero("eg." + EngagementFeatures.frequencyColumn(
            k, spec.breadthWindowDays())) + " > 0 THEN 1 ELSE 0 END")
        .collect(Collectors.joining(" + ")) + " AS "
        + EngagementFeatures.breadthColumn(spec.breadthWindowDays()));
    c.add("coalesce(eg.degree, 0.0) AS " + EngagementFeatures.ENGAGEMENT_DEGREE);
    int t = spec.trendWindowDays();
    c.add("coalesce(eg.trend_recent, 0) - coalesce(eg.trend_prior, 0) AS "
        + EngagementFeatures.trendDifferenceColumn(t));
    c.add("CAST(coalesce(eg.trend_recent, 0) + 1 AS DOUBLE) / (coalesce(eg.trend_prior, 0) + 1)"
        + " AS " + EngagementFeatures.trendRatioColumn(t));
    c.add("coalesce(eg.slope, 0.0) AS " + EngagementFeatures.trendSlopeColumn(spec.slopeWeeks()));
    c.add(latency + " AS " + EngagementFeatures.ENGAGEMENT_LATENCY_DAYS);
    c.add(ratio + " AS " + EngagementFeatures.ENGAGEMENT_LATENCY_RATIO);
    c.add("coalesce(eg.sessions_sum, 0) AS " + EngagementFeatures.SESSIONS_TOTAL);
    c.add("CASE WHEN coalesce(eg.sessions_sum, 0) > 0 THEN CAST(eg.session_seconds_total AS"
        + " DOUBLE) / eg.sessions_sum END AS " + EngagementFeatures.MEAN_SESSION_SECONDS);
    c.add(s + " AS " + EngagementFeatures.sessionsColumn(spec.sessionWindowDays()));
    c.add("CASE WHEN " + s + " > 0 THEN CAST(eg.session_seconds_window AS DOUBLE) / "
        + "eg.sessions_window END AS "
        + EngagementFeatures.meanSessionSecondsColumn(spec.sessionWindowDays()));
    for (int o = 1; o <= 3; o++) {
      c.add(zero("eg." + EngagementDaily.orderColumn(o)) + " AS " + EngagementDaily.orderColumn(o));
    }
    c.add("coalesce(ref.referred, 0) AS " + EngagementFeatures.REFERRED_ACTIVE_CUSTOMERS);
    c.add(zero("eg.order_3_actions") + " + coalesce(ref.referred, 0) AS "
        + EngagementFeatures.ORDER_3_TOTAL);
    c.add("coalesce(eg.purchase_days, 0) AS " + EngagementFeatures.PURCHASE_DAYS);
    c.add("coalesce(eg.purchase_amount_sum, 0.0) AS " + EngagementFeatures.PURCHASE_AMOUNT_TOTAL);
    c.add(role(spec) + " AS " + EngagementFeatures.COMMUNITY_ROLE);
    c.add(threshold + " AS " + EngagementFeatures.DISENGAGEMENT_THRESHOLD_DAYS);
    c.add("CASE WHEN coalesce(eg.engaged_days, 0) = 0 THEN '" + LifecycleStage.REACH.code() + "'"
        + " WHEN " + recency + " > " + threshold + " THEN '" + LifecycleStage.LAPSED.code() + "'"
        + " WHEN " + ratio + " > CAST('" + spec.atRiskLatencyRatio() + "' AS DOUBLE) THEN '"
        + LifecycleStage.AT_RISK.code() + "'"
        + " WHEN coalesce(eg.purchase_days, 0) >= 2 THEN '" + LifecycleStage.NURTURE.code() + "'"
        + " WHEN coalesce(eg.purchase_days, 0) = 1 THEN '" + LifecycleStage.ACTIVATE.code() + "'"
        + " ELSE '" + LifecycleStage.ENGAGE.code() + "' END AS "
        + EngagementFeatures.LIFECYCLE_STAGE);
    return "SELECT " + String.join(", ", c) + " FROM eg LEFT JOIN lat ON eg.customer_id ="
        + " lat.customer_id LEFT JOIN ref ON eg.customer_id = ref.referrer";
  }

  private static String threshold(DisengagementSpec spec, String latency) {
    String fixed = "CAST(" + spec.fixedDays() + " AS DOUBLE)";
    if (spec.threshold().equals(DisengagementSpec.LATENCY)) {
      return "CASE WHEN " + latency + " IS NULL THEN " + fixed + " ELSE greatest(CAST("
          + spec.latencyFloorDays() + " AS DOUBLE), " + latency + " * CAST('"
          + spec.latencyMultiplier() + "' AS DOUBLE)) END";
    }
    return fixed;
  }

  /** The first matching rule wins; shares are of the community kinds' actions in the window. */
  private static String role(EngagementFeatureSpec spec) {
    CommunityRoleSpec roles = spec.roles();
    int w = roles.windowDays();
    String total = "(" + spec.profile().kinds().stream()
        .filter(k -> !roles.excludedKinds().contains(k))
        .map(k -> zero("eg." + EngagementFeatures.frequencyColumn(k, w)))
        .collect(Collectors.joining(" + ", "0 + ", "")) + ")";
    StringBuilder b = new StringBuilder("CASE");
    for (CommunityRoleRule r : roles.rules()) {
      String own = r.kinds().stream()
          .map(k -> zero("eg." + EngagementFeatures.frequencyColumn(k, w)))
          .collect(Collectors.joining(" + ", "(0 + ", ")"));
      b.append(" WHEN ").append(total).append(" >= ").append(roles.minActions())
          .append(" AND CAST(").append(own).append(" AS DOUBLE) / nullif(").append(total)
          .append(", 0) >= CAST('").append(r.minShare()).append("' AS DOUBLE) THEN '")
          .append(r.role()).append('\'');
    }
    return b.append(" ELSE '").append(CommunityRoleSpec.NO_ROLE).append("' END").toString();
  }

  private static String zero(String column) {
    return "coalesce(" + column + ", 0)";
  }
}
