package io.lapse.jobs;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One SHA-256 per training snapshot S of everything its examples are computed from except the
 * segments of the customers table (compared row by row, see FeaturesJob): the settings, and the
 * rows of the daily tables for every day up to S + H. A snapshot whose stored fingerprint equals
 * tonight's would be recomputed to the same rows, so it is kept.
 *
 * <p>The daily rows are hashed day by day rather than trusting ingest's record of which days it
 * rewrote: a re-ingest, a rerun of an older date or a repaired table all change a day's hash, and
 * a late record for a day changes exactly the snapshots whose S + H reaches it.
 */
final class SnapshotFingerprints {

  /** Raise when the computation of the examples changes: every kept snapshot is recomputed. */
  static final int VERSION = 1;

  private final String settings;
  private final Map<String, TreeMap<LocalDate, String>> days = new LinkedHashMap<>();

  /**
   * @param dailyTables name and rows of each table the examples read, keyed by customer and
   *     {@code activity_date}
   * @param settings the settings the examples depend on (records, lists, maps)
   */
  SnapshotFingerprints(Map<String, Dataset<Row>> dailyTables, Object settings) {
    this.settings = VERSION + " " + canonical(settings);
    dailyTables.forEach((name, rows) -> days.put(name, dayHashes(rows)));
  }

  /** The fingerprint of the examples of snapshot {@code s} with horizon H. */
  String of(LocalDate s, int horizonDays) {
    LocalDate last = s.plusDays(horizonDays);
    StringBuilder text = new StringBuilder(settings).append('\n');
    days.forEach((name, hashes) -> {
      text.append(name).append('\n');
      hashes.headMap(last, true).forEach((day, hash) ->
          text.append(day).append(' ').append(hash).append('\n'));
    });
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Per day the row count and the XOR of the rows' 64-bit hashes (every column, by name): one
   * aggregation, independent of the rows' order, and a changed, added or removed row changes it.
   */
  private static TreeMap<LocalDate, String> dayHashes(Dataset<Row> rows) {
    String[] names = rows.columns().clone();
    Arrays.sort(names);
    Column hash = xxhash64(Arrays.stream(names).map(n -> col("`" + n + "`")).toArray(Column[]::new));
    TreeMap<LocalDate, String> hashes = new TreeMap<>();
    rows.groupBy(col("activity_date")).agg(count(lit(1)), bit_xor(hash)).collectAsList()
        .forEach(r -> hashes.put(r.getDate(0).toLocalDate(),
            r.getLong(1) + ":" + Long.toHexString(r.getLong(2)) + ":" + names.length));
    return hashes;
  }

  /**
   * A text of {@code value} that is the same in every JVM: records by component, maps by sorted
   * key (Map.copyOf iterates in an order that changes from run to run), lists in order.
   */
  static String canonical(Object value) {
    if (value instanceof Record r) {
      return r.getClass().getSimpleName() + Arrays.stream(r.getClass().getRecordComponents())
          .map(c -> {
            try {
              return c.getName() + "=" + canonical(c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
          }).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      m.forEach((k, v) -> sorted.put(canonical(k), canonical(v)));
      return sorted.toString();
    }
    if (value instanceof List<?> l) {
      return l.stream().map(SnapshotFingerprints::canonical)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(SnapshotFingerprints::canonical).sorted()
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(value);
  }
}
