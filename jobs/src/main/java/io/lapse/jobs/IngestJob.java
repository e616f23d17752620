package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementProfile;
import io.lapse.features.engagement.EventReader;
import io.lapse.features.engagement.EventRejectReason;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.engagement.TransactionEvents;
import io.lapse.jobs.config.EngagementSettings;
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
 * Loads the raw inputs (transactions, and clickstream events when configured) into the raw Delta
 * tables and aggregates them into activity_daily and engagement_daily, incrementally by day: a run
 * for D takes, per source, the days after the last day ingested by earlier as-of dates (or from
 * --reingest-from) through D. Each input record ends in exactly one disposition: accepted,
 * quarantined (with a reason), already ingested (an earlier run's day) or deferred (dated after
 * D); the counts are reconciled and stored in ingest_runs, one row per source.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  public static final String TRANSACTIONS = "transactions";
  public static final String EVENTS = "events";

  static final StructType INGEST_RUNS = new StructType()
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

  static final StructType DATA_QUALITY = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("source", DataTypes.StringType, false)
      .add("check", DataTypes.StringType, false)
      .add("level", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("threshold", DataTypes.StringType, false)
      .add("passed", DataTypes.BooleanType, false)
      .add("message", DataTypes.StringType, false);

  private static final String DISPOSITION = "disposition";
  private static final String ACCEPTED = "accepted";
  private static final String QUARANTINED = "quarantined";
  private static final String ALREADY_INGESTED = "already_ingested";
  private static final String DEFERRED = "deferred";
  // The readers of both sources name these columns alike.
  private static final String REJECT_REASON = TransactionReader.REJECT_REASON;
  private static final String SOURCE_FILE = TransactionReader.SOURCE_FILE;
  private static final String RAW_RECORD = TransactionReader.RAW_RECORD;

  /** Counts of one source in one ingest run; read always equals the sum of the four dispositions. */
  public record Result(String source, Optional<LocalDate> windowStart, LocalDate windowEnd,
      long read, long accepted, long quarantined, long alreadyIngested, long deferred,
      long daysInWindow, long daysWithData, List<CheckResult> checks) {}

  /**
   * One input as ingest sees it: the parsed records (the reader's contract, with its day column and
   * reject reason), where accepted records go, and which reject reasons mean a missing key column.
   */
  private record Source(String name, String path, String format, String pathKey,
      Dataset<Row> parsed, String dayColumn, Table rawTable, List<String> rawColumns,
      Map<String, String> missingKeyReasons) {}

  private IngestJob() {}

  public static List<Result> run(JobContext ctx) {
    LocalDate asOf = ctx.asOf();
    List<Source> sources = new ArrayList<>();
    sources.add(transactions(ctx));
    EngagementSettings engagement = ctx.config().engagement;
    if (engagement.hasEvents()) {
      sources.add(events(ctx, engagement));
    }
    Map<String, Optional<LocalDate>> windows = new LinkedHashMap<>();
    Map<String, Dataset<Row>> classified = new LinkedHashMap<>();
    try {
      List<Result> results = new ArrayList<>();
      for (Source source : sources) {
        Optional<LocalDate> windowStart = windowStart(ctx, source.name());
        LOG.info("ingest {} {} ({}) for days {} through {}", source.name(), source.path(),
            source.format(), windowStart.map(LocalDate::toString).orElse("(all)"), asOf);
        windows.put(source.name(), windowStart);
        Dataset<Row> c = classify(source, windowStart, asOf);
        classified.put(source.name(), c);
        results.add(measure(ctx, source, c, windowStart));
      }
      publishChecks(ctx, results);
      List<CheckResult> failed = results.stream().flatMap(r -> r.checks().stream())
          .filter(CheckResult::failsTheRun).toList();
      if (!failed.isEmpty()) {
        throw new DataQualityException(failed);
      }
      results.forEach(r -> r.checks().stream().filter(c -> !c.passed())
          .forEach(c -> LOG.warn("data-quality warning ({}): {}", r.source(), c.message())));

      Outputs tables = ctx.outputs();
      Dataset<Row> quarantine = null;
      for (Source source : sources) {
        Dataset<Row> c = classified.get(source.name());
        Optional<LocalDate> windowStart = windows.get(source.name());
        tables.write(source.rawTable(), c.where(col(DISPOSITION).equalTo(ACCEPTED))
                .select(source.rawColumns().stream().map(functions::col).toArray(Column[]::new)),
            windowPredicate(source.dayColumn(), windowStart, asOf));
        Dataset<Row> rejected = c.where(col(DISPOSITION).equalTo(QUARANTINED)).select(
            lit(Date.valueOf(asOf)).as("as_of_date"), lit(source.name()).as("source"),
            col(SOURCE_FILE), col(RAW_RECORD), col(REJECT_REASON).as("reason"));
        quarantine = quarantine == null ? rejected : quarantine.unionByName(rejected);
      }
      // One write per table: a staged table holds the rows of its last write.
      tables.write(Table.QUARANTINE, quarantine, "as_of_date = DATE'" + asOf + "'");

      Optional<LocalDate> transactionsStart = windows.get(TRANSACTIONS);
      Dataset<Row> newDays = tables.read(Table.RAW_TRANSACTIONS)
          .where(windowPredicate(TransactionReader.TXN_DATE, transactionsStart, asOf));
      tables.write(Table.ACTIVITY_DAILY, ActivityDaily.fromTransactions(newDays),
          windowPredicate(ActivityDaily.ACTIVITY_DATE, transactionsStart, asOf));
      writeEngagementDaily(ctx, engagement, earliest(windows.values()));

      List<Row> runs = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        Source source = sources.get(i);
        Result r = results.get(i);
        runs.add(RowFactory.create(Date.valueOf(asOf), source.name(), source.path(),
            source.format(), r.windowStart().map(Date::valueOf).orElse(null), Date.valueOf(asOf),
            r.read(), r.accepted(), r.quarantined(), r.alreadyIngested(), r.deferred(),
            r.daysInWindow(), r.daysWithData()));
        LOG.info("ingest of {} read {} records: {} accepted, {} quarantined, {} already ingested,"
                + " {} deferred (dated after {})", r.source(), r.read(), r.accepted(),
            r.quarantined(), r.alreadyIngested(), r.deferred(), asOf);
      }
      tables.write(Table.INGEST_RUNS, ctx.spark().createDataFrame(runs, INGEST_RUNS),
          "as_of_date = DATE'" + asOf + "'");
      return results;
    } finally {
      classified.values().forEach(Dataset::unpersist);
    }
  }

  private static Source transactions(JobContext ctx) {
    TransactionSourceSpec spec = ctx.config().transactions;
    requireExists(ctx, spec.path(), "lapse.input.transactions.path");
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    LocalDate latest = (ctx.asOf().isAfter(today) ? ctx.asOf() : today)
        .plusDays(ctx.config().ingestFutureToleranceDays);
    Dataset<Row> parsed = new TransactionReader(ctx.spark())
        .read(spec, ctx.config().ingestEarliestDate, latest);
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put("customer_id", RejectReason.MISSING_CUSTOMER_ID.code());
    missing.put("timestamp", RejectReason.UNPARSABLE_TIMESTAMP.code());
    missing.put("amount", RejectReason.MISSING_AMOUNT.code());
    return new Source(TRANSACTIONS, spec.path(), spec.format(), "lapse.input.transactions.path",
        parsed, TransactionReader.TXN_DATE, Table.RAW_TRANSACTIONS,
        List.of(TransactionReader.CUSTOMER_ID, TransactionReader.EVENT_TS,
            TransactionReader.TXN_DATE, TransactionReader.AMOUNT, TransactionReader.ORDER_ID,
            SOURCE_FILE), missing);
  }

  private static Source events(JobContext ctx, EngagementSettings engagement) {
    EventSourceSpec spec = engagement.events();
    requireExists(ctx, spec.path(), "lapse.input.events.path");
    Optional<Dataset<Row>> identity = engagement.identity().map(s -> {
      requireExists(ctx, s.path(), "lapse.input.identity.path");
      return ctx.reader().source(s);
    });
    Dataset<Row> parsed = new EventReader(ctx.spark())
        .read(spec, engagement.profile(), ctx.config().ingestEarliestDate, identity);
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put("user_id", EventRejectReason.MISSING_USER_ID.code());
    missing.put("timestamp", EventRejectReason.UNPARSABLE_TIMESTAMP.code());
    missing.put("event_type", EventRejectReason.MISSING_EVENT_TYPE.code());
    List<String> raw = EventReader.OUTPUT_COLUMNS.stream()
        .filter(c -> !c.equals(RAW_RECORD) && !c.equals(REJECT_REASON)).toList();
    return new Source(EVENTS, spec.path(), spec.format(), "lapse.input.events.path", parsed,
        EventReader.EVENT_DATE, Table.RAW_EVENTS, raw, missing);
  }

  /**
   * Rebuilds engagement_daily for the days from {@code start} (all days when empty) through D from
   * the raw events and, when configured, the raw transactions as purchase events. Sessions are cut
   * at midnight, so a day's row depends on that day's events only.
   */
  private static void writeEngagementDaily(JobContext ctx, EngagementSettings engagement,
      Optional<LocalDate> start) {
    Outputs tables = ctx.outputs();
    String eventDays = windowPredicate(EventReader.EVENT_DATE, start, ctx.asOf());
    List<Dataset<Row>> parts = new ArrayList<>();
    if (engagement.hasEvents()) {
      parts.add(tables.read(Table.RAW_EVENTS).where(eventDays)
          .withColumn(RAW_RECORD, lit(null).cast(DataTypes.StringType))
          .withColumn(REJECT_REASON, lit(null).cast(DataTypes.StringType)));
    }
    if (engagement.includesTransactions()) {
      parts.add(TransactionEvents.asEvents(tables.read(Table.RAW_TRANSACTIONS)
              .where(windowPredicate(TransactionReader.TXN_DATE, start, ctx.asOf())),
          engagement.transactionsEventType()));
    }
    if (parts.isEmpty()) {
      return;
    }
    Dataset<Row> events = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      events = events.unionByName(p);
    }
    EngagementProfile profile = engagement.profile();
    tables.write(Table.ENGAGEMENT_DAILY,
        EngagementDaily.fromEvents(events, profile, engagement.sessions()),
        windowPredicate(EngagementDaily.ACTIVITY_DATE, start, ctx.asOf()));
  }

  private static Dataset<Row> classify(Source source, Optional<LocalDate> windowStart,
      LocalDate asOf) {
    Column day = col(source.dayColumn());
    Column inWindow = day.leq(lit(Date.valueOf(asOf)));
    if (windowStart.isPresent()) {
      inWindow = inWindow.and(day.geq(lit(Date.valueOf(windowStart.get()))));
    }
    Column valid = col(REJECT_REASON).isNull();
    // A rejected record whose day is known belongs to the run that owns that day; one without a
    // usable day is reported by every run that reads it.
    Column disposition =
        when(valid.and(inWindow), lit(ACCEPTED))
            .when(functions.not(valid).and(day.isNull().or(inWindow)), lit(QUARANTINED))
            .when(day.gt(lit(Date.valueOf(asOf))), lit(DEFERRED))
            .otherwise(lit(ALREADY_INGESTED));
    return source.parsed().withColumn(DISPOSITION, disposition)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static Result measure(JobContext ctx, Source source, Dataset<Row> classified,
      Optional<LocalDate> windowStart) {
    LocalDate asOf = ctx.asOf();
    Column day = col(source.dayColumn());
    Column isAccepted = col(DISPOSITION).equalTo(ACCEPTED);
    Column isQuarantined = col(DISPOSITION).equalTo(QUARANTINED);
    List<Column> aggs = new ArrayList<>(List.of(
        sum(when(isAccepted, 1).otherwise(0)),
        sum(when(isQuarantined, 1).otherwise(0)),
        sum(when(col(DISPOSITION).equalTo(ALREADY_INGESTED), 1).otherwise(0)),
        sum(when(col(DISPOSITION).equalTo(DEFERRED), 1).otherwise(0)),
        countDistinct(when(isAccepted, day)),
        min(when(isAccepted, day))));
    for (String reason : source.missingKeyReasons().values()) {
      aggs.add(sum(when(isQuarantined.and(col(REJECT_REASON).equalTo(reason)), 1).otherwise(0)));
    }
    Row counts = classified.agg(functions.count(lit(1)), aggs.toArray(Column[]::new)).first();
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
    int i = 7;
    for (String column : source.missingKeyReasons().keySet()) {
      missing.put(column, nz(counts, i++));
    }
    List<CheckResult> checks = new IngestChecks(ctx.config().dataQuality).evaluate(
        new IngestChecks.Measures(read, accepted, quarantined, daysInWindow, daysWithData,
            missing, recentAcceptedPerDay(ctx, source.name())));
    return new Result(source.name(), windowStart, asOf, read, accepted, quarantined, already,
        deferred, daysInWindow, daysWithData, checks);
  }

  /**
   * The first day to ingest from a source: the day after the last one ingested from it by runs for
   * earlier as-of dates (so a rerun of D repeats exactly the same work), or --reingest-from if that
   * is earlier.
   */
  static Optional<LocalDate> windowStart(JobContext ctx, String source) {
    Optional<LocalDate> afterWatermark = ctx.outputs().readIfExists(Table.INGEST_RUNS)
        .map(runs -> runs.where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf())))
                .and(col("source").equalTo(source)))
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

  /** All days (empty) when any source takes all days, else the earliest start. */
  private static Optional<LocalDate> earliest(java.util.Collection<Optional<LocalDate>> starts) {
    if (starts.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return starts.stream().map(Optional::get).min(LocalDate::compareTo);
  }

  /** Fails with the configured path when an input is not there, before Spark says it obscurely. */
  static void requireExists(JobContext ctx, String path, String key) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      if (!p.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).exists(p)) {
        throw new InputSchemaException("input path '" + path + "' (" + key + ")"
            + " does not exist; check the path or the mount");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot check the input path " + path, e);
    }
  }

  /** Accepted records per window day of the source's latest earlier runs, newest first. */
  private static List<Double> recentAcceptedPerDay(JobContext ctx, String source) {
    int lookback = ctx.config().dataQuality.volumeLookbackRuns();
    return ctx.outputs().readIfExists(Table.INGEST_RUNS)
        .map(runs -> runs.where(col("as_of_date").lt(lit(Date.valueOf(ctx.asOf())))
                .and(col("source").equalTo(source)))
            .orderBy(col("as_of_date").desc()).limit(lookback)
            .select(col("rows_accepted").divide(col("days_in_window")))
            .collectAsList().stream().map(r -> r.getDouble(0)).toList())
        .orElse(List.of());
  }

  private static void publishChecks(JobContext ctx, List<Result> results) {
    List<Row> rows = new ArrayList<>();
    for (Result r : results) {
      for (CheckResult c : r.checks()) {
        rows.add(RowFactory.create(Date.valueOf(ctx.asOf()), r.source(), c.check(),
            c.level().code(), c.value(), c.threshold(), c.passed(), c.message()));
      }
    }
    ctx.outputs().publishNow(Table.DATA_QUALITY, ctx.spark().createDataFrame(rows, DATA_QUALITY),
        "as_of_date = DATE'" + ctx.asOf() + "'");
  }

  static String windowPredicate(String column, Optional<LocalDate> start, LocalDate end) {
    String upper = column + " <= DATE'" + end + "'";
    return start.map(s -> column + " >= DATE'" + s + "' AND " + upper).orElse(upper);
  }

  private static long nz(Row r, int i) {
    return r.isNullAt(i) ? 0L : r.getLong(i);
  }
}
