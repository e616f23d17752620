package io.lapse.jobs.lake;

import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and publishes lapse's Delta tables. Every publish replaces exactly the rows the run owns
 * (a predicate on the as-of date or the ingested days) in one Delta commit, so a rerun leaves the
 * same rows and never duplicates. Tables with Change Data Feed are published by MERGE on their
 * keys, so that a rerun records only the rows that changed.
 */
public final class DeltaTables {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);

  private final SparkSession spark;

  public DeltaTables(SparkSession spark) {
    this.spark = spark;
  }

  public boolean exists(String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  public Dataset<Row> read(String path) {
    if (!exists(path)) {
      throw new MissingTableException("Delta table " + path + " does not exist yet; run the job"
          + " that writes it first (bin/lapse nightly runs them all in order)");
    }
    return spark.read().format("delta").load(path);
  }

  public Optional<Dataset<Row>> readIfExists(String path) {
    return exists(path) ? Optional.of(spark.read().format("delta").load(path)) : Optional.empty();
  }

  /**
   * Why publishing {@code written} to {@code table} at {@code path} would break its schema
   * policy (one message per column); empty when the table does not exist yet or all is well.
   */
  public List<String> schemaViolations(Table table, String path, StructType written) {
    if (!exists(path)) {
      return List.of();
    }
    return SchemaPolicyCheck.violations(table, read(path).schema(), written);
  }

  /**
   * Replaces the rows of {@code table} matching {@code predicate} with {@code rows}, creating
   * the table with its declared partitioning and {@code properties} on first use.
   *
   * @param predicate SQL predicate every row of {@code rows} satisfies: the rows the run owns
   * @throws SchemaPolicyException when the rows would break the table's schema policy
   */
  public void publish(Table table, String path, Dataset<Row> rows, String predicate,
      Map<String, String> properties) {
    List<String> violations = schemaViolations(table, path, rows.schema());
    if (!violations.isEmpty()) {
      throw new SchemaPolicyException(violationMessage(table, violations));
    }
    if (!exists(path)) {
      DeltaTableBuilder create = DeltaTable.createIfNotExists(spark).location(qualified(path))
          .addColumns(rows.schema()).partitionedBy(table.partitionColumns());
      properties.forEach(create::property);
      create.execute();
    }
    if (table.changeDataFeed()) {
      merge(table, path, rows, predicate);
    } else {
      rows.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", predicate)
          // Tables gain columns (a newer release adds some); the schema policy was checked above.
          .option("mergeSchema", "true")
          .save(path);
    }
    LOG.info("published {} where {}", path, predicate);
  }

  /** The message of a publish stopped by {@code table}'s schema policy. */
  public static String violationMessage(Table table, List<String> violations) {
    return "cannot publish " + table.relativePath() + ": " + String.join("; ", violations)
        + ". A table's columns may only be added to; to drop, rename or retype one on purpose,"
        + " rewrite the table first (README, \"Schema policy\"). Nothing of this run was"
        + " published.";
  }

  /**
   * The rows of {@code predicate} become {@code rows}: a key present in both is updated only if a
   * column differs, a new key inserted, a key no longer there deleted. A rerun that computes the
   * same rows commits no change, so Change Data Feed readers see none. Columns the table has and
   * the rows lack become null, as with replaceWhere.
   */
  private void merge(Table table, String path, Dataset<Row> rows, String predicate) {
    StructType target = read(path).schema();
    List<String> written = Arrays.asList(rows.columns());
    Dataset<Row> source = rows;
    for (StructField f : target.fields()) {
      if (!written.contains(f.name())) {
        source = source.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    List<String> keys = table.mergeKeys();
    String matches = keys.stream().map(k -> "t." + k + " = s." + k)
        .collect(Collectors.joining(" AND "));
    List<String> values = new ArrayList<>();
    for (String c : source.columns()) {
      if (!keys.contains(c)) {
        values.add("t." + c + " <=> s." + c);
      }
    }
    String changed = values.isEmpty() ? "false" : "NOT (" + String.join(" AND ", values) + ")";
    Column owned = org.apache.spark.sql.functions.expr(predicate);
    DeltaTable.forPath(spark, path).as("t")
        // The target side limited to the run's rows: the other dates' files are not even read.
        .merge(source.as("s"), matches + " AND " + qualify(predicate, keys))
        .whenMatched(changed).updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(owned).delete()
        .withSchemaEvolution()
        .execute();
  }

  /**
   * The run's predicate (on key columns only, e.g. {@code as_of_date = DATE'2025-06-30'}) said
   * of the target: in the merge condition both sides have those columns.
   */
  private static String qualify(String predicate, List<String> keys) {
    String q = predicate;
    for (String k : keys) {
      q = q.replaceAll("\\b" + k + "\\b", "t." + k);
    }
    return q;
  }

  /** The builder API takes a relative location for a table name: give it a full URI. */
  private String qualified(String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
