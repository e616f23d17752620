package io.lapse.jobs.lake;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and publishes lapse's Delta tables. Every publish replaces exactly the rows the run owns
 * (a replaceWhere predicate on the as-of date or the ingested days) in one Delta commit, so a
 * rerun leaves the same rows and never duplicates.
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
   * Replaces the rows matching {@code predicate} with {@code rows}, creating the table on first use.
   *
   * @param predicate SQL predicate every row of {@code rows} satisfies
   * @param partitionColumns partition columns used when the table is created
   */
  public void replaceWhere(Dataset<Row> rows, String path, String predicate,
      String... partitionColumns) {
    replaceWhere(rows, path, predicate, false, partitionColumns);
  }

  /**
   * As above; with {@code changeDataFeed} a table created here is created with Change Data Feed
   * enabled from its first version, so its whole history can be read as changes.
   */
  public void replaceWhere(Dataset<Row> rows, String path, String predicate,
      boolean changeDataFeed, String... partitionColumns) {
    if (changeDataFeed && !exists(path)) {
      DeltaTable.createIfNotExists(spark).location(qualified(path)).addColumns(rows.schema())
          .partitionedBy(partitionColumns)
          .property("delta.enableChangeDataFeed", "true").execute();
    }
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", predicate)
        // Schemas only ever gain columns (README): a newer release adds them to existing tables.
        .option("mergeSchema", "true")
        .partitionBy(partitionColumns)
        .save(path);
    LOG.info("published {} where {}", path, predicate);
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
