package io.lapse.features.input;

import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A reader's records together with the text lines they were read from, by which the line numbers
 * of some of them can be found later ({@link TextLines#number}).
 *
 * @param records the reader's output, {@link TextLines#POSITION} included
 * @param lines the lines of a text input (CSV, JSON, CDNOW); empty for Parquet and Delta
 */
public record ParsedRecords(Dataset<Row> records, Optional<TextLines> lines) {

  public ParsedRecords {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(lines, "lines");
  }
}
