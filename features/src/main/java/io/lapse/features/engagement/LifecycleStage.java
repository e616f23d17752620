package io.lapse.features.engagement;

/**
 * Where a customer stands as of D. Stages are checked in this order and the first that applies
 * wins, so a lapsed repeat buyer is {@link #LAPSED}, not {@link #NURTURE}. Stored as the code.
 */
public enum LifecycleStage {
  /** Seen (any event, or listed in the customers table) but no engagement action yet. */
  REACH("reach"),
  /** Dis-engaged by the {@link DisengagementSpec} rule: recency above the threshold. */
  LAPSED("lapsed"),
  /** Recency above at-risk-latency-ratio x personal latency, not yet lapsed. */
  AT_RISK("at_risk"),
  /** Purchases on two or more days. */
  NURTURE("nurture"),
  /** Purchases on exactly one day. */
  ACTIVATE("activate"),
  /** Engaged, no purchase. */
  ENGAGE("engage");

  private final String code;

  LifecycleStage(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
