package io.lapse.jobs.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.jobs.lake.Outputs;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Evaluates the declared checks of one staged table ({@link OutputTable}) together: one
 * aggregate query measures all of them (plus one count of the earlier as-of date for the row
 * count), and only that one row reaches the driver.
 */
public final class OutputChecks {

  /** data_quality rows of output checks have source output:&lt;table&gt;. */
  public static final String SOURCE_PREFIX = "output:";

  private static final String ROWS = "_rows";
  private static final String IN_FEATURES = "_in_features";
  private static final String NO_BOUND = "= 0";

  private final OutputCheckSettings settings;

  public OutputChecks(OutputCheckSettings settings) {
    this.settings = settings;
  }

  /**
   * The results of {@code declared}'s checks that are not off.
   *
   * @param staged the rows the run staged (those it will publish)
   * @param features the features as of D, for the check that every customer has a row
   * @param table the table as the run sees it, for the row count of the earlier as-of date
   */
  public List<CheckResult> evaluate(OutputTable declared, LocalDate asOf, Dataset<Row> staged,
      Optional<Dataset<Row>> features, Optional<Dataset<Row>> table) {
    List<String> present = Arrays.asList(staged.columns());
    List<Bounded> probabilities = new ArrayList<>();
    if (settings.probabilityLevel() != CheckLevel.OFF) {
      declared.probabilities().stream().filter(present::contains)
          .forEach(c -> probabilities.add(new Bounded(c, true)));
      // Amounts (expected spend, CLV) share the level of the probability range: both say a
      // model produced a value its definition excludes.
      declared.nonNegative().stream().filter(present::contains)
          .forEach(c -> probabilities.add(new Bounded(c, false)));
    }
    Optional<Dataset<Row>> covered = declared.everyFeaturesCustomer()
        && settings.featuresScoredLevel() != CheckLevel.OFF ? features : Optional.empty();
    boolean rowCount = declared.rowCount() && settings.rowCountLevel() != CheckLevel.OFF;
    if (settings.uniqueKeyLevel() == CheckLevel.OFF && probabilities.isEmpty()
        && covered.isEmpty() && !rowCount) {
      return List.of();
    }
    Row m = measure(declared, staged, probabilities, covered);
    String name = declared.table().relativePath();
    long rows = m.getAs("rows");
    List<CheckResult> results = new ArrayList<>();
    if (settings.uniqueKeyLevel() != CheckLevel.OFF) {
      long repeated = m.getAs("repeated");
      long keyless = m.getAs("keyless");
      results.add(counted(name, "unique_key", settings.uniqueKeyLevel(), repeated + keyless,
          String.format(Locale.ROOT, "%d of %d rows repeat a key (%s) and %d of %d lack one",
              repeated, rows, String.join(", ", declared.key()), keyless, rows)));
    }
    for (Bounded b : probabilities) {
      String p = b.column();
      long outside = m.getAs("outside_" + p);
      Double lowest = m.getAs("lowest_" + p);
      Double highest = m.getAs("highest_" + p);
      results.add(counted(name, (b.probability() ? "probability_range:" : "non_negative:") + p,
          settings.probabilityLevel(), outside,
          String.format(Locale.ROOT, "%d of %d rows %s or NaN, %s", outside, rows,
              b.probability() ? "outside [0, 1]" : "below 0",
              lowest == null ? "no values" : "values from " + lowest + " to " + highest)));
    }
    if (covered.isPresent()) {
      long unscored = m.getAs("unscored");
      long customers = m.getAs("customers");
      results.add(counted(name, "features_scored", settings.featuresScoredLevel(), unscored,
          String.format(Locale.ROOT, "%d of %d customers of features as of %s have no row",
              unscored, customers, asOf)));
    }
    if (rowCount) {
      results.add(rowCount(name, asOf, rows, table.flatMap(t -> earlier(t, asOf))));
    }
    return results;
  }

  /**
   * One row: rows, repeated and keyless keys, per probability the rows outside [0, 1] and the
   * lowest and highest value, and the features customers without a row. Grouping by the key
   * measures repeats and, with the features' keys in the same groups, the customers missing.
   */
  private static Row measure(OutputTable declared, Dataset<Row> staged,
      List<Bounded> bounded, Optional<Dataset<Row>> features) {
    List<String> probabilities = bounded.stream().map(Bounded::column).toList();
    List<Column> keys = declared.key().stream().map(k -> col(k)).toList();
    List<Column> rowColumns = new ArrayList<>(keys);
    rowColumns.add(lit(1L).as(ROWS));
    rowColumns.add(lit(false).as(IN_FEATURES));
    probabilities.forEach(p -> rowColumns.add(col(p).cast(DataTypes.DoubleType).as(p)));
    Dataset<Row> rows = staged.select(rowColumns.toArray(Column[]::new));
    if (features.isPresent()) {
      List<Column> featureColumns = new ArrayList<>(keys);
      featureColumns.add(lit(0L).as(ROWS));
      featureColumns.add(lit(true).as(IN_FEATURES));
      rows = rows.unionByName(features.get().select(featureColumns.toArray(Column[]::new)), true);
    }

    List<Column> perKey = new ArrayList<>(List.of(max(IN_FEATURES).as(IN_FEATURES)));
    for (Bounded b : bounded) {
      String p = b.column();
      Column v = col(p);
      Column outside = isnan(v).or(v.lt(0));
      if (b.probability()) {
        outside = outside.or(v.gt(1));
      }
      perKey.add(count(when(v.isNotNull().and(outside), 1)).as("outside_" + p));
      perKey.add(min(v).as("lowest_" + p));
      perKey.add(max(v).as("highest_" + p));
    }
    Dataset<Row> byKey = rows.groupBy(keys.toArray(Column[]::new))
        .agg(sum(ROWS).as(ROWS), perKey.toArray(Column[]::new));

    Column n = col(ROWS);
    Column keyless = keys.stream().map(Column::isNull).reduce(Column::or).orElseThrow();
    List<Column> totals = new ArrayList<>(List.of(
        total(n).as("rows"),
        total(when(not(keyless).and(n.gt(1)), n.minus(1))).as("repeated"),
        total(when(keyless, n)).as("keyless"),
        count(when(col(IN_FEATURES), 1)).as("customers"),
        count(when(col(IN_FEATURES).and(n.equalTo(0)), 1)).as("unscored")));
    for (String p : probabilities) {
      totals.add(total(col("outside_" + p)).as("outside_" + p));
      totals.add(min("lowest_" + p).as("lowest_" + p));
      totals.add(max("highest_" + p).as("highest_" + p));
    }
    return byKey.agg(totals.get(0), totals.subList(1, totals.size()).toArray(Column[]::new))
        .first();
  }

  /** A column checked for a range: [0, 1] for a probability, [0, infinity) otherwise. */
  private record Bounded(String column, boolean probability) {}

  private static Column total(Column c) {
    return coalesce(sum(c), lit(0L));
  }

  /** The latest as-of date before D and its row count: a count, no column of the rows read. */
  private static Optional<Row> earlier(Dataset<Row> table, LocalDate asOf) {
    return table.where(col(Outputs.AS_OF_DATE).lt(lit(Date.valueOf(asOf))))
        .groupBy(Outputs.AS_OF_DATE).count()
        .orderBy(desc(Outputs.AS_OF_DATE)).limit(1).collectAsList().stream().findFirst();
  }

  private CheckResult rowCount(String name, LocalDate asOf, long rows, Optional<Row> earlier) {
    String threshold = String.format(Locale.ROOT, "between %s and %s of the previous as-of date's",
        settings.rowCountMinRatio(), settings.rowCountMaxRatio());
    if (earlier.isEmpty()) {
      return new CheckResult("row_count", settings.rowCountLevel(), null, threshold, true,
          name + " row_count: no earlier as-of date to compare with");
    }
    LocalDate before = earlier.get().getDate(0).toLocalDate();
    long previous = earlier.get().getLong(1);
    double ratio = (double) rows / previous;
    boolean passed = ratio >= settings.rowCountMinRatio() && ratio <= settings.rowCountMaxRatio();
    return new CheckResult("row_count", settings.rowCountLevel(), ratio, threshold, passed,
        String.format(Locale.ROOT, "%s row_count: %d rows as of %s are %.3f times the %d of %s"
            + " (allowed %s)", name, rows, asOf, ratio, previous, before, threshold));
  }

  /** A check that passes when it counts no offending rows. */
  private static CheckResult counted(String name, String check, CheckLevel level, long offending,
      String detail) {
    return new CheckResult(check, level, (double) offending, NO_BOUND, offending == 0,
        String.format(Locale.ROOT, "%s %s: %s (%d, allowed %s)", name, check, detail, offending,
            NO_BOUND));
  }
}
