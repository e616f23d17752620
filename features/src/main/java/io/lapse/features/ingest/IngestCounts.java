package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts of one source in one ingest run; read always equals the sum of the four dispositions.
 *
 * @param daysInWindow days from the window start (the first accepted day when the window takes
 *     every day) through D
 * @param daysWithData window days with at least one accepted record
 * @param missingByColumn quarantined records by missing key column
 */
public record IngestCounts(long read, long accepted, long quarantined, long alreadyIngested,
    long deferred, long daysInWindow, long daysWithData, Map<String, Long> missingByColumn) {

  public IngestCounts {
    missingByColumn = Collections.unmodifiableMap(new LinkedHashMap<>(missingByColumn));
  }

  /**
   * Counts the classified records in one pass and reconciles them: a record in no disposition, or
   * in two, would be lost or written twice, so the run fails instead.
   *
   * @throws IllegalStateException when the dispositions do not add up to the records read
   */
  public static IngestCounts of(ClassifiedSource classified) {
    IngestSource source = classified.source();
    LocalDate asOf = classified.window().end();
    Column day = col(source.dayColumn());
    Column isAccepted = Disposition.ACCEPTED.matches();
    Column isQuarantined = Disposition.QUARANTINED.matches();
    List<Column> aggs = new ArrayList<>(List.of(
        sum(when(isAccepted, 1).otherwise(0)),
        sum(when(isQuarantined, 1).otherwise(0)),
        sum(when(Disposition.ALREADY_INGESTED.matches(), 1).otherwise(0)),
        sum(when(Disposition.DEFERRED.matches(), 1).otherwise(0)),
        countDistinct(when(isAccepted, day)),
        min(when(isAccepted, day))));
    for (String reason : source.missingKeyReasons().values()) {
      aggs.add(sum(when(isQuarantined.and(col(IngestSource.REJECT_REASON).equalTo(reason)), 1)
          .otherwise(0)));
    }
    Row counts = classified.records()
        .agg(functions.count(lit(1)), aggs.toArray(Column[]::new)).first();
    long read = counts.getLong(0);
    long accepted = nz(counts, 1);
    long quarantined = nz(counts, 2);
    long already = nz(counts, 3);
    long deferred = nz(counts, 4);
    if (accepted + quarantined + already + deferred != read) {
      throw new IllegalStateException("ingest reconciliation failed for " + source.path()
          + ": read " + read + " but accounted for " + (accepted + quarantined + already
          + deferred));
    }
    LocalDate firstDay = classified.window().start().orElse(
        counts.isNullAt(6) ? asOf : counts.getDate(6).toLocalDate());
    long daysInWindow = ChronoUnit.DAYS.between(firstDay, asOf) + 1;
    long daysWithData = counts.getLong(5);
    Map<String, Long> missing = new LinkedHashMap<>();
    int i = 7;
    for (String column : source.missingKeyReasons().keySet()) {
      missing.put(column, nz(counts, i++));
    }
    return new IngestCounts(read, accepted, quarantined, already, deferred, daysInWindow,
        daysWithData, missing);
  }

  private static long nz(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }
}
