package io.lapse.benchmarks.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementFeatureSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's features on hand-made daily rows with answers worked out by hand from lapse's
 * definitions (the benchmark itself checks them against lapse on every customer).
 */
class DuckDbFeaturesTest {

  private static final LocalDate D = LocalDate.parse("2025-06-30");

  @Test
  void transactionAndEngagementFeaturesFollowLapsesDefinitions() throws SQLException {
    EngagementFeatureSpec spec = EngagementFeatureSpec.defaults();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      run(db, "CREATE TABLE activity (customer_id VARCHAR, activity_date DATE, transactions"
          + " INTEGER, amount DOUBLE)");
      // a: active D-10 (1 txn), D-4 (2 txns), D (1 txn); a day after D is left out.
      run(db, "INSERT INTO activity VALUES ('a', DATE '2025-06-20', 1, 10.0),"
          + " ('a', DATE '2025-06-26', 2, 20.0), ('a', DATE '2025-06-30', 1, 30.0),"
          + " ('a', DATE '2025-07-01', 1, 99.0)");
      String columns = EngagementDaily.columns(spec.profile()).stream()
          .map(c -> c + switch (c) {
            case "customer_id", "referrer_id" -> " VARCHAR";
            case "activity_date" -> " DATE";
            case "weighted_degree", "session_seconds", "purchase_amount" -> " DOUBLE";
            default -> " BIGINT";
          }).collect(Collectors.joining(", "));
      run(db, "CREATE TABLE engagement (" + columns + ")");
      // b: engaged D-30 and D-10 (two visits each, weight 1), seen only on D-5; referred by a.
      insertDay(db, "b", "2025-05-31", 2, "a");
      insertDay(db, "b", "2025-06-20", 2, null);
      insertDay(db, "b", "2025-06-25", 0, null);
      insertDay(db, "a", "2025-06-30", 1, null);
      String sql = DuckDbFeatures.select("activity", "engagement", D, spec, "all");
      run(db, "CREATE TABLE f AS " + sql);
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT * FROM f ORDER BY customer_id")) {
        rs.next();
        assertEquals("a", rs.getString("customer_id"));
        assertEquals(3, rs.getInt("active_days"));
        assertEquals(2, rs.getInt("repeat_days"));
        assertEquals(10 / 7.0, rs.getDouble("t_x_weeks"), 1e-15);
        assertEquals(0, rs.getInt("recency_days"));
        assertEquals(4, rs.getLong("transactions_30d"));
        assertEquals(20.0, rs.getDouble("monetary_mean"), 1e-12);
        assertEquals(5.0, rs.getDouble("latency_mean_days"), 1e-12);
        assertEquals(5.0, rs.getDouble("latency_median_days"), 1e-12); // gaps 6 and 4
        assertEquals(1, rs.getLong("referred_active_customers"));
        assertEquals("ALL", rs.getString("segment"));
        rs.next();
        assertEquals("b", rs.getString("customer_id"));
        rs.getInt("active_days");
        assertEquals(true, rs.wasNull()); // clickstream only: null transaction features
        assertEquals(2, rs.getLong("engaged_days"));
        assertEquals(10, rs.getInt("engagement_recency_days"));
        assertEquals(20.0, rs.getDouble("engagement_latency_days"), 1e-12);
        assertEquals(0.5, rs.getDouble("engagement_latency_ratio"), 1e-12);
        assertEquals(2, rs.getLong("actions_30d")); // D-30 is outside the 30 days
        assertEquals(4, rs.getLong("actions_90d"));
        // 2 x 2^(-10/30) + 2 x 2^(-30/30)
        assertEquals(2 * Math.pow(2, -10 / 30.0) + 1.0, rs.getDouble("engagement_degree"),
            1e-12);
        assertEquals(0, rs.getLong("trend_difference_30d")); // 2 recent against 2 before
        assertEquals(1.0, rs.getDouble("trend_ratio_30d"), 1e-12);
        assertEquals(1, rs.getInt("breadth_90d"));
        assertEquals("engage", rs.getString("lifecycle_stage"));
        assertEquals("none", rs.getString("community_role"));
        assertNull(rs.getString("recency_days_purchase"));
      }
    }
  }

  private static void insertDay(Connection db, String customer, String day, int visits,
      String referrer) throws SQLException {
    EngagementFeatureSpec spec = EngagementFeatureSpec.defaults();
    String values = EngagementDaily.columns(spec.profile()).stream().map(c -> switch (c) {
      case "customer_id" -> "'" + customer + "'";
      case "activity_date" -> "DATE '" + day + "'";
      case "referrer_id" -> referrer == null ? "NULL" : "'" + referrer + "'";
      case "actions_visit", "actions", "order_1_actions", "events" -> String.valueOf(visits);
      case "weighted_degree" -> visits + ".0";
      case "sessions" -> visits > 0 ? "1" : "0";
      case "session_seconds", "purchase_amount" -> "0.0";
      default -> "0";
    }).collect(Collectors.joining(", "));
    run(db, "INSERT INTO engagement VALUES (" + values + ")");
  }

  private static void run(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }
}
