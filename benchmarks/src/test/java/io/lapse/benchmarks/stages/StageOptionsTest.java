package io.lapse.benchmarks.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageOptionsTest {

  @Test
  void parsesTheScaleAndStages() {
    StageOptions o = StageOptions.parse("--customers", "275_000", "--days", "90",
        "--events-per-day", "0.5", "--kinds", "visit,purchase", "--as-of", "2025-01-31",
        "--stages", "ingest,features,score", "--duckdb-threads", "1");
    assertEquals(275_000, o.customers());
    assertEquals(90, o.days());
    assertEquals(0.5, o.eventsPerCustomerDay());
    assertEquals(List.of("visit", "purchase"), o.kinds());
    assertEquals(LocalDate.parse("2025-01-31"), o.asOf());
    assertEquals(List.of("ingest", "features", "score"), o.stages());
    assertEquals(1, o.duckdbThreads());
  }

  @Test
  void errorsNameTheOptionAndTheBadValue() {
    assertMessage("--customers must be a whole number >= 1 but was 'lots'", "--customers", "lots");
    assertMessage("--days must be a whole number >= 1 but was '0'", "--days", "0");
    assertMessage("--events-per-day must be a number > 0 but was '-1'", "--events-per-day", "-1");
    assertMessage("--as-of must be a date YYYY-MM-DD but was '2025-13-01'", "--as-of",
        "2025-13-01");
    assertMessage("--kinds must be a comma-separated list without empty items but was 'visit,'",
        "--kinds", "visit,");
    assertMessage("unknown stage 'scoring'", "--stages", "ingest,features,scoring");
    assertMessage("'train' out of order", "--stages", "ingest,features,score,train");
    assertMessage("--stages must start with ingest,features but was 'features'", "--stages",
        "features");
    assertMessage("unknown option '--customer'", "--customer", "5");
    assertMessage("--work needs a value", "--work");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StageOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
