package io.lapse.jobs.lake;

/** A job needs a table that an earlier job has not written yet. */
public final class MissingTableException extends RuntimeException {
  public MissingTableException(String message) {
    super(message);
  }
}
