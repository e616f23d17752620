package io.lapse.jobs.quality;

import static org.apache.spark.sql.functions.expr;

import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a run before publishing: the declared checks of every table it staged
 * ({@link OutputTable#DECLARED}), all evaluated, stored in data_quality at once (a stopped run
 * still explains itself), and an error-level failure stops the run with nothing published.
 */
public final class OutputGate {

  private static final Logger LOG = LoggerFactory.getLogger(OutputGate.class);

  private OutputGate() {}

  /**
   * @param staged the predicate of each table the run staged: the rows it will publish
   * @throws DataQualityException when an error-level check failed
   */
  public static void check(SparkSession spark, Outputs outputs, OutputCheckSettings settings,
      LocalDate asOf, Map<Table, String> staged) {
    OutputChecks checks = new OutputChecks(settings);
    Map<String, List<CheckResult>> bySource = new LinkedHashMap<>();
    for (OutputTable declared : OutputTable.DECLARED) {
      String predicate = staged.get(declared.table());
      if (predicate == null) {
        continue;
      }
      // As the run sees them: the staged rows in place of the published rows they replace.
      Dataset<Row> table = outputs.read(declared.table());
      Optional<Dataset<Row>> features = declared.everyFeaturesCustomer()
          ? outputs.readIfExists(Table.FEATURES)
              .map(f -> f.where(expr(Outputs.asOfPredicate(asOf))))
          : Optional.empty();
      bySource.put(declared.source(), checks.evaluate(declared, asOf,
          table.where(expr(predicate)), features, Optional.of(table)));
    }
    if (bySource.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    bySource.forEach((source, results) -> rows.addAll(DataQualityRows.rows(asOf, source, results)));
    // Only the sources checked now: ingest's rows of D, and those of tables not staged, stay.
    outputs.publishNow(Table.DATA_QUALITY, spark.createDataFrame(rows, DataQualityRows.SCHEMA),
        Outputs.asOfPredicate(asOf) + " AND source IN ('"
            + String.join("', '", bySource.keySet()) + "')");
    List<CheckResult> failed = bySource.values().stream().flatMap(List::stream)
        .filter(CheckResult::failsTheRun).toList();
    if (!failed.isEmpty()) {
      throw new DataQualityException(failed);
    }
    bySource.forEach((source, results) -> results.stream().filter(c -> !c.passed())
        .forEach(c -> LOG.warn("data-quality warning ({}): {}", source, c.message())));
  }
}
