package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The records of one source with their disposition in one run ({@link DispositionClassifier}).
 *
 * @param records the source's parsed records plus the disposition column
 */
public record ClassifiedSource(IngestSource source, IngestWindow window, Dataset<Row> records) {

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

  /** The quarantined records as quarantine rows (as_of_date, source, file, raw record, reason). */
  public Dataset<Row> quarantined() {
    return records.where(Disposition.QUARANTINED.matches()).select(
        lit(Date.valueOf(window.end())).as("as_of_date"), lit(source.name()).as("source"),
        col(IngestSource.SOURCE_FILE), col(IngestSource.RAW_RECORD),
        col(IngestSource.REJECT_REASON).as("reason"));
  }

  /** Counts the records by disposition; see {@link IngestCounts#of}. */
  public IngestCounts counts() {
    return IngestCounts.of(this);
  }

  public void unpersist() {
    records.unpersist();
  }
}
