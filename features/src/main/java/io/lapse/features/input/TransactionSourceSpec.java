package io.lapse.features.input;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where raw transactions come from and how their columns map onto lapse's contract.
 *
 * @param format one of {@link #FORMATS}
 * @param path file, folder or Delta table path; empty means no transactions are configured (a
 *     run with an events source only; reading them is then an error)
 * @param csvHeader whether CSV files start with a header line
 * @param csvDelimiter CSV field delimiter
 * @param customerIdColumn source column holding the customer id
 * @param timestampColumn source column holding the transaction time or date
 * @param amountColumn source column holding the monetary amount
 * @param orderIdColumn source column holding the order id, or empty when there is none
 * @param timestampFormat Spark datetime pattern for string timestamps, or empty for ISO-8601
 */
public record TransactionSourceSpec(
    String format,
    String path,
    boolean csvHeader,
    String csvDelimiter,
    String customerIdColumn,
    String timestampColumn,
    String amountColumn,
    String orderIdColumn,
    String timestampFormat) {

  /** Formats lapse reads; the cdnow ones are the whitespace-separated public reference files. */
  public static final List<String> FORMATS =
      List.of("csv", "json", "parquet", "delta", "cdnow-master", "cdnow-sample");

  public TransactionSourceSpec {
    Objects.requireNonNull(format, "format");
    format = format.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "transaction input format must be one of " + FORMATS + " but was '" + format + "'");
    }
    path = path == null ? "" : path.trim();
    if (format.equals("csv") && (csvDelimiter == null || csvDelimiter.isEmpty())) {
      // Spark takes the empty delimiter here and fails on the first read, long after start-up.
      throw new IllegalArgumentException("transaction input csv-delimiter must not be empty");
    }
    orderIdColumn = orderIdColumn == null ? "" : orderIdColumn;
    timestampFormat = timestampFormat == null ? "" : timestampFormat;
  }

  /** False when the path is empty: the run reads events only. */
  public boolean isConfigured() {
    return !path.isEmpty();
  }

  public boolean isCdnow() {
    return format.startsWith("cdnow-");
  }

  public boolean hasOrderId() {
    return !orderIdColumn.isBlank();
  }
}
