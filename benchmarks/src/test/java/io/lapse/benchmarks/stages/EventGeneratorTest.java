package io.lapse.benchmarks.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.EngagementProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {

  private static final EngagementProfile PROFILE = EngagementProfile.defaults();

  @Test
  void theSameSeedWritesTheSameFiles(@TempDir Path dir) throws IOException {
    EventGenerator.Spec spec = new EventGenerator.Spec(300, 60, 0.3, PROFILE.kinds(), 7,
        LocalDate.parse("2025-06-30"));
    EventGenerator.Result a = EventGenerator.write(spec, PROFILE, dir.resolve("a"));
    EventGenerator.Result b = EventGenerator.write(spec, PROFILE, dir.resolve("b"));
    assertArrayEquals(Files.readAllBytes(a.events()), Files.readAllBytes(b.events()));
    assertArrayEquals(Files.readAllBytes(a.transactions()), Files.readAllBytes(b.transactions()));
    assertEquals(a.eventRows() + 1, Files.readAllLines(a.events()).size()); // with the header
    assertEquals(a.transactionRows() + 1, Files.readAllLines(a.transactions()).size());
    assertTrue(a.transactionRows() > 0 && a.eventRows() > 300, a.toString());
    EventGenerator.Result other = EventGenerator.write(new EventGenerator.Spec(300, 60, 0.3,
        PROFILE.kinds(), 8, spec.endDate()), PROFILE, dir.resolve("c"));
    assertTrue(other.eventRows() != a.eventRows()
        || !Files.readString(other.events()).equals(Files.readString(a.events())));
  }

  @Test
  void anUnknownKindIsNamed(@TempDir Path dir) {
    EventGenerator.Spec spec = new EventGenerator.Spec(10, 10, 1, List.of("visit", "gossip"), 1,
        LocalDate.parse("2025-06-30"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventGenerator.write(spec, PROFILE, dir));
    assertTrue(e.getMessage().contains("'gossip'") && e.getMessage().contains("visit"),
        e.getMessage());
  }
}
