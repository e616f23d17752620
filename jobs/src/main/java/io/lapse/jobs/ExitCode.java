package io.lapse.jobs;

/** Process exit codes a scheduler can act on (sysexits.h values). */
public enum ExitCode {
  /** Every stage succeeded and published. */
  SUCCESS(0),
  /** Unknown job or bad command-line arguments: fix the command. */
  USAGE(64),
  /** The input data is unusable (missing mapped column, no data): fix the input or its mapping. */
  DATA_ERROR(65),
  /** A failure while running (Spark, storage, a model that did not converge): retry or investigate. */
  RUNTIME_FAILURE(70),
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
