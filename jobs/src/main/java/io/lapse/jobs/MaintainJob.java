package io.lapse.jobs;

import io.delta.tables.DeltaTable;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.config.MaintenanceSettings;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every table of the lake healthy over years of nightly runs: OPTIMIZE compacts the small
 * files each rerun and each day's partition leave, VACUUM deletes the data files no version within
 * the retention needs. Both are Delta operations, committed to each table's history.
 */
public final class MaintainJob {

  private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

  private MaintainJob() {}

  /** @return the tables maintained (those that exist), in {@link Table} order */
  public static List<Table> run(SparkSession spark, LapseConfig config) {
    MaintenanceSettings settings = config.maintenance;
    DeltaTables delta = new DeltaTables(spark);
    // VACUUM lists a table's folders with Spark's partition-discovery parallelism, 10,000 tasks
    // by default: far more than a lake's partitions; the cluster's cores are enough.
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    String listingBefore = spark.conf().get(listing, null);
    spark.conf().set(listing, String.valueOf(spark.sparkContext().defaultParallelism()));
    List<Table> maintained = new ArrayList<>();
    try {
      for (Table table : Table.values()) {
        String path = config.lake.path(table);
        if (!delta.exists(path)) {
          continue;
        }
        DeltaTable t = DeltaTable.forPath(spark, path);
        if (settings.optimize()) {
          t.optimize().executeCompaction();
        }
        keepDeclaredProperties(spark, t, path, settings.tableProperties(table));
        t.vacuum();
        maintained.add(table);
        LOG.info("maintained {}: {}vacuum keeping {} hours", table.relativePath(),
            settings.optimize() ? "optimize, " : "", settings.vacuumRetentionHours());
      }
    } finally {
      if (listingBefore == null) {
        spark.conf().unset(listing);
      } else {
        spark.conf().set(listing, listingBefore);
      }
    }
    return maintained;
  }

  /**
   * Sets the table's declared properties where they differ (one commit, only when one does):
   * the retention settings may have changed since the table was created, and Delta's VACUUM
   * takes the retention from the table, not from its argument.
   */
  private static void keepDeclaredProperties(SparkSession spark, DeltaTable t, String path,
      Map<String, String> declared) {
    Map<String, String> properties = t.detail().first().getJavaMap(
        t.detail().schema().fieldIndex("properties"));
    String changed = declared.entrySet().stream()
        .filter(e -> !e.getValue().equals(properties.get(e.getKey())))
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
        .collect(Collectors.joining(", "));
    if (!changed.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + changed + ")");
    }
  }
}
