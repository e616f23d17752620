package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.input.InputSchemaException;
import io.lapse.features.input.RejectReason;
import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import java.sql.Date;
import io.lapse.jobs.quality.CheckResult;
import io.lapse.jobs.quality.DataQualityException;
import io.lapse.jobs.quality.IngestChecks;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      .add("rows_deferred", DataTypes.LongType, false)
      .add("days_in_window", DataTypes.LongType, false)
      .add("days_with_data", DataTypes.LongType, false);

  static final StructType DATA_QUALITY = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("check", DataTypes.StringType, false)
      .add("level", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("threshold", DataTypes.StringType, false)
      .add("passed", DataTypes.BooleanType, false)
      .add("message", DataTypes.StringType, false);

  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String ALREADY_INGESTED = "already_ingested";
  private static final String DEFERRED = "deferred";

  /** Counts of one ingest run; read always equals the sum of the four dispositions. */
  public record Result(Optional<LocalDate> windowStart, LocalDate windowEnd, long read,
      long accepted, long quarantined, long alreadyIngested, long deferred, long daysInWindow,
      long daysWithData, List<CheckResult> checks) {}

  private IngestJob() {}

  public static Result run(JobContext ctx) {
    Outputs tables = ctx.outputs();
    TransactionSourceSpec source = ctx.config().transactions;
    LocalDate asOf = ctx.asOf();
    Optional<LocalDate> windowStart = windowStart(ctx);
    LOG.info("ingest {} ({}) for days {} through {}", source.path(), source.format(),
        windowStart.map(LocalDate::toString).orElse("(all)"), asOf);

    requireExists(ctx, source.path());
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    LocalDate latest = (asOf.isAfter(today) ? asOf : today)
        .plusDays(ctx.config().ingestFutureToleranceDays);
    Dataset<Row> parsed = new TransactionReader(ctx.spark())
        .read(source, ctx.config().ingestEarliestDate, latest);
    Column day = col(TransactionReader.TXN_DATE);
    Column inWindow = day.leq(lit(Date.valueOf(asOf)));
    if (windowStart.isPresent()) {
      inWindow = inWindow.and(day.geq(lit(Date.valueOf(windowStart.get()))));
    }
    Column valid = col(TransactionReader.REJECT_REASON).isNull();
    // A rejected record whose day is known belongs to the run that owns that day; one without a
    // usable day is reported by every run that reads it.
    Column isAccepted = col("disposition").equalTo(ACCEPTED);
    Column isQuarantined = col("disposition").equalTo(QUARANTINED);
    Column disposition =
        when(valid.and(inWindow), lit(ACCEPTED))
            .when(functions.not(valid).and(day.isNull().or(inWindow)), lit(QUARANTINED))
            .when(day.gt(lit(Date.valueOf(asOf))), lit(DEFERRED))
            .otherwise(lit(ALREADY_INGESTED));
    Dataset<Row> classified = parsed.withColumn("disposition", disposition)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column reason = col(TransactionReader.REJECT_REASON);
      Row counts = classified.agg(
              count(lit(1)),
              sum(when(isAccepted, 1).otherwise(0)),
              sum(when(isQuarantined, 1).otherwise(0)),
              sum(when(col("disposition").equalTo(ALREADY_INGESTED), 1).otherwise(0)),
              sum(when(col("disposition").equalTo(DEFERRED), 1).otherwise(0)),
              countDistinct(when(isAccepted, day)),
              min(when(isAccepted, day)),
              sum(when(isQuarantined.and(reason.equalTo(
                  RejectReason.MISSING_CUSTOMER_ID.code())), 1).otherwise(0)),
              sum(when(isQuarantined.and(reason.equalTo(
                  RejectReason.UNPARSABLE_TIMESTAMP.code())), 1).otherwise(0)),
              sum(when(isQuarantined.and(reason.equalTo(
                  RejectReason.MISSING_AMOUNT.code())), 1).otherwise(0)))
          .first();
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
      LocalDate firstDay = windowStart.orElse(
          counts.isNullAt(6) ? asOf : counts.getDate(6).toLocalDate());
      long daysInWindow = ChronoUnit.DAYS.between(firstDay, asOf) + 1;
      long daysWithData = counts.getLong(5);
      Map<String, Long> missing = new LinkedHashMap<>();
      missing.put("customer_id", nz(counts, 7));
      missing.put("timestamp", nz(counts, 8));
      missing.put("amount", nz(counts, 9));
      List<CheckResult> checks = new IngestChecks(ctx.config().dataQuality).evaluate(
          new IngestChecks.Measures(read, accepted, quarantined, daysInWindow, daysWithData,
              missing, recentAcceptedPerDay(ctx)));
      publishChecks(ctx, checks);
      List<CheckResult> failed = checks.stream().filter(CheckResult::failsTheRun).toList();
      if (!failed.isEmpty()) {
        throw new DataQualityException(failed);
      }
      checks.stream().filter(c -> !c.passed())
          .forEach(c -> LOG.warn("data-quality warning: {}", c.message()));
      Result result = new Result(windowStart, asOf, read, accepted, quarantined, already,
          deferred, daysInWindow, daysWithData, checks);

      String dayPredicate = windowPredicate(TransactionReader.TXN_DATE, windowStart, asOf);
      tables.write(Table.RAW_TRANSACTIONS,
          classified.where(col("disposition").equalTo(ACCEPTED)).select(
              col(TransactionReader.CUSTOMER_ID), col(TransactionReader.EVENT_TS),
              col(TransactionReader.TXN_DATE), col(TransactionReader.AMOUNT),
              col(TransactionReader.ORDER_ID), col(TransactionReader.SOURCE_FILE)),
          dayPredicate);
      tables.write(Table.QUARANTINE,
          classified.where(col("disposition").equalTo(QUARANTINED)).select(
              lit(Date.valueOf(asOf)).as("as_of_date"), lit("transactions").as("source"),
              col(TransactionReader.SOURCE_FILE), col(TransactionReader.RAW_RECORD),
              col(TransactionReader.REJECT_REASON).as("reason")),
          "as_of_date = DATE'" + asOf + "'");

      Dataset<Row> newDays = tables.read(Table.RAW_TRANSACTIONS).where(dayPredicate);
      tables.write(Table.ACTIVITY_DAILY, ActivityDaily.fromTransactions(newDays),
          windowPredicate(ActivityDaily.ACTIVITY_DATE, windowStart, asOf));

      Row run = RowFactory.create(Date.valueOf(asOf), source.path(), source.format(),
          windowStart.map(Date::valueOf).orElse(null), Date.valueOf(asOf), result.read(),
          result.accepted(), result.quarantined(), result.alreadyIngested(), result.deferred(),
          result.daysInWindow(), result.daysWithData());
      tables.write(Table.INGEST_RUNS, ctx.spark().createDataFrame(List.of(run), INGEST_RUNS),
          "as_of_date = DATE'" + asOf + "'");
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
    Optional<LocalDate> afterWatermark = ctx.outputs().readIfExists(Table.INGEST_RUNS)
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

  /** Fails with the configured path when the input is not there, before Spark says it obscurely. */
  static void requireExists(JobContext ctx, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      if (!p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).exists(p)) {
        throw new InputSchemaException("input path '" + path + "' (lapse.input.transactions.path)"
            + " does not exist; check the path or the mount");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot check the input path " + path, e);
    }
  }

  /** Accepted records per window day of the latest earlier runs, newest first. */
  private static List<Double> recentAcceptedPerDay(JobContext ctx) {
    int lookback = ctx.config().dataQuality.volumeLookbackRuns();
    return ctx.outputs().readIfExists(Table.INGEST_RUNS)
        .map(runs -> runs.where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf()))))
            .orderBy(col("as_of_date").desc()).limit(lookback)
            .select(col("rows_accepted").divide(col("days_in_window")))
            .collectAsList().stream().map(r -> r.getDouble(0)).toList())
        .orElse(List.of());
  }

  private static void publishChecks(JobContext ctx, List<CheckResult> checks) {
    List<Row> rows = new ArrayList<>();
    for (CheckResult c : checks) {
      rows.add(RowFactory.create(Date.valueOf(ctx.asOf()), c.check(), c.level().code(), c.value(),
          c.threshold(), c.passed(), c.message()));
    }
    ctx.outputs().publishNow(Table.DATA_QUALITY, ctx.spark().createDataFrame(rows, DATA_QUALITY),
        "as_of_date = DATE'" + ctx.asOf() + "'");
  }

  private static String windowPredicate(String column, Optional<LocalDate> start, LocalDate end) {
    String upper = column + " <= DATE'" + end + "'";
    return start.map(s -> column + " >= DATE'" + s + "' AND " + upper).orElse(upper);
  }

  private static long nz(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }
}
