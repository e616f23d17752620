package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Reads the CDNOW 1/10 sample into BG/NBD statistics with the papers' conventions, in plain Java
 * so that the reference test does not depend on the Spark feature code.
 */
public final class CdnowFixture {

  public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  private static final String SAMPLE = "data/cdnow/CDNOW_sample.txt";

  private CdnowFixture() {}

  /** Path of the repository's CDNOW_sample.txt (data/cdnow); fails the test when missing. */
  public static Path samplePath() {
    try {
      return io.lapse.testing.TestSpark.cdnowDir().resolve("CDNOW_sample.txt");
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
  }


  /**
   * One row per customer: x = purchase days after the first within calibration (several
   * purchases on one day are one transaction), t_x and T in weeks (days / 7) from the first
   * purchase, T running to {@link #CALIBRATION_END}.
   */
  public static SufficientStatistics calibrationStatistics() throws IOException {
    Map<String, TreeSet<LocalDate>> purchaseDays = new LinkedHashMap<>();
    for (String line : Files.readAllLines(samplePath(), StandardCharsets.US_ASCII)) {
      String trimmed = line.strip(); // also drops the CR of the CRLF line ends
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length != 5) {
        fail("expected 5 fields in CDNOW line but got " + fields.length + ": " + line);
      }
      LocalDate day = LocalDate.parse(fields[2], DateTimeFormatter.BASIC_ISO_DATE);
      purchaseDays.computeIfAbsent(fields[0], id -> new TreeSet<>()).add(day);
    }
    SufficientStatistics.Builder builder = SufficientStatistics.builder();
    for (TreeSet<LocalDate> days : purchaseDays.values()) {
      LocalDate first = days.first();
      NavigableSet<LocalDate> calibration = days.headSet(CALIBRATION_END, true);
      int x = calibration.size() - 1;
      double tx = ChronoUnit.DAYS.between(first, calibration.last()) / 7.0;
      double T = ChronoUnit.DAYS.between(first, CALIBRATION_END) / 7.0;
      builder.add(x, tx, T, 1);
    }
    return builder.build();
  }
}
