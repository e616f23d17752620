package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import org.junit.jupiter.api.Test;

class CustomerValueTest {

  /** The published CDNOW BG/NBD fit and the README's reference customer. */
  private static final BgNbdParams CDNOW = new BgNbdParams(0.243, 4.414, 0.793, 2.426);

  @Test
  void undiscountedValueIsExpectedTransactionsTimesSpend() {
    double clv = new CustomerValue(273, 0).clv(CDNOW, 2, 30.43, 38.86, 24.66);
    // 273 days = 39 weeks: 1.226 expected transactions (data/cdnow/README.md).
    assertEquals(1.226 * 24.66, clv, 0.001 * 1.226 * 24.66);
  }

  @Test
  void discountingLowersValueByAboutHalfTheAnnualRateOverAYear() {
    double flat = new CustomerValue(365, 0).clv(CDNOW, 2, 30.43, 38.86, 24.66);
    double discounted = new CustomerValue(365, 0.10).clv(CDNOW, 2, 30.43, 38.86, 24.66);
    assertTrue(discounted < flat);
    // Purchases spread over the year are discounted by about (1.1)^-0.5 on average; they come a
    // little earlier than uniformly (the customer may drop out), so slightly less.
    double ratio = discounted / flat;
    assertTrue(ratio > 0.94 && ratio < 0.96, "ratio " + ratio);
    // A month-by-month sum differs from the exact continuous discount by well under 0.5%.
    double continuous = 0;
    int steps = 3650;
    double previous = 0;
    for (int i = 1; i <= steps; i++) {
      double days = 365.0 * i / steps;
      double e = BgNbdPredictor.expectedTransactions(CDNOW, days / 7, 2, 30.43, 38.86);
      continuous += (e - previous) * Math.pow(1.1, -days / 365.25);
      previous = e;
    }
    assertEquals(continuous * 24.66, discounted, 0.005 * discounted);
  }

  @Test
  void rejectsBadSettingsNamingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CustomerValue(0, 0.1));
    assertEquals("horizon days must be >= 1 but was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CustomerValue(365, -0.1));
    assertEquals("annual discount rate must be >= 0 and finite but was -0.1", e.getMessage());
  }
}
