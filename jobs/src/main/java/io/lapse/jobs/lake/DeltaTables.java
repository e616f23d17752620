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
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", predicate)
        .partitionBy(partitionColumns)
        .save(path);
    LOG.info("published {} where {}", path, predicate);
  }
}
