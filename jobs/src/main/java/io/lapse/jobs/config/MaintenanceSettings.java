package io.lapse.jobs.config;

import io.lapse.jobs.lake.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lapse.maintenance: whether nightly keeps the tables healthy, and how long each table keeps its
 * history.
 *
 * @param inNightly whether nightly runs the maintain step after publishing
 * @param optimize whether to compact each table's files (Delta OPTIMIZE)
 * @param vacuumRetentionHours VACUUM keeps the files table versions of these last hours need
 * @param logRetentionDays each table's log keeps the versions of these last days (time travel)
 */
public record MaintenanceSettings(boolean inNightly, boolean optimize, long vacuumRetentionHours,
    long logRetentionDays) {

  /** Delta refuses a shorter retention unless its safety check is turned off. */
  public static final long MIN_VACUUM_RETENTION_HOURS = 168;

  public MaintenanceSettings {
    if (vacuumRetentionHours < MIN_VACUUM_RETENTION_HOURS) {
      throw new IllegalArgumentException("lapse.maintenance.vacuum-retention-hours must be at"
          + " least " + MIN_VACUUM_RETENTION_HOURS + " (a running reader or time travel may still"
          + " need younger files) but was " + vacuumRetentionHours);
    }
    // Time travel to a version whose files VACUUM deleted fails: the log may not outlive them.
    if (logRetentionDays * 24 < vacuumRetentionHours) {
      throw new IllegalArgumentException("lapse.maintenance.log-retention-days must cover"
          + " lapse.maintenance.vacuum-retention-hours (" + vacuumRetentionHours + " hours) but"
          + " was " + logRetentionDays);
    }
  }

  /** The Delta properties every table is created with, and the maintain job keeps. */
  public Map<String, String> tableProperties(Table table) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (table.changeDataFeed()) {
      properties.put("delta.enableChangeDataFeed", "true");
    }
    properties.put("delta.logRetentionDuration", "interval " + logRetentionDays + " days");
    properties.put("delta.deletedFileRetentionDuration",
        "interval " + vacuumRetentionHours + " hours");
    return properties;
  }
}
