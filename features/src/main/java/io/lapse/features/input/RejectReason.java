package io.lapse.features.input;

/** Why an input row was quarantined instead of accepted. Stored as the code string. */
public enum RejectReason {
  MALFORMED_RECORD("malformed_record"),
  INVALID_ENCODING("invalid_encoding"),
  MISSING_CUSTOMER_ID("missing_customer_id"),
  /** Longer than {@link StrictValues#MAX_ID_LENGTH} characters or holding control characters. */
  INVALID_CUSTOMER_ID("invalid_customer_id"),
  UNPARSABLE_TIMESTAMP("unparsable_timestamp"),
  TIMESTAMP_BEFORE_FLOOR("timestamp_before_floor"),
  TIMESTAMP_IN_FUTURE("timestamp_in_future"),
  MISSING_AMOUNT("missing_amount"),
  NON_NUMERIC_AMOUNT("non_numeric_amount"),
  NEGATIVE_AMOUNT("negative_amount"),
  DUPLICATE_ORDER_ID("duplicate_order_id");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
