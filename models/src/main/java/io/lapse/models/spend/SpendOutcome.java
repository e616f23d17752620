package io.lapse.models.spend;

/**
 * What became of a segment's Gamma-Gamma fit; the code is the first word of
 * segment_models.fallback_reason on a row without an own fit.
 */
public enum SpendOutcome {
  /** Fitted, converged, with a finite population mean (q &gt; 1). */
  FITTED("fitted"),
  /** Fewer repeat customers than min-repeat-customers. */
  MIN_CUSTOMERS("min_customers"),
  /** |corr(x, m_x)| above max-abs-correlation: the independence the model assumes fails. */
  DEPENDENT_SPEND("dependent_spend"),
  /** The search did not converge to an interior maximum. */
  NOT_CONVERGED("not_converged"),
  /** q &lt;= 1: the fitted spend distribution has no finite mean, so no expected spend. */
  NO_FINITE_MEAN("no_finite_mean");

  private final String code;

  SpendOutcome(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
