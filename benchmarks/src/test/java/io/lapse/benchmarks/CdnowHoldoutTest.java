package io.lapse.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowHoldoutTest {

  private static final LocalDate END = LocalDate.of(1997, 9, 30);
  private static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

  @Test
  void splitsAtTheCalibrationEndAndCountsPurchaseDays(@TempDir Path dir) throws IOException {
    // Master layout: header, CRLF. Customer 1 buys twice on its first day (one transaction), on
    // the calibration end (calibration) and the day after (holdout), and after the holdout end
    // (neither); customer 2 buys once.
    Path file = dir.resolve("master.txt");
    Files.writeString(file, "customer_id date cds dollars\r\n"
        + "00001 19970101 1 10.0\r\n00001 19970101 2 5.0\r\n00001 19970930 1 3.0\r\n"
        + "00001 19971001 1 4.0\r\n00001 19980701 1 4.0\r\n00002 19970325 1 9.0\r\n");
    CdnowHoldout data = CdnowHoldout.read(file, END, HOLDOUT_END);
    assertEquals(2, data.customers());
    assertArrayEquals(new int[] {1, 0}, data.x());
    assertArrayEquals(new double[] {272 / 7.0, 0}, data.txWeeks(), 1e-12);
    assertArrayEquals(new double[] {272 / 7.0, 189 / 7.0}, data.tWeeks(), 1e-12);
    assertArrayEquals(new int[] {1, 0}, data.holdout());
    assertEquals(2, data.calibration().customers());
  }

  @Test
  void readsThePapersSample() throws IOException {
    CdnowHoldout sample = CdnowHoldout.read(TestSpark.cdnowDir().resolve("CDNOW_sample.txt"),
        END, HOLDOUT_END);
    assertEquals(2357, sample.customers());
    // Every customer's first purchase is in the first quarter of 1997: T from 26 to 39 weeks.
    for (double t : sample.tWeeks()) {
      assertTrue(t >= 26 && t <= 39 + 1e-9, "T " + t);
    }
  }

  @Test
  void rejectsALineOfNeitherLayout(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "00001 19970101 1\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CdnowHoldout.read(file, END, HOLDOUT_END));
    assertTrue(e.getMessage().contains("got 3") && e.getMessage().contains("00001 19970101 1"),
        e.getMessage());
  }
}
