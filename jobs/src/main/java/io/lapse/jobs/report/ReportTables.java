package io.lapse.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.jobs.config.LakeLayout;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's reads of the published lake: a table's rows of D, or of the last runs up to D. A
 * table the run did not write (no policy, no campaign history yet) is empty, not an error: its
 * section then says so.
 */
public final class ReportTables {

  private final DeltaTables delta;
  private final LakeLayout lake;
  private final LocalDate asOf;

  public ReportTables(DeltaTables delta, LakeLayout lake, LocalDate asOf) {
    this.delta = delta;
    this.lake = lake;
    this.asOf = asOf;
  }

  LocalDate asOf() {
    return asOf;
  }

  Optional<Dataset<Row>> all(Table table) {
    return delta.readIfExists(lake.path(table));
  }

  /** The table's rows of D, when it exists. */
  Optional<Dataset<Row>> ofD(Table table) {
    return all(table).map(t -> t.where(col(Outputs.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)))));
  }

  /** Whether a run of D published scores: what a report describes. */
  public boolean hasScoresOfD() {
    return ofD(Table.SCORES).map(t -> !t.isEmpty()).orElse(false);
  }

  /** The rows of D as a list, ordered; empty when the table does not exist. */
  List<Row> rowsOfD(Table table, Column... order) {
    return ofD(table).map(t -> t.orderBy(order).collectAsList()).orElse(List.of());
  }

  /** The as-of dates the table holds up to D, newest last, at most {@code runs} of them. */
  List<LocalDate> lastRuns(Table table, int runs) {
    return all(table).map(t -> t.where(col(Outputs.AS_OF_DATE).leq(lit(Date.valueOf(asOf))))
            .select(Outputs.AS_OF_DATE).distinct()
            .orderBy(col(Outputs.AS_OF_DATE).desc()).limit(runs)
            .collectAsList().stream()
            .map(r -> r.getDate(0).toLocalDate()).sorted().toList())
        .orElse(List.of());
  }

  /** The table's rows of the given as-of dates. */
  Optional<Dataset<Row>> ofDates(Table table, List<LocalDate> dates) {
    Object[] days = dates.stream().map(Date::valueOf).toArray();
    return all(table).map(t -> t.where(col(Outputs.AS_OF_DATE).isin(days)));
  }
}
