package io.lapse.models.km;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KaplanMeierTest {

  /**
   * Seven subjects: events at 1, 1, 3, 5; censored at 2, 3, 6. By hand:
   * t=1: n=7, d=2, S=5/7; t=2: n=5, censored; t=3: n=4, d=1 (the censoring at 3 is still at
   * risk), S=5/7*3/4=15/28; t=5: n=2, d=1, S=15/56; t=6: n=1, censored.
   */
  @Test
  void matchesAHandComputedCurveWithTiesAndCensoring() {
    // Unordered and split over repeated times on purpose.
    double[] times = {3, 1, 6, 2, 5, 1, 3};
    long[] events = {1, 1, 0, 0, 1, 1, 0};
    long[] censored = {0, 0, 1, 1, 0, 0, 1};
    KaplanMeierCurve c = KaplanMeier.estimate(times, events, censored);
    assertArrayEquals(new double[] {1, 2, 3, 5, 6}, c.times());
    assertArrayEquals(new long[] {7, 5, 4, 2, 1}, c.atRisk());
    assertArrayEquals(new long[] {2, 0, 1, 1, 0}, c.events());
    assertArrayEquals(new long[] {0, 1, 1, 0, 1}, c.censored());
    assertArrayEquals(new double[] {5 / 7.0, 5 / 7.0, 15 / 28.0, 15 / 56.0, 15 / 56.0},
        c.survival(), 1e-15);
    // Greenwood at t=3: S^2 * (2/(7*5) + 1/(4*3)).
    assertEquals(15 / 28.0 * Math.sqrt(2 / 35.0 + 1 / 12.0), c.standardError()[2], 1e-15);
    assertEquals(1.0, c.survivalAt(0.5));
    assertEquals(15 / 28.0, c.survivalAt(4.9));
    assertEquals(5.0, c.medianTime());
    assertEquals(15 / 56.0, c.tail());
    assertEquals(7, c.observations());
  }

  @Test
  void rejectsNegativeTimesNamingTheIndex() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KaplanMeier.estimate(new double[] {1, -2}, new long[] {1, 1}, new long[] {0, 0}));
    assertEquals("time at index 1 must be >= 0 and finite but was -2.0", e.getMessage());
  }
}
