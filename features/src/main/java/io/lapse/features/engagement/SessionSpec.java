package io.lapse.features.engagement;

/**
 * How events without a session id are cut into sessions.
 *
 * @param inactivityGapMinutes a gap longer than this between two actions starts a new session
 */
public record SessionSpec(int inactivityGapMinutes) {

  public SessionSpec {
    if (inactivityGapMinutes <= 0) {
      throw new IllegalArgumentException(
          "session inactivity-gap-minutes must be > 0 but was " + inactivityGapMinutes);
    }
  }

  /** 30 minutes, the web analytics convention. */
  public static SessionSpec defaults() {
    return new SessionSpec(30);
  }
}
