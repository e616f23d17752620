package io.lapse.features.engagement;

/**
 * Why a clickstream record was quarantined instead of accepted. Stored as the code string. The
 * order of the constants is the order in which {@link EventReader} checks them: a record gets the
 * first reason that applies.
 */
public enum EventRejectReason {
  MALFORMED_RECORD("malformed_record"),
  /** Bytes that are not UTF-8: the file is not in the expected encoding. */
  INVALID_ENCODING("invalid_encoding"),
  MISSING_USER_ID("missing_user_id"),
  /** Longer than {@code StrictValues.MAX_ID_LENGTH} characters or holding control characters. */
  INVALID_USER_ID("invalid_user_id"),
  UNPARSABLE_TIMESTAMP("unparsable_timestamp"),
  TIMESTAMP_BEFORE_FLOOR("timestamp_before_floor"),
  /** Dated after the latest plausible day: a clock or data error (same code as transactions). */
  TIMESTAMP_IN_FUTURE("timestamp_in_future"),
  /** A record without an event type cannot be classified under any profile or policy. */
  MISSING_EVENT_TYPE("missing_event_type"),
  /** Only under the profile's {@code quarantine} policy; under {@code ignore} it is accepted. */
  UNKNOWN_EVENT_TYPE("unknown_event_type"),
  /**
   * Only for purchase events, when an amount column is mapped and the value is present but not a
   * finite number (a purchase without an amount adds 0).
   */
  NON_NUMERIC_AMOUNT("non_numeric_amount"),
  /** Only for purchase events. */
  NEGATIVE_AMOUNT("negative_amount"),
  /** A later copy of an accepted event (same event id, or same mapped values without one). */
  DUPLICATE_EVENT("duplicate_event");

  private final String code;

  EventRejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
