package io.lapse.benchmarks;

import io.lapse.models.bgnbd.SufficientStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CDNOW file read into the papers' calibration/holdout split: per customer, (x, t_x, T) as of
 * the calibration end and the purchase days in the holdout. Plain Java and independent of lapse's
 * reader, like {@link CdnowData}, so that the truth cannot inherit a lapse bug.
 *
 * <p>Convention: several purchases on one day are one transaction; weeks are days / 7; t_x and T
 * run from the customer's first purchase.
 *
 * @param x repeat purchase days in calibration, per customer
 * @param txWeeks recency per customer
 * @param tWeeks age at the calibration end per customer
 * @param holdout purchase days in (calibration end, holdout end] per customer
 */
record CdnowHoldout(int[] x, double[] txWeeks, double[] tWeeks, int[] holdout) {

  /**
   * Reads the master file (header, then {@code id yyyyMMdd cds dollars}) or the 1/10 sample (no
   * header, {@code master_id sample_id yyyyMMdd cds dollars}), told apart by the field count.
   *
   * @throws IllegalStateException on a line with neither layout, naming it
   */
  static CdnowHoldout read(Path file, LocalDate calibrationEnd, LocalDate holdoutEnd)
      throws IOException {
    Map<String, TreeSet<LocalDate>> days = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("customer_id")) {
        continue;
      }
      String[] f = trimmed.split("\\s+");
      int dateField = f.length == 4 ? 1 : f.length == 5 ? 2 : -1;
      if (dateField < 0) {
        throw new IllegalStateException(file + ": expected 4 (master) or 5 (sample) fields but"
            + " got " + f.length + ": '" + line + "'");
      }
      days.computeIfAbsent(f[0], k -> new TreeSet<>())
          .add(LocalDate.parse(f[dateField], DateTimeFormatter.BASIC_ISO_DATE));
    }
    int n = days.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    int[] holdout = new int[n];
    int i = 0;
    for (TreeSet<LocalDate> d : days.values()) {
      LocalDate first = d.first();
      if (!first.isBefore(calibrationEnd)) {
        // T would be 0: such a customer says nothing to either model (the CDNOW cohort's first
        // purchases are all in the first quarter of 1997).
        throw new IllegalStateException(file + ": a customer's first purchase " + first
            + " is not before the calibration end " + calibrationEnd);
      }
      TreeSet<LocalDate> calibration = new TreeSet<>(d.headSet(calibrationEnd, true));
      x[i] = calibration.size() - 1;
      tx[i] = ChronoUnit.DAYS.between(first, calibration.last()) / 7.0;
      t[i] = ChronoUnit.DAYS.between(first, calibrationEnd) / 7.0;
      holdout[i] = d.subSet(calibrationEnd, false, holdoutEnd, true).size();
      i++;
    }
    return new CdnowHoldout(x, tx, t, holdout);
  }

  int customers() {
    return x.length;
  }

  /** The calibration statistics, one row per customer. */
  SufficientStatistics calibration() {
    SufficientStatistics.Builder b = SufficientStatistics.builder();
    for (int i = 0; i < x.length; i++) {
      b.add(x[i], txWeeks[i], tWeeks[i], 1);
    }
    return b.build();
  }
}
