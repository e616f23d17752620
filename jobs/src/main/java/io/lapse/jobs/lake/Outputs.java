package io.lapse.jobs.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How jobs read and write lapse's tables during a run. A later stage reads what an earlier one
 * wrote, before anything is published (see {@link StagedOutputs}).
 */
public interface Outputs {

  /** The table as the run sees it, or empty when it does not exist yet. */
  Optional<Dataset<Row>> readIfExists(Table table);

  /** The table as the run sees it; fails naming the job to run first when it does not exist. */
  default Dataset<Row> read(Table table) {
    return readIfExists(table).orElseThrow(() -> new MissingTableException("table "
        + table.relativePath() + " does not exist yet; run the job that writes it first"
        + " (bin/lapse nightly runs them all in order)"));
  }

  /** The partition column of every table a run writes by date. */
  String AS_OF_DATE = "as_of_date";

  /** The replaceWhere predicate of one as-of date (an ISO date literal: nothing to escape). */
  static String asOfPredicate(LocalDate asOf) {
    return AS_OF_DATE + " = DATE'" + asOf + "'";
  }

  /** The rows of {@code table} as of D; fails like {@link #read} when it does not exist. */
  default Dataset<Row> readAsOf(Table table, LocalDate asOf) {
    return read(table).where(col(AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))));
  }

  /** Replaces the rows of {@code table} as of D with {@code rows}, all of date D. */
  default void writeAsOf(Table table, Dataset<Row> rows, LocalDate asOf) {
    write(table, rows, asOfPredicate(asOf));
  }

  /**
   * Replaces the rows of {@code table} matching {@code predicate} with {@code rows}.
   *
   * @param predicate SQL predicate every row of {@code rows} satisfies: the rows this run owns
   */
  void write(Table table, Dataset<Row> rows, String predicate);

  /**
   * Publishes at once, even if the run fails later: for the records of the run itself, such as
   * the data-quality results that explain why a run stopped.
   */
  void publishNow(Table table, Dataset<Row> rows, String predicate);
}
