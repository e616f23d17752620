package io.lapse.jobs.config;

import java.util.List;

/** lapse.input.customers: the optional customers table. */
public record CustomersSource(String path, String format) {

  public static final List<String> FORMATS = List.of("csv", "json", "parquet", "delta");

  public CustomersSource {
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "customers format must be one of " + FORMATS + " but was '" + format + "'");
    }
  }
}
