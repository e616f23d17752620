package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ingest_runs table, one row per as-of date and source: the run's window and reconciled
 * counts. It is also the watermark of incremental ingest and the history of the volume check.
 */
public final class IngestRuns {

  public static final StructType SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("source", DataTypes.StringType, false)
      .add("source_path", DataTypes.StringType, false)
      .add("source_format", DataTypes.StringType, false)
      .add("window_start", DataTypes.DateType, true)
      .add("window_end", DataTypes.DateType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_accepted", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("rows_already_ingested", DataTypes.LongType, false)
      .add("rows_deferred", DataTypes.LongType, false)
      .add("days_in_window", DataTypes.LongType, false)
      .add("days_with_data", DataTypes.LongType, false);

  private IngestRuns() {}

  /**
   * The last day ingested from {@code source} by runs for as-of dates before {@code asOf}; runs
   * for {@code asOf} itself are ignored, so a rerun of D repeats exactly the same work.
   */
  public static Optional<LocalDate> lastIngested(Dataset<Row> runs, String source,
      LocalDate asOf) {
    Row last = earlierRuns(runs, source, asOf).agg(max("window_end")).first();
    return last.isNullAt(0) ? Optional.empty() : Optional.of(last.getDate(0).toLocalDate());
  }

  /**
   * Accepted records per window day of the source's latest {@code lookback} earlier runs, newest
   * first.
   */
  public static List<Double> recentAcceptedPerDay(Dataset<Row> runs, String source,
      LocalDate asOf, int lookback) {
    if (lookback <= 0) {
      throw new IllegalArgumentException("lookback must be > 0 but was " + lookback);
    }
    return earlierRuns(runs, source, asOf)
        .orderBy(col("as_of_date").desc()).limit(lookback)
        .select(col("rows_accepted").divide(col("days_in_window")))
        .collectAsList().stream().map(r -> r.getDouble(0)).toList();
  }

  /** The row of one source's run, in {@link #SCHEMA}. */
  public static Row row(IngestSource source, IngestWindow window, IngestCounts counts) {
    return RowFactory.create(Date.valueOf(window.end()), source.name(), source.path(),
        source.format(), window.start().map(Date::valueOf).orElse(null),
        Date.valueOf(window.end()), counts.read(), counts.accepted(), counts.quarantined(),
        counts.alreadyIngested(), counts.deferred(), counts.daysInWindow(),
        counts.daysWithData());
  }

  private static Dataset<Row> earlierRuns(Dataset<Row> runs, String source, LocalDate asOf) {
    return runs.where(col("as_of_date").lt(lit(Date.valueOf(asOf)))
        .and(col("source").equalTo(source)));
  }
}
