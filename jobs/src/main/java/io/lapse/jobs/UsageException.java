package io.lapse.jobs;

/** The command line is wrong. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
