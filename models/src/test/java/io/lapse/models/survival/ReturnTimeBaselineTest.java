package io.lapse.models.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import org.junit.jupiter.api.Test;

class ReturnTimeBaselineTest {

  /**
   * Gaps: 10 customers returned after 5 days, 4 after 20, 2 after 40, 4 still away after 50
   * (censored): S = 0.5 from 5, 0.3 from 20, 0.2 from 40. The onset needs a gap above T + 1 and
   * must fall within H: P = S(T + 1) / S(r) for r >= T + 1 - H, else 0.
   * T = 30, H = 20: S(31) = 0.3; r = 10 gives 0, r = 11 gives 0.3 / 0.5, r = 25 gives 0.3 / 0.3.
   * T = 45, H = 20: S(46) = 0.2; r = 25 gives 0, r = 26 gives 0.2 / 0.3, r = 45 gives 1.
   */
  @Test
  void isTheConditionalSurvivalBeyondTheThreshold() {
    KaplanMeierCurve gaps = KaplanMeier.estimate(new double[] {5, 20, 40, 50},
        new long[] {10, 4, 2, 0}, new long[] {0, 0, 0, 4});
    assertEquals(0.0, ReturnTimeBaseline.probability(gaps, 30, 20, 10));
    assertEquals(0.6, ReturnTimeBaseline.probability(gaps, 30, 20, 11), 1e-15);
    assertEquals(1.0, ReturnTimeBaseline.probability(gaps, 30, 20, 25), 1e-15);
    assertEquals(0.0, ReturnTimeBaseline.probability(gaps, 45, 20, 25));
    assertEquals(0.2 / 0.3, ReturnTimeBaseline.probability(gaps, 45, 20, 26), 1e-15);
    assertEquals(1.0, ReturnTimeBaseline.probability(gaps, 45, 20, 45), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReturnTimeBaseline.probability(gaps, 45, 20, -1));
    assertEquals("recency days must be >= 0 but was -1", e.getMessage());
  }
}
