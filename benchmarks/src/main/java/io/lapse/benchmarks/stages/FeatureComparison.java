package io.lapse.benchmarks.stages;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares two per-customer feature tables in DuckDB, joined on {@code customer_id}: integers,
 * dates and strings must be equal, doubles equal within a relative {@value #RELATIVE_TOLERANCE}
 * (summation order differs between engines); null only matches null. Runs in DuckDB so that no
 * per-customer data is held in the JVM.
 */
final class FeatureComparison {

  static final double RELATIVE_TOLERANCE = 1e-9;
  private static final Set<String> FLOATING = Set.of("DOUBLE", "FLOAT", "REAL");
  private static final int SAMPLES = 3;

  /**
   * @param customersLeft customers of the reference table
   * @param onlyLeft customers only the reference table has
   * @param onlyRight customers only the other table has
   * @param mismatches per compared column, customers present in both whose values differ
   * @param distinct per compared column, distinct non-null values in the reference: a column
   *     that agrees while all null or constant checks little
   * @param leftOnlyColumns reference columns the other table lacks (not compared)
   * @param samples a few differing values per mismatching column, for the report
   */
  record Result(long customersLeft, long onlyLeft, long onlyRight, Map<String, Long> mismatches,
      Map<String, Long> distinct, List<String> leftOnlyColumns, Map<String, List<String>> samples) {

    long totalMismatches() {
      return onlyLeft + onlyRight + mismatches.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private FeatureComparison() {}

  /**
   * Compares relation {@code right} with the reference {@code left} on every column of
   * {@code left} that {@code right} has, except those in {@code skip}.
   */
  static Result compare(Connection db, String left, String right, Set<String> skip)
      throws SQLException {
    Map<String, String> leftTypes = types(db, left);
    Map<String, String> rightTypes = types(db, right);
    List<String> compared = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String c : leftTypes.keySet()) {
      if (c.equals("customer_id") || skip.contains(c)) {
        continue;
      }
      (rightTypes.containsKey(c) ? compared : missing).add(c);
    }
    StringBuilder sql = new StringBuilder("SELECT count(l.customer_id),"
        + " count(*) FILTER (WHERE r.customer_id IS NULL),"
        + " count(*) FILTER (WHERE l.customer_id IS NULL)");
    for (String c : compared) {
      sql.append(", count(*) FILTER (WHERE l.customer_id IS NOT NULL AND r.customer_id IS NOT"
          + " NULL AND NOT (").append(equal(c, leftTypes.get(c), rightTypes.get(c))).append("))");
      sql.append(", count(DISTINCT l.\"").append(c).append("\")");
    }
    sql.append(" FROM ").append(left).append(" l FULL OUTER JOIN ").append(right)
        .append(" r ON l.customer_id = r.customer_id");
    Map<String, Long> mismatches = new LinkedHashMap<>();
    Map<String, Long> distinct = new LinkedHashMap<>();
    Map<String, List<String>> samples = new LinkedHashMap<>();
    long customers;
    long onlyLeft;
    long onlyRight;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      customers = rs.getLong(1);
      onlyLeft = rs.getLong(2);
      onlyRight = rs.getLong(3);
      for (int i = 0; i < compared.size(); i++) {
        mismatches.put(compared.get(i), rs.getLong(4 + 2 * i));
        distinct.put(compared.get(i), rs.getLong(5 + 2 * i));
      }
    }
    for (Map.Entry<String, Long> m : mismatches.entrySet()) {
      if (m.getValue() > 0) {
        String c = m.getKey();
        samples.put(c, samples(db, left, right, c, leftTypes.get(c), rightTypes.get(c)));
      }
    }
    return new Result(customers, onlyLeft, onlyRight, mismatches, distinct, missing, samples);
  }

  static String equal(String column, String leftType, String rightType) {
    String l = "l.\"" + column + "\"";
    String r = "r.\"" + column + "\"";
    if (FLOATING.contains(leftType) || FLOATING.contains(rightType)) {
      // coalesce: a null against a number makes the comparisons null, which is a difference.
      return String.format(Locale.ROOT, "coalesce((%1$s IS NULL AND %2$s IS NULL) OR (%1$s = %2$s)"
          + " OR (abs(%1$s - %2$s) <= %3$s * greatest(abs(%1$s), abs(%2$s))), false)", l, r,
          Double.toString(RELATIVE_TOLERANCE));
    }
    return l + " IS NOT DISTINCT FROM " + r;
  }

  private static List<String> samples(Connection db, String left, String right, String c,
      String leftType, String rightType) throws SQLException {
    List<String> out = new ArrayList<>();
    String sql = "SELECT l.customer_id, CAST(l.\"" + c + "\" AS VARCHAR), CAST(r.\"" + c
        + "\" AS VARCHAR) FROM " + left + " l JOIN " + right + " r ON l.customer_id ="
        + " r.customer_id WHERE NOT (" + equal(c, leftType, rightType) + ") ORDER BY"
        + " l.customer_id LIMIT " + SAMPLES;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + ": lapse " + rs.getString(2) + ", duckdb " + rs.getString(3));
      }
    }
    return out;
  }

  private static Map<String, String> types(Connection db, String relation) throws SQLException {
    Map<String, String> t = new LinkedHashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (rs.next()) {
        t.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    if (!t.containsKey("customer_id")) {
      throw new IllegalArgumentException(relation + " has no customer_id column; columns: "
          + t.keySet());
    }
    return t;
  }
}
