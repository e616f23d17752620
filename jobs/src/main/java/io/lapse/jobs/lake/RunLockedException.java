package io.lapse.jobs.lake;

/** Another run holds the lake's lock. */
public final class RunLockedException extends RuntimeException {
  public RunLockedException(String message) {
    super(message);
  }
}
