package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.input.TextLines;
import java.sql.Date;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The records of one source with their disposition in one run ({@link DispositionClassifier}).
 *
 * @param records the source's parsed records plus the disposition column
 */
public record ClassifiedSource(IngestSource source, IngestWindow window, Dataset<Row> records) {

  /** Column of the quarantine table: the record's line in its file. */
  public static final String LINE_NUMBER = "line_number";

  public ClassifiedSource {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(records, "records");
  }

  /** The accepted records, in the source's raw table columns. */
  public Dataset<Row> accepted() {
    return records.where(Disposition.ACCEPTED.matches())
        .select(source.rawColumns().stream().map(functions::col).toArray(Column[]::new));
  }

  /**
   * The quarantined records as quarantine rows (as_of_date, source, file, raw record, reason,
   * line number: 1-based in its file for a text input, null for Parquet and Delta). Numbering
   * reads the text again (see {@link TextLines}), so it is skipped when {@code counts}, this
   * source's {@link #counts()}, has nothing quarantined.
   */
  public Dataset<Row> quarantined(IngestCounts counts) {
    Dataset<Row> rows = records.where(Disposition.QUARANTINED.matches()).select(
        lit(Date.valueOf(window.end())).as("as_of_date"), lit(source.name()).as("source"),
        col(IngestSource.SOURCE_FILE), col(IngestSource.RAW_RECORD),
        col(IngestSource.REJECT_REASON).as("reason"), col(TextLines.POSITION));
    return source.lines().filter(lines -> counts.quarantined() > 0)
        .map(lines -> lines.number(rows, IngestSource.SOURCE_FILE, LINE_NUMBER))
        .orElseGet(() -> rows.withColumn(LINE_NUMBER, lit(null).cast(DataTypes.LongType))
            .drop(TextLines.POSITION));
  }

  /** Counts the records by disposition; see {@link IngestCounts#of}. */
  public IngestCounts counts() {
    return IngestCounts.of(this);
  }

  public void unpersist() {
    records.unpersist();
  }
}
