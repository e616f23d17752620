package io.lapse.jobs;

/** Process exit codes a scheduler can act on (sysexits.h values). */
public enum ExitCode {
  /** Every stage succeeded and published. */
  SUCCESS(0),
  /** Unknown job or bad command-line arguments: fix the command. */
  USAGE(64),
  /**
   * An error-level data-quality check failed (see 01_raw/data_quality), or the rows would break a
   * table's schema policy; nothing was published.
   */
  DATA_QUALITY_FAILED(65),
  /** The input is unusable (a mapped column is missing) or a table a job needs does not exist. */
  INPUT_ERROR(66),
  /** A failure while running (Spark, storage, a model that did not converge): retry or investigate. */
  RUNTIME_FAILURE(70),
  /** Another lapse run holds the lake's lock: retry later. */
  LOCKED(75),
  /** The configuration is invalid: fix the config file or -D overrides. */
  CONFIG_ERROR(78);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
