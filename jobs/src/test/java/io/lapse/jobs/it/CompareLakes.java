package io.lapse.jobs.it;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.lapse.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that lapse's output tables under one or more lake roots hold exactly the same rows as
 * under an expected lake root (ignoring row order, respecting duplicates). Used by bin/cluster-it
 * to compare a run on a Spark standalone cluster with a run in local mode.
 *
 * <pre>
 * CompareLakes [--show N] EXPECTED_ROOT [LABEL=]ACTUAL_ROOT...
 * </pre>
 *
 * <p>Values are compared exactly (doubles bit for bit: lapse sorts before it sums where order
 * matters, so a cluster run must reproduce local mode exactly); a map column is compared as its
 * entries sorted by key. Prints one line per table and actual root, a few differing rows of each differing table, and
 * exits 0 when everything is identical, 1 on any difference, 2 on bad arguments.
 */
public final class CompareLakes {

  /**
   * The tables lapse's nightly publishes, relative to the lake root; each must exist in both lakes.
   * Any other Delta table found as {@code <layer>/<table>} under either root is compared too.
   */
  static final List<String> TABLES = List.of(
      "01_raw/transactions",
      "01_raw/quarantine",
      "01_raw/ingest_runs",
      "02_intermediate/activity_daily",
      "04_feature/features",
      "06_models/segment_models",
      "07_model_output/scores");

  private static final String SIDE = "__compare_side";
  private static final String IN_EXPECTED = "__in_expected";
  private static final String IN_ACTUAL = "__in_actual";

  private CompareLakes() {}

  public static void main(String[] args) {
    int show = 5;
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (rest.size() >= 2 && rest.get(0).equals("--show")) {
      show = Integer.parseInt(rest.get(1));
      rest = rest.subList(2, rest.size());
    }
    if (rest.size() < 2) {
      System.err.println("usage: CompareLakes [--show N] EXPECTED_ROOT [LABEL=]ACTUAL_ROOT...");
      System.exit(2);
    }
    String expected = rest.get(0);
    // Small tables: few partitions, also for Delta's snapshot reconstruction (50 by default).
    SparkSession spark = SparkSessions.getOrCreate("lapse-compare-lakes", "local[2]", 2, Map.of(
        "spark.databricks.delta.snapshotPartitions", "2",
        "spark.ui.enabled", "false",
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1"));
    int differing = 0;
    for (String arg : rest.subList(1, rest.size())) {
      int eq = arg.indexOf('=');
      String label = eq > 0 ? arg.substring(0, eq) : arg;
      String actual = eq > 0 ? arg.substring(eq + 1) : arg;
      System.out.println("compare " + label + ": " + actual + " against " + expected);
      for (String table : tables(expected, actual)) {
        if (!compareTable(spark, label, table, expected + "/" + table, actual + "/" + table, show)) {
          differing++;
        }
      }
    }
    System.out.println(differing == 0 ? "compare: all tables identical"
        : "compare: " + differing + " table(s) differ");
    spark.stop();
    System.exit(differing == 0 ? 0 : 1);
  }

  /** The listed tables, then every other {@code <layer>/<table>} Delta table under either root. */
  static List<String> tables(String... roots) {
    TreeSet<String> found = new TreeSet<>();
    for (String root : roots) {
      Path base = Path.of(root);
      if (!Files.isDirectory(base)) {
        continue;
      }
      try (Stream<Path> layers = Files.list(base)) {
        for (Path layer : layers.filter(Files::isDirectory).toList()) {
          if (layer.getFileName().toString().startsWith("_")) {
            continue; // lapse's own bookkeeping (_staging, _locks), not tables
          }
          try (Stream<Path> tables = Files.list(layer)) {
            tables.filter(t -> Files.isDirectory(t.resolve("_delta_log")))
                .forEach(t -> found.add(layer.getFileName() + "/" + t.getFileName()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> out = new ArrayList<>(TABLES);
    found.stream().filter(t -> !TABLES.contains(t)).forEach(out::add);
    return out;
  }

  /** Returns true when the table is identical under both roots; prints one line either way. */
  static boolean compareTable(SparkSession spark, String label, String table, String expectedPath,
      String actualPath, int show) {
    long started = System.nanoTime();
    String prefix = String.format("  [%s] %-31s", label, table);
    boolean expectedExists = DeltaTable.isDeltaTable(spark, expectedPath);
    boolean actualExists = DeltaTable.isDeltaTable(spark, actualPath);
    if (!expectedExists || !actualExists) {
      System.out.println(prefix + " DIFFERENT: not a Delta table in "
          + (!expectedExists && !actualExists ? "either lake" : !expectedExists ? "the expected lake"
          : "the actual lake"));
      return false;
    }
    Dataset<Row> expected = spark.read().format("delta").load(expectedPath);
    Dataset<Row> actual = spark.read().format("delta").load(actualPath);
    if (!expected.schema().equals(actual.schema())) {
      System.out.println(prefix + " DIFFERENT: schemas differ");
      System.out.println("      expected " + expected.schema().toDDL());
      System.out.println("      actual   " + actual.schema().toDDL());
      return false;
    }
    // One aggregation finds every difference: each distinct row with how often it occurs on each
    // side (a multiset comparison, so duplicated rows count).
    Dataset<Row> e = comparable(expected).withColumn(SIDE, lit(1));
    Dataset<Row> a = comparable(actual).withColumn(SIDE, lit(-1));
    Column[] keys = Arrays.stream(e.columns()).filter(c -> !c.equals(SIDE))
        .map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new);
    Dataset<Row> counted = e.unionByName(a).groupBy(keys).agg(
        sum(when(col(SIDE).equalTo(1), 1L).otherwise(0L)).as(IN_EXPECTED),
        sum(when(col(SIDE).equalTo(-1), 1L).otherwise(0L)).as(IN_ACTUAL));
    Row totals = counted.agg(
        sum(col(IN_EXPECTED)), sum(col(IN_ACTUAL)),
        sum(greatest(col(IN_EXPECTED).minus(col(IN_ACTUAL)), lit(0L))),
        sum(greatest(col(IN_ACTUAL).minus(col(IN_EXPECTED)), lit(0L)))).first();
    long expectedRows = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long actualRows = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long missing = totals.isNullAt(2) ? 0 : totals.getLong(2);
    long extra = totals.isNullAt(3) ? 0 : totals.getLong(3);
    if (missing == 0 && extra == 0) {
      System.out.println(prefix + " identical (" + actualRows + " rows, "
          + actual.columns().length + " columns" + seconds(started) + ")");
      return true;
    }
    System.out.println(prefix + " DIFFERENT: expected " + expectedRows + " rows, actual "
        + actualRows + "; " + missing + " row(s) only in expected, " + extra
        + " only in actual" + seconds(started) + "; columns " + String.join(",", expected.columns()));
    Dataset<Row> differing = counted.where(col(IN_EXPECTED).notEqual(col(IN_ACTUAL)));
    for (Row r : differing.where(col(IN_EXPECTED).gt(col(IN_ACTUAL))).limit(show).collectAsList()) {
      System.out.println("      only expected: " + describe(r));
    }
    for (Row r : differing.where(col(IN_ACTUAL).gt(col(IN_EXPECTED))).limit(show).collectAsList()) {
      System.out.println("      only actual:   " + describe(r));
    }
    return false;
  }

  private static String seconds(long startedNanos) {
    return String.format(", %.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }

  /** A differing group: its values, then how often it occurs on each side when that is not 0/1. */
  private static String describe(Row r) {
    int n = r.length();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n - 2; i++) {
      out.append(i == 0 ? "" : " | ").append(r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)));
    }
    long inExpected = r.getLong(n - 2);
    long inActual = r.getLong(n - 1);
    if (inExpected + inActual > 1) {
      out.append("   (").append(inExpected).append("x expected, ").append(inActual)
          .append("x actual)");
    }
    return out.toString();
  }

  /**
   * The rows in a form set operations accept: a map column becomes its entries sorted by key
   * (maps have no equality in Spark SQL). Maps nested deeper are not supported (lapse has none).
   */
  static Dataset<Row> comparable(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      if (f.dataType() instanceof MapType) {
        cols.add(array_sort(map_entries(c)).as(f.name()));
      } else if (containsMap(f.dataType())) {
        throw new IllegalArgumentException("column " + f.name() + " has a map nested in "
            + f.dataType().simpleString() + "; CompareLakes only handles top-level maps");
      } else {
        cols.add(c);
      }
    }
    return rows.select(cols.toArray(Column[]::new));
  }

  private static boolean containsMap(DataType t) {
    if (t instanceof MapType) {
      return true;
    }
    if (t instanceof ArrayType a) {
      return containsMap(a.elementType());
    }
    if (t instanceof StructType s) {
      return Arrays.stream(s.fields()).anyMatch(f -> containsMap(f.dataType()));
    }
    return false;
  }
}
