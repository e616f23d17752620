package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.RejectReason;
import java.sql.Date;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Gives every parsed record of a source its {@link Disposition} in one ingest run, so that the
 * records a run writes, quarantines and counts are the same ones.
 */
public final class DispositionClassifier {

  private DispositionClassifier() {}

  /**
   * Classifies the source's records for {@code window}. The result is persisted, since it is both
   * counted and written; {@link ClassifiedSource#unpersist()} releases it.
   */
  public static ClassifiedSource classify(IngestSource source, IngestWindow window) {
    Column day = col(source.dayColumn());
    Date end = Date.valueOf(window.end());
    Column inWindow = day.leq(lit(end));
    if (window.start().isPresent()) {
      inWindow = inWindow.and(day.geq(lit(Date.valueOf(window.start().get()))));
    }
    Column valid = col(IngestSource.REJECT_REASON).isNull();
    // A rejected record whose day is known belongs to the run that owns that day; one without a
    // usable day, or dated in the future (no run will own that day for years, if ever), is
    // reported by every run that reads it.
    Column inFuture =
        col(IngestSource.REJECT_REASON).equalTo(RejectReason.TIMESTAMP_IN_FUTURE.code());
    Column disposition =
        when(valid.and(inWindow), Disposition.ACCEPTED.literal())
            .when(functions.not(valid).and(day.isNull().or(inWindow).or(inFuture)),
                Disposition.QUARANTINED.literal())
            .when(day.gt(lit(end)), Disposition.DEFERRED.literal())
            .otherwise(Disposition.ALREADY_INGESTED.literal());
    Dataset<Row> records = source.parsed().withColumn(Disposition.COLUMN, disposition)
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new ClassifiedSource(source, window, records);
  }
}
