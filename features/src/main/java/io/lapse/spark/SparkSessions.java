package io.lapse.spark;

import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds a SparkSession, for jobs and tests alike, so that both run with the
 * same Delta wiring and the same session settings.
 */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * Builds (or returns the active) session.
   *
   * @param appName application name shown in the Spark UI and logs
   * @param master Spark master URL, or empty when spark-submit supplies it
   * @param shufflePartitions spark.sql.shuffle.partitions; small values keep local runs fast
   * @param extraConf further Spark settings, applied last so an environment can override anything
   */
  public static SparkSession getOrCreate(
      String appName, String master, int shufflePartitions, Map<String, String> extraConf) {
    Objects.requireNonNull(appName, "appName");
    if (shufflePartitions <= 0) {
      throw new IllegalArgumentException(
          "shufflePartitions must be > 0 but was " + shufflePartitions);
    }
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Dates are calendar days of the business, not instants: never shift them by the JVM zone.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false")
            // Lets replaceWhere name data columns (as-of dates, activity days) so reruns replace exactly
            // the rows they own.
            .config("spark.databricks.delta.replaceWhere.dataColumns.enabled", "true")
            .config("spark.databricks.delta.schema.autoMerge.enabled", "false");
    // spark-submit --conf passes settings as system properties; they win over lapse's default.
    if (!new org.apache.spark.SparkConf().contains("spark.sql.shuffle.partitions")) {
      builder.config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
    }
    if (master != null && !master.isBlank()) {
      builder.master(master);
    }
    for (Map.Entry<String, String> e : extraConf.entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    return builder.getOrCreate();
  }
}
