package io.lapse.jobs.config;

/**
 * lapse.maintenance: whether nightly keeps the tables healthy, and how.
 *
 * @param inNightly whether nightly runs the maintain step after publishing
 * @param optimize whether to compact each table's files (Delta OPTIMIZE)
 * @param vacuumRetentionHours VACUUM keeps the files table versions of these last hours need
 */
public record MaintenanceSettings(boolean inNightly, boolean optimize, long vacuumRetentionHours) {

  /** Delta refuses a shorter retention unless its safety check is turned off. */
  public static final long MIN_VACUUM_RETENTION_HOURS = 168;

  public MaintenanceSettings {
    if (vacuumRetentionHours < MIN_VACUUM_RETENTION_HOURS) {
      throw new IllegalArgumentException("lapse.maintenance.vacuum-retention-hours must be at"
          + " least " + MIN_VACUUM_RETENTION_HOURS + " (a running reader or time travel may still"
          + " need younger files) but was " + vacuumRetentionHours);
    }
  }
}
