package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CDNOW 1/10 sample's calibration spend, read in plain Java with lifetimes' convention
 * ({@code summary_data_from_transaction_data(..., monetary_value_col)}): purchases of one day are
 * one transaction of their summed value, the first day is left out, and m_x is the mean of the
 * repeat days' values up to 1997-09-30. 946 customers have a repeat day by then.
 */
final class CdnowSpend {

  static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

  /**
   * One customer's calibration spend: x repeat days, their total z (first day excluded); id is
   * the sample id without leading zeros.
   */
  record Customer(String id, int x, double total) {}

  private CdnowSpend() {}

  static List<Customer> customers() throws IOException {
    Path sample;
    try {
      sample = io.lapse.testing.TestSpark.cdnowDir().resolve("CDNOW_sample.txt");
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
    Map<String, TreeMap<LocalDate, Double>> byDay = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sample, StandardCharsets.US_ASCII)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] f = trimmed.split("\\s+");
      LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
      if (!day.isAfter(CALIBRATION_END)) {
        // Keyed by the sample's own id (second column), the customer_id of lifetimes' CDNOW
        // summary, so that its published per-customer values can be looked up.
        byDay.computeIfAbsent(Integer.toString(Integer.parseInt(f[1])), k -> new TreeMap<>())
            .merge(day, Double.parseDouble(f[4]), Double::sum);
      }
    }
    List<Customer> out = new ArrayList<>();
    byDay.forEach((id, days) -> {
      double total = days.values().stream().mapToDouble(Double::doubleValue).sum()
          - days.firstEntry().getValue();
      out.add(new Customer(id, days.size() - 1, total));
    });
    return out;
  }

  /** Repeat customers (x &gt;= 1, positive repeat spend), grouped in memory. */
  static RepeatSpendStatistics statistics() throws IOException {
    RepeatSpendStatistics.Builder b = RepeatSpendStatistics.builder();
    for (Customer c : customers()) {
      if (c.x() >= 1 && c.total() > 0) {
        b.add(c.x(), c.total(), 1);
      }
    }
    return b.build();
  }
}
