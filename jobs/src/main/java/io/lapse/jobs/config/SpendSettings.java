package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.models.optim.DampedNewton;
import io.lapse.models.spend.CustomerValue;
import io.lapse.models.spend.GammaGammaSettings;

/**
 * Customer value: the Gamma-Gamma fit per segment (lapse.models.gamma-gamma) and the CLV of
 * scores (lapse.score.clv).
 */
public record SpendSettings(GammaGammaSettings gammaGamma, CustomerValue value) {

  static GammaGammaSettings gammaGamma(Config c) {
    return new GammaGammaSettings(c.getDouble("lapse.models.gamma-gamma.max-abs-correlation"),
        c.getLong("lapse.models.gamma-gamma.min-repeat-customers"),
        // The same in-memory limit as the other driver fits.
        DampedNewton.MAX_ROWS);
  }

  static CustomerValue value(Config c) {
    return new CustomerValue(c.getInt("lapse.score.clv.horizon-days"),
        c.getDouble("lapse.score.clv.annual-discount-rate"));
  }
}
