package io.lapse.benchmarks.stages;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import io.lapse.jobs.lake.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows each stage read and wrote, counted from the lake after the stage (outside its
 * measurement). The lake is fresh, so a table's rows are the rows of this run.
 */
final class TableCounts {

  private final SparkSession spark;
  private final Path lake;

  TableCounts(SparkSession spark, Path lake) {
    this.spark = spark;
    this.lake = lake;
  }

  StageRow row(String stage, StageMeter.Measure m, LocalDate asOf) {
    return switch (stage) {
      case "ingest" -> new StageRow(stage, m, inputRecords(asOf),
          sum(Table.RAW_TRANSACTIONS, Table.RAW_EVENTS, Table.ACTIVITY_DAILY,
              Table.ENGAGEMENT_DAILY), true,
          "in: input records read (ingest_runs); out: 01_raw transactions + events,"
              + " 02_intermediate activity_daily + engagement_daily");
      case "features" -> new StageRow(stage, m,
          sum(Table.ACTIVITY_DAILY, Table.ENGAGEMENT_DAILY),
          sum(Table.FEATURES, Table.TRAINING_EXAMPLES), true,
          String.format(Locale.ROOT, "in: activity_daily + engagement_daily; out: features"
              + " (%,d customers at D) + training_examples", rows(Table.FEATURES)));
      case "train" -> new StageRow(stage, m, rows(Table.TRAINING_EXAMPLES),
          sum(Table.SEGMENT_MODELS, Table.MODEL_RUNS, Table.MODEL_EVALUATION), true,
          "in: training_examples; out: segment_models + model_runs + model_evaluation");
      case "score" -> new StageRow(stage, m, rows(Table.FEATURES), rows(Table.SCORES), true,
          "in: features; out: scores");
      case "policy" -> new StageRow(stage, m, rows(Table.SCORES),
          sum(Table.SEGMENT_POLICIES, Table.REENGAGEMENT_ACTIONS), true,
          "in: scores; out: segment_policies + reengagement_actions");
      default -> throw new IllegalArgumentException("no row counts for stage '" + stage + "'");
    };
  }

  /** What the features stage wrote besides the features: the training snapshots. */
  String trainingExamplesNote() {
    Dataset<Row> t = read(Table.TRAINING_EXAMPLES);
    if (t == null) {
      return "The features stage wrote no training examples.";
    }
    Row r = t.agg(countDistinct(col("as_of_date")), org.apache.spark.sql.functions.count(lit(1)))
        .first();
    return String.format(Locale.ROOT, "The features stage also wrote %,d training examples at"
        + " %d snapshots (`05_model_input/training_examples`), which DuckDB does not compute:"
        + " the ratios above charge them to lapse.", r.getLong(1), r.getLong(0));
  }

  private long inputRecords(LocalDate asOf) {
    Dataset<Row> runs = read(Table.INGEST_RUNS);
    if (runs == null) {
      return -1;
    }
    Row r = runs.where(col("as_of_date").equalTo(lit(Date.valueOf(asOf))))
        .agg(org.apache.spark.sql.functions.sum("rows_read")).first();
    return r.isNullAt(0) ? 0 : ((Number) r.get(0)).longValue();
  }

  private long sum(Table... tables) {
    long n = 0;
    for (Table t : tables) {
      n += rows(t);
    }
    return n;
  }

  private long rows(Table table) {
    Dataset<Row> d = read(table);
    return d == null ? 0 : d.count();
  }

  private Dataset<Row> read(Table table) {
    Path p = lake.resolve(table.relativePath());
    return Files.isDirectory(p.resolve("_delta_log"))
        ? spark.read().format("delta").load(p.toString()) : null;
  }

  /** Active data files of a table (its current Delta snapshot), for DuckDB to read. */
  List<String> files(Table table, String where) {
    Dataset<Row> d = read(table);
    if (d == null) {
      throw new IllegalStateException("table " + table.relativePath() + " does not exist under "
          + lake);
    }
    if (where != null) {
      d = d.where(where);
    }
    return java.util.Arrays.stream(d.inputFiles())
        .map(f -> f.startsWith("file:") ? Path.of(java.net.URI.create(f)).toString() : f)
        .sorted().toList();
  }
}
