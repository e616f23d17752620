package io.lapse.benchmarks.stages;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * DuckDB's side: the per-customer features ({@link DuckDbFeatures}) from the Parquet data files
 * of {@code 02_intermediate/activity_daily} and {@code engagement_daily} (the current Delta
 * snapshot's files, the inputs of lapse's features stage, so both start from the same rows),
 * measured in this JVM after Spark has finished, then compared with lapse's
 * {@code 04_feature/features} at D ({@link FeatureComparison}).
 */
final class DuckDbRun {

  private final LapseConfig config;
  private final LocalDate asOf;
  private final int threads;
  private final List<String> activityFiles;
  private final List<String> engagementFiles;
  private final List<String> featureFiles;

  DuckDbRun(SparkSession spark, Path lake, LapseConfig config, LocalDate asOf, int threads) {
    this.config = config;
    this.asOf = asOf;
    this.threads = threads;
    TableCounts tables = new TableCounts(spark, lake);
    this.activityFiles = tables.files(Table.ACTIVITY_DAILY, null);
    this.engagementFiles = tables.files(Table.ENGAGEMENT_DAILY, null);
    this.featureFiles = tables.files(Table.FEATURES, null);
  }

  StagesReport.DuckDb run(StageMeter meter) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      execute(db, "SET threads = " + threads);
      String version = scalar(db, "SELECT version()");
      String sql = DuckDbFeatures.select(parquet(activityFiles), parquet(engagementFiles), asOf,
          config.engagement.features(), config.segments.source());
      StageMeter.Measured<Long> m = meter.measure(() -> {
        try {
          execute(db, "CREATE TABLE duck_features AS " + sql);
          return Long.parseLong(scalar(db, "SELECT count(*) FROM duck_features"));
        } catch (SQLException e) {
          throw new IllegalStateException("DuckDB features failed: " + e.getMessage(), e);
        }
      });
      long rowsIn = Long.parseLong(scalar(db, "SELECT (SELECT count(*) FROM "
          + parquet(activityFiles) + ") + (SELECT count(*) FROM " + parquet(engagementFiles)
          + ")"));
      StageRow row = new StageRow("duckdb features", m.measure(), rowsIn, m.value(), false,
          "in: the same activity_daily + engagement_daily Parquet files; out: customers at D");
      execute(db, "CREATE VIEW lapse_features AS SELECT * EXCLUDE (as_of_date) FROM read_parquet("
          + list(featureFiles) + ", hive_partitioning = true) WHERE as_of_date = DATE '" + asOf
          + "'");
      FeatureComparison.Result c = FeatureComparison.compare(db, "lapse_features",
          "duck_features", Set.of("as_of_date"));
      String input = String.format(Locale.ROOT, "the Parquet data files of the current Delta"
              + " snapshots of `02_intermediate/activity_daily` (%d files) and"
              + " `02_intermediate/engagement_daily` (%d files), the features stage's inputs;"
              + " compared with lapse's `04_feature/features` at D = %s", activityFiles.size(),
          engagementFiles.size(), asOf);
      return new StagesReport.DuckDb(version, threads, input, row, c);
    }
  }

  private static String parquet(List<String> files) {
    return "read_parquet(" + list(files) + ")";
  }

  private static String list(List<String> files) {
    return files.stream().map(f -> "'" + f.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static void execute(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  private static String scalar(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
