package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.jobs.lake.DeltaTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads raw transactions into the raw Delta table and aggregates them into activity_daily,
 * incrementally by day: a run for D takes the days after the last day ingested by earlier as-of
 * dates (or from --reingest-from) through D. Each input record ends in exactly one disposition:
 * accepted, quarantined (with a reason), already ingested (an earlier run's day) or deferred (dated
 * after D); the counts are reconciled and stored in ingest_runs.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  static final StructType INGEST_RUNS = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("source_path", DataTypes.StringType, false)
      .add("source_format", DataTypes.StringType, false)
      .add("window_start", DataTypes.DateType, true)
      .add("window_end", DataTypes.DateType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_accepted", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("rows_already_ingested", DataTypes.LongType, false)
      .add("rows_deferred", DataTypes.LongType, false);

  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String ALREADY_INGESTED = "already_ingested";
  private static final String DEFERRED = "deferred";

  /** Counts of one ingest run; read always equals the sum of the four dispositions. */
  public record Result(Optional<LocalDate> windowStart, LocalDate windowEnd, long read,
      long accepted, long quarantined, long alreadyIngested, long deferred) {}

  private IngestJob() {}

  public static Result run(JobContext ctx) {
    DeltaTables tables = ctx.tables();
    var lake = ctx.config().lake;
    TransactionSourceSpec source = ctx.config().transactions;
    LocalDate asOf = ctx.asOf();
    Optional<LocalDate> windowStart = windowStart(ctx);
    LOG.info("ingest {} ({}) for days {} through {}", source.path(), source.format(),
        windowStart.map(LocalDate::toString).orElse("(all)"), asOf);

    Dataset<Row> parsed = new TransactionReader(ctx.spark())
        .read(source, ctx.config().ingestEarliestDate);
    Column day = col(TransactionReader.TXN_DATE);
    Column inWindow = day.leq(lit(Date.valueOf(asOf)));
    if (windowStart.isPresent()) {
      inWindow = inWindow.and(day.geq(lit(Date.valueOf(windowStart.get()))));
    }
    Column valid = col(TransactionReader.REJECT_REASON).isNull();
    // A rejected record whose day is known belongs to the run that owns that day; one without a
    // usable day is reported by every run that reads it.
    Column disposition =
        when(valid.and(inWindow), lit(ACCEPTED))
            .when(functions.not(valid).and(day.isNull().or(inWindow)), lit(QUARANTINED))
            .when(day.gt(lit(Date.valueOf(asOf))), lit(DEFERRED))
            .otherwise(lit(ALREADY_INGESTED));
    Dataset<Row> classified = parsed.withColumn("disposition", disposition)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row counts = classified.agg(
              count(lit(1)),
              sum(when(col("disposition").equalTo(ACCEPTED), 1).otherwise(0)),
              sum(when(col("disposition").equalTo(QUARANTINED), 1).otherwise(0)),
              sum(when(col("disposition").equalTo(ALREADY_INGESTED), 1).otherwise(0)),
              sum(when(col("disposition").equalTo(DEFERRED), 1).otherwise(0)))
          .first();
      Result result = new Result(windowStart, asOf, counts.getLong(0), nz(counts, 1),
          nz(counts, 2), nz(counts, 3), nz(counts, 4));
      long accounted = result.accepted() + result.quarantined() + result.alreadyIngested()
          + result.deferred();
      if (accounted != result.read()) {
        throw new IllegalStateException("ingest reconciliation failed for " + source.path()
            + ": read " + result.read() + " but accounted for " + accounted);
      }

      String dayPredicate = windowPredicate(TransactionReader.TXN_DATE, windowStart, asOf);
      tables.replaceWhere(
          classified.where(col("disposition").equalTo(ACCEPTED)).select(
              col(TransactionReader.CUSTOMER_ID), col(TransactionReader.EVENT_TS),
              col(TransactionReader.TXN_DATE), col(TransactionReader.AMOUNT),
              col(TransactionReader.ORDER_ID), col(TransactionReader.SOURCE_FILE)),
          lake.rawTransactions(), dayPredicate);
      tables.replaceWhere(
          classified.where(col("disposition").equalTo(QUARANTINED)).select(
              lit(Date.valueOf(asOf)).as("as_of_date"), lit("transactions").as("source"),
              col(TransactionReader.SOURCE_FILE), col(TransactionReader.RAW_RECORD),
              col(TransactionReader.REJECT_REASON).as("reason")),
          lake.quarantine(), "as_of_date = DATE'" + asOf + "'");

      Dataset<Row> newDays = tables.read(lake.rawTransactions()).where(dayPredicate);
      tables.replaceWhere(ActivityDaily.fromTransactions(newDays), lake.activityDaily(),
          windowPredicate(ActivityDaily.ACTIVITY_DATE, windowStart, asOf));

      Row run = RowFactory.create(Date.valueOf(asOf), source.path(), source.format(),
          windowStart.map(Date::valueOf).orElse(null), Date.valueOf(asOf), result.read(),
          result.accepted(), result.quarantined(), result.alreadyIngested(), result.deferred());
      tables.replaceWhere(ctx.spark().createDataFrame(List.of(run), INGEST_RUNS),
          lake.ingestRuns(), "as_of_date = DATE'" + asOf + "'");
      LOG.info("ingest read {} records: {} accepted, {} quarantined, {} already ingested, "
              + "{} deferred (dated after {})", result.read(), result.accepted(),
          result.quarantined(), result.alreadyIngested(), result.deferred(), asOf);
      return result;
    } finally {
      classified.unpersist();
    }
  }

  /**
   * The first day to ingest: the day after the last one ingested by runs for earlier as-of dates
   * (so a rerun of D repeats exactly the same work), or --reingest-from if that is earlier.
   */
  static Optional<LocalDate> windowStart(JobContext ctx) {
    Optional<LocalDate> afterWatermark = ctx.tables().readIfExists(ctx.config().lake.ingestRuns())
        .map(runs -> runs.where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf()))))
            .agg(max("window_end")).first())
        .filter(r -> !r.isNullAt(0))
        .map(r -> r.getDate(0).toLocalDate().plusDays(1));
    if (ctx.reingestFrom().isPresent()) {
      LocalDate from = ctx.reingestFrom().get();
      if (afterWatermark.isEmpty() || from.isBefore(afterWatermark.get())) {
        return Optional.of(from);
      }
    }
    return afterWatermark;
  }

  private static String windowPredicate(String column, Optional<LocalDate> start, LocalDate end) {
    String upper = column + " <= DATE'" + end + "'";
    return start.map(s -> column + " >= DATE'" + s + "' AND " + upper).orElse(upper);
  }

  private static long nz(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }
}
