package io.lapse.jobs.lake;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;

import io.lapse.jobs.config.LakeLayout;
import io.lapse.jobs.config.MaintenanceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each output to a staging folder and publishes all of them only when {@link #publish()}
 * is called after the last stage: a run that dies before leaves every table at its previous
 * version. Reads see the published table with this run's staged rows in place of the rows they
 * replace, exactly what readers will see after publishing.
 *
 * <p>Publishing commits each table once (Delta has no multi-table transaction); a run killed
 * between two of those commits leaves each table at either its previous or its new version, and a
 * rerun of the same date republishes all of them idempotently.
 */
public final class StagedOutputs implements Outputs {

  private static final Logger LOG = LoggerFactory.getLogger(StagedOutputs.class);

  private record Staged(String path, String predicate) {}

  private final SparkSession spark;
  private final DeltaTables delta;
  private final LakeLayout lake;
  private final MaintenanceSettings maintenance;
  private final String stagingRoot;
  private final Map<Table, Staged> staged = new LinkedHashMap<>();
  private int writes;

  /** Starts from an empty staging folder: leftovers of a killed run are discarded. */
  public StagedOutputs(SparkSession spark, DeltaTables delta, LakeLayout lake,
      MaintenanceSettings maintenance, String runKey) {
    this.spark = spark;
    this.delta = delta;
    this.lake = lake;
    this.maintenance = maintenance;
    this.stagingRoot = lake.staging(runKey);
    deleteStaging();
  }

  @Override
  public Optional<Dataset<Row>> readIfExists(Table table) {
    Optional<Dataset<Row>> published = delta.readIfExists(lake.path(table));
    Staged s = staged.get(table);
    if (s == null) {
      return published;
    }
    Dataset<Row> mine = spark.read().parquet(s.path());
    return Optional.of(published
        // Missing columns: published rows written before a release added columns read as null.
        .map(p -> p.where(not(expr(s.predicate()))).unionByName(mine, true))
        .orElse(mine));
  }

  @Override
  public void write(Table table, Dataset<Row> rows, String predicate) {
    // A new folder per write: a stage may rewrite a table it reads (policy adds columns to the
    // scores staged by score), and Spark cannot overwrite the files it is reading.
    String path = stagingPath(table) + "/" + (++writes);
    rows.write().mode("overwrite").parquet(path);
    staged.put(table, new Staged(path, predicate));
    // Counted from the staged files (no column is read): the rows each stage writes, in the log.
    LOG.info("staged {} rows of {} where {}", spark.read().parquet(path).count(),
        table.relativePath(), predicate);
  }

  @Override
  public void publishNow(Table table, Dataset<Row> rows, String predicate) {
    delta.publish(table, lake.path(table), rows, predicate, maintenance.tableProperties(table));
  }

  /** The predicate of each table staged so far, in the order staged: the rows it replaces. */
  public Map<Table, String> stagedPredicates() {
    Map<Table, String> predicates = new LinkedHashMap<>();
    staged.forEach((table, s) -> predicates.put(table, s.predicate()));
    return predicates;
  }

  /**
   * Publishes every staged table, in the order staged, then removes the staging folder. The
   * schema policy of every table is checked first: a violation publishes nothing.
   *
   * @throws SchemaPolicyException naming every column of every table that breaks its policy
   */
  public void publish() {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<Table, Staged> e : staged.entrySet()) {
      Table table = e.getKey();
      List<String> ofTable = delta.schemaViolations(table, lake.path(table),
          spark.read().parquet(e.getValue().path()).schema());
      if (!ofTable.isEmpty()) {
        violations.add(DeltaTables.violationMessage(table, ofTable));
      }
    }
    if (!violations.isEmpty()) {
      throw new SchemaPolicyException(String.join("\n", violations));
    }
    for (Map.Entry<Table, Staged> e : staged.entrySet()) {
      Table table = e.getKey();
      delta.publish(table, lake.path(table), spark.read().parquet(e.getValue().path()),
          e.getValue().predicate(), maintenance.tableProperties(table));
    }
    staged.clear();
    deleteStaging();
  }

  private String stagingPath(Table table) {
    return stagingRoot + "/" + table.relativePath();
  }

  private void deleteStaging() {
    try {
      Path path = new Path(stagingRoot);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the staging folder " + stagingRoot, e);
    }
  }
}
