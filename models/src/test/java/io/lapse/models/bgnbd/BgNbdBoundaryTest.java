package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BgNbdBoundaryTest {

  private static final BgNbdBoundary BOUNDS = new BgNbdBoundary(1e-3, 1e3, 1e-3, 1e5);

  @Test
  void interiorFitsPassAndEachEdgeIsNamedWithItsValueAndBound() {
    assertEquals(Optional.empty(), BOUNDS.violation(new BgNbdParams(0.243, 4.414, 0.793, 2.426)));
    // The published CDNOW fit and the rfm segment R1F1M1 of the master file (a, b near 20).
    assertEquals(Optional.empty(), BOUNDS.violation(new BgNbdParams(0.12, 3.06, 23.6, 20.4)));
    assertEquals(Optional.of("r=1.575e-05 < min-shape 0.001000"),
        BOUNDS.violation(new BgNbdParams(1.575e-5, 11097, 1, 1)));
    assertEquals(Optional.of("r=3.500e+07 > max-shape 1000"),
        BOUNDS.violation(new BgNbdParams(3.5e7, 3.5e8, 0.5, 2)));
    assertEquals(Optional.of("alpha=2.000e+05 > max-alpha-weeks 1.000e+05"),
        BOUNDS.violation(new BgNbdParams(0.5, 2e5, 0.5, 2)));
    assertEquals(Optional.of("alpha=0.0001000 < min-alpha-weeks 0.001000"),
        BOUNDS.violation(new BgNbdParams(0.5, 1e-4, 0.5, 2)));
    assertEquals(Optional.of("a=2.000e-06 < min-shape 0.001000"),
        BOUNDS.violation(new BgNbdParams(0.5, 4, 2e-6, 2)));
    assertEquals(Optional.of("b=0.0005000 < min-shape 0.001000"),
        BOUNDS.violation(new BgNbdParams(0.5, 4, 509, 5e-4)));
  }

  @Test
  void noneAcceptsEveryValidParameterSet() {
    assertEquals(Optional.empty(),
        BgNbdBoundary.none().violation(new BgNbdParams(1e-300, 1e300, 1e-300, 1e300)));
  }

  @Test
  void boundsMustBeAProperPositiveRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BgNbdBoundary(0, 1e3, 1e-3, 1e5));
    assertEquals("min-shape must be > 0 and finite but was 0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BgNbdBoundary(1e-3, 1e-3, 1e-3, 1e5));
    assertEquals("max-shape must be finite and > min-shape 0.001 but was 0.001", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BgNbdBoundary(1e-3, 1e3, 1e-3, Double.POSITIVE_INFINITY));
    assertEquals("max-alpha-weeks must be finite and > min-alpha-weeks 0.001 but was Infinity",
        e.getMessage());
  }
}
