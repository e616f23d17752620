package io.lapse.benchmarks.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison on hand-made tables in an in-memory DuckDB. */
class FeatureComparisonTest {

  @Test
  void reportsEachMismatchingColumnAndTheCustomersOnOneSide() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      run(db, "CREATE TABLE l (customer_id VARCHAR, n BIGINT, x DOUBLE, d DATE, s VARCHAR,"
          + " only_lapse INTEGER)");
      run(db, "CREATE TABLE r (customer_id VARCHAR, n BIGINT, x DOUBLE, d DATE, s VARCHAR)");
      run(db, "INSERT INTO l VALUES ('a', 1, 1.0, DATE '2025-01-01', 'none', 1),"
          + " ('b', 2, 1000.0, DATE '2025-01-02', 'sharer', 1),"
          + " ('c', 3, NULL, NULL, NULL, 1), ('d', 4, 0.0, DATE '2025-01-04', 'none', 1)");
      run(db, "INSERT INTO r VALUES ('a', 1, 1.0 + 1e-12, DATE '2025-01-01', 'none')," // within
          + " ('b', 2, 1000.001, DATE '2025-01-02', 'builder')," // x off by 1e-6, s differs
          + " ('c', 30, 0.0, NULL, NULL)," // n differs; x null against 0
          + " ('e', 5, 1.0, DATE '2025-01-05', 'none')"); // only on the right
      FeatureComparison.Result c = FeatureComparison.compare(db, "l", "r", Set.of());
      assertEquals(Map.of("n", 1L, "x", 2L, "d", 0L, "s", 1L), c.mismatches());
      assertEquals(List.of("only_lapse"), c.leftOnlyColumns());
      assertEquals(4, c.customersLeft());
      assertEquals(1, c.onlyLeft()); // d
      assertEquals(1, c.onlyRight()); // e
      assertEquals(6, c.totalMismatches());
      assertEquals(3L, c.distinct().get("x"));
      assertTrue(c.samples().get("n").get(0).startsWith("c: lapse 3, duckdb 30"),
          c.samples().toString());
    }
  }

  @Test
  void skippedColumnsAreNotCompared() throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      run(db, "CREATE TABLE l AS SELECT 'a' AS customer_id, 1 AS k");
      run(db, "CREATE TABLE r AS SELECT 'a' AS customer_id, 2 AS k");
      FeatureComparison.Result c = FeatureComparison.compare(db, "l", "r", Set.of("k"));
      assertEquals(Map.of(), c.mismatches());
      assertEquals(0, c.totalMismatches());
    }
  }

  private static void run(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }
}
