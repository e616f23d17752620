package io.lapse.models.spend;

/**
 * How Gamma-Gamma is fitted per segment.
 *
 * @param maxAbsCorrelation a segment whose repeat customers' |corr(x, m_x)| exceeds this is not
 *     fitted: the model assumes spend independent of frequency
 * @param minRepeatCustomers a segment with fewer repeat customers uses ALL's fit
 * @param maxDriverRows a segment with at most this many distinct (x, total in cents) is fitted in
 *     memory; a larger one by one cluster aggregate per trial gamma
 */
public record GammaGammaSettings(double maxAbsCorrelation, long minRepeatCustomers,
    long maxDriverRows) {

  public GammaGammaSettings {
    if (!(maxAbsCorrelation > 0 && maxAbsCorrelation <= 1)) {
      throw new IllegalArgumentException("max-abs-correlation must be in (0, 1] but was "
          + maxAbsCorrelation);
    }
    if (minRepeatCustomers < 2) {
      throw new IllegalArgumentException("min-repeat-customers must be >= 2 but was "
          + minRepeatCustomers);
    }
    if (maxDriverRows < 1) {
      throw new IllegalArgumentException("max driver rows must be >= 1 but was " + maxDriverRows);
    }
  }
}
