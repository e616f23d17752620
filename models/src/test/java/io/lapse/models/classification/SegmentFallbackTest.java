package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentFallbackTest {

  private static SegmentFallback.Counts c(long rows, long... classes) {
    return new SegmentFallback.Counts(rows, classes);
  }

  @Test
  void ownModelThenParentThenGlobal() {
    FallbackSpec spec = new FallbackSpec(100, 10, Map.of("R1F1", "R1", "R1F2", "R1",
        "R2F1", "R2"));
    Map<String, SegmentFallback.Assignment> a = SegmentFallback.resolve(Map.of(
        "big", c(500, 50, 450),
        "R1F1", c(60, 12, 48),
        "R1F2", c(70, 15, 55),
        "R2F1", c(30, 5, 25),
        "odd", c(150, 3, 147)), spec);
    assertFalse(a.get("big").isFallback());
    assertEquals("", a.get("big").reason());
    // Neither R1 child is big enough; together they are (130 rows, 27 and 103 of each class).
    assertEquals("R1", a.get("R1F1").fittedSegment());
    assertEquals("segment 'R1F1': 60 rows < min-rows 100; uses parent 'R1'",
        a.get("R1F1").reason());
    assertEquals("R1", a.get("R1F2").fittedSegment());
    // R2 is as small as its only child: global.
    assertEquals("ALL", a.get("R2F1").fittedSegment());
    assertEquals("segment 'R2F1': 30 rows < min-rows 100; parent 'R2': 30 rows < min-rows 100;"
        + " uses the global model ALL", a.get("R2F1").reason());
    // Enough rows but too few of one class.
    assertEquals("ALL", a.get("odd").fittedSegment());
    assertTrue(a.get("odd").reason().contains("class counts [3, 147] have one < min-class-rows 10"),
        a.get("odd").reason());
  }

  @Test
  void tooLittleDataForTheGlobalModelIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SegmentFallback.resolve(Map.of("a", c(40, 5, 35)), FallbackSpec.defaults()));
    assertEquals("too little data for even the global model: 40 rows < min-rows 1000",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new FallbackSpec(10, 0, Map.of()));
    assertEquals("fallback min-class-rows must be >= 1 but was 0", e.getMessage());
  }
}
