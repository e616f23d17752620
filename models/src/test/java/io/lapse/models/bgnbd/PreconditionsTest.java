package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void paramsNameTheBadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BgNbdParams(-1, 4.4, 0.8, 2.4));
    assertEquals("r must be > 0 and finite but was -1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BgNbdParams(0.2, 4.4, 0.8, Double.NaN));
    assertEquals("b must be > 0 and finite but was NaN", e.getMessage());
  }

  @Test
  void statisticsNameTheRowAndTheBadValue() {
    SufficientStatistics.Builder builder = SufficientStatistics.builder().add(2, 30.43, 38.86, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder.add(0, 2.5, 38.86, 3));
    assertEquals("row 1: tx must be 0 when x == 0 but was 2.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> builder.add(1, 40.0, 38.86, 3));
    assertEquals("row 1: tx must be in [0, T=38.86] but was 40.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> builder.add(1, 1.0, 38.86, 0));
    assertEquals("row 1: count must be > 0 but was 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> builder.add(-1, 0, 38.86, 1));
    assertEquals("row 1: x must be >= 0 but was -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> builder.add(0, 0, 0, 1));
    assertEquals("row 1: T must be > 0 and finite but was 0.0", e.getMessage());
    assertEquals(1, builder.size());
  }

  @Test
  void statisticsGrowAndCount() {
    SufficientStatistics.Builder builder = SufficientStatistics.builder();
    for (int i = 0; i < 1000; i++) {
      builder.add(i % 5, i % 5 == 0 ? 0 : 1.5, 10, 1 + i % 3);
    }
    SufficientStatistics s = builder.build();
    assertEquals(1000, s.size());
    long expected = 0;
    for (int i = 0; i < 1000; i++) {
      expected += 1 + i % 3;
    }
    assertEquals(expected, s.customers());
    assertEquals(3, s.x(998));
    assertEquals(1.5, s.tx(998));
    assertEquals(3, s.count(998));
  }
}
