package io.lapse.jobs.lake;

/** A run's rows would break a table's schema policy; nothing of the run was published. */
public final class SchemaPolicyException extends RuntimeException {
  public SchemaPolicyException(String message) {
    super(message);
  }
}
