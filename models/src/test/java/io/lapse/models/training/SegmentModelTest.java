package io.lapse.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentModelTest {

  private static SegmentModel bgnbd(String segment, String fitted, String reason) {
    return new SegmentModel(segment, SegmentModel.BGNBD, "v", fitted, 10, 10, Map.of(), Map.of(),
        -1.0, true, 3, null, reason);
  }

  @Test
  void aFallbackCarriesItsReasonAndAnOwnFitNone() {
    assertEquals("min_customers: 10 customers < min-customers 200",
        bgnbd("s", "ALL", "min_customers: 10 customers < min-customers 200").fallbackReason());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bgnbd("s", "ALL", " "));
    assertEquals("segment 's' uses the fit of 'ALL' and needs a fallback reason but had ' '",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> bgnbd("s", "s", "boundary: r"));
    assertEquals("segment 's' has its own fit and no fallback reason but had 'boundary: r'",
        e.getMessage());
  }
}
