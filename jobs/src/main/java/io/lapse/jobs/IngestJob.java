package io.lapse.jobs;

import io.lapse.features.ActivityDaily;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EventReader;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.ingest.ClassifiedSource;
import io.lapse.features.ingest.DispositionClassifier;
import io.lapse.features.ingest.EngagementRebuild;
import io.lapse.features.ingest.IngestCounts;
import io.lapse.features.ingest.IngestRuns;
import io.lapse.features.ingest.IngestSource;
import io.lapse.features.ingest.IngestWindow;
import io.lapse.features.input.InputPaths;
import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.jobs.config.EngagementSettings;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import io.lapse.jobs.quality.CheckResult;
import io.lapse.jobs.quality.DataQualityException;
import io.lapse.jobs.quality.DataQualityRows;
import io.lapse.jobs.quality.IngestChecks;
import io.lapse.jobs.quality.OutputChecks;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the raw inputs (transactions, clickstream events, or both: whichever are configured) into
 * the raw Delta tables and aggregates them into activity_daily (from the engaged days when there
 * are no transactions, see {@link ActivityDaily#fromEngagedDays}) and engagement_daily,
 * incrementally by day: a run
 * for D takes, per source, the days after the last day ingested by earlier as-of dates (or from
 * --reingest-from) through D. Each input record ends in exactly one disposition: accepted,
 * quarantined (with a reason), already ingested (an earlier run's day) or deferred (dated after
 * D); the counts are reconciled and stored in ingest_runs, one row per source. The stages are in
 * {@link io.lapse.features.ingest}.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  public static final String TRANSACTIONS = IngestSource.TRANSACTIONS;
  public static final String EVENTS = IngestSource.EVENTS;

  /** Counts of one source in one ingest run; read always equals the sum of the four dispositions. */
  public record Result(String source, Optional<LocalDate> windowStart, LocalDate windowEnd,
      long read, long accepted, long quarantined, long alreadyIngested, long deferred,
      long daysInWindow, long daysWithData, List<CheckResult> checks) {}

  /** A source and the raw table its accepted records go to. */
  private record Input(IngestSource source, Table rawTable) {}

  private IngestJob() {}

  public static List<Result> run(JobContext ctx) {
    LocalDate asOf = ctx.asOf();
    EngagementSettings engagement = ctx.config().engagement;
    boolean hasTransactions = ctx.config().transactions.isConfigured();
    List<Input> inputs = new ArrayList<>();
    if (hasTransactions) {
      inputs.add(new Input(transactions(ctx), Table.RAW_TRANSACTIONS));
    } else {
      LOG.info("no transactions (lapse.input.transactions.path is empty): the engaged days of the"
          + " events are the activity that BG/NBD and the recency, frequency and latency features"
          + " read; monetary features are the amounts of purchase events (0 without)");
    }
    if (engagement.hasEvents()) {
      inputs.add(new Input(events(ctx, engagement), Table.RAW_EVENTS));
    }
    List<ClassifiedSource> classified = new ArrayList<>();
    try {
      List<IngestCounts> counts = new ArrayList<>();
      List<Result> results = new ArrayList<>();
      for (Input input : inputs) {
        IngestSource source = input.source();
        IngestWindow window = window(ctx, source.name());
        LOG.info("ingest {} {} ({}) for days {} through {}", source.name(), source.path(),
            source.format(), window.startText(), asOf);
        ClassifiedSource c = DispositionClassifier.classify(source, window);
        classified.add(c);
        IngestCounts n = c.counts();
        counts.add(n);
        results.add(new Result(source.name(), window.start(), asOf, n.read(), n.accepted(),
            n.quarantined(), n.alreadyIngested(), n.deferred(), n.daysInWindow(),
            n.daysWithData(), checks(ctx, source.name(), n)));
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
      for (int i = 0; i < inputs.size(); i++) {
        ClassifiedSource c = classified.get(i);
        tables.write(inputs.get(i).rawTable(), c.accepted(),
            c.window().predicate(c.source().dayColumn()));
        Dataset<Row> q = c.quarantined(counts.get(i));
        quarantine = quarantine == null ? q : quarantine.unionByName(q);
      }
      // One write per table: a staged table holds the rows of its last write.
      tables.writeAsOf(Table.QUARANTINE, quarantine, asOf);

      IngestWindow covering =
          IngestWindow.covering(classified.stream().map(ClassifiedSource::window).toList());
      writeEngagementDaily(ctx, engagement, hasTransactions, covering);
      if (hasTransactions) {
        IngestWindow transactionsWindow = classified.get(0).window(); // transactions come first
        Dataset<Row> newDays = tables.read(Table.RAW_TRANSACTIONS)
            .where(transactionsWindow.predicate(TransactionReader.TXN_DATE));
        tables.write(Table.ACTIVITY_DAILY, ActivityDaily.fromTransactions(newDays),
            transactionsWindow.predicate(ActivityDaily.ACTIVITY_DATE));
      } else {
        // The events' window: the engagement_daily days this run rebuilt.
        tables.write(Table.ACTIVITY_DAILY, ActivityDaily.fromEngagedDays(
                tables.read(Table.ENGAGEMENT_DAILY)
                    .where(covering.predicate(EngagementDaily.ACTIVITY_DATE))),
            covering.predicate(ActivityDaily.ACTIVITY_DATE));
      }

      List<Row> runs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        ClassifiedSource c = classified.get(i);
        Result r = results.get(i);
        runs.add(IngestRuns.row(c.source(), c.window(), counts.get(i)));
        LOG.info("ingest of {} read {} records: {} accepted, {} quarantined, {} already ingested,"
                + " {} deferred (dated after {})", r.source(), r.read(), r.accepted(),
            r.quarantined(), r.alreadyIngested(), r.deferred(), asOf);
      }
      tables.writeAsOf(Table.INGEST_RUNS, ctx.spark().createDataFrame(runs, IngestRuns.SCHEMA),
          asOf);
      return results;
    } finally {
      classified.forEach(ClassifiedSource::unpersist);
    }
  }

  private static IngestSource transactions(JobContext ctx) {
    TransactionSourceSpec spec = ctx.config().transactions;
    requireExists(ctx, spec.path(), "lapse.input.transactions.path");
    return IngestSource.transactions(spec, new TransactionReader(ctx.spark())
        .parse(spec, ctx.config().ingest.earliestDate(), latestPlausibleDay(ctx)));
  }

  /** Records dated after this day are in the future: a clock or data error, quarantined. */
  private static LocalDate latestPlausibleDay(JobContext ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return (ctx.asOf().isAfter(today) ? ctx.asOf() : today)
        .plusDays(ctx.config().ingest.futureToleranceDays());
  }

  private static IngestSource events(JobContext ctx, EngagementSettings engagement) {
    EventSourceSpec spec = engagement.events();
    requireExists(ctx, spec.path(), "lapse.input.events.path");
    Optional<Dataset<Row>> identity = engagement.identity().map(s -> {
      requireExists(ctx, s.path(), "lapse.input.identity.path");
      return ctx.reader().source(s);
    });
    return IngestSource.events(spec, new EventReader(ctx.spark())
        .parse(spec, engagement.profile(), ctx.config().ingest.earliestDate(),
            latestPlausibleDay(ctx), identity));
  }

  /** Rebuilds engagement_daily for the days of {@code window} ({@link EngagementRebuild}). */
  private static void writeEngagementDaily(JobContext ctx, EngagementSettings engagement,
      boolean hasTransactions, IngestWindow window) {
    Outputs tables = ctx.outputs();
    Optional<Dataset<Row>> events = engagement.hasEvents()
        ? Optional.of(tables.read(Table.RAW_EVENTS).where(window.predicate(EventReader.EVENT_DATE)))
        : Optional.empty();
    Optional<Dataset<Row>> transactions = hasTransactions && engagement.includesTransactions()
        ? Optional.of(tables.read(Table.RAW_TRANSACTIONS)
            .where(window.predicate(TransactionReader.TXN_DATE)))
        : Optional.empty();
    EngagementRebuild.engagementDaily(events, transactions, engagement.transactionsEventType(),
            engagement.profile(), engagement.sessions())
        .ifPresent(daily -> tables.write(Table.ENGAGEMENT_DAILY, daily,
            window.predicate(EngagementDaily.ACTIVITY_DATE)));
  }

  /** The window of a source: see {@link IngestWindow#after}. */
  static IngestWindow window(JobContext ctx, String source) {
    Optional<LocalDate> last = ctx.outputs().readIfExists(Table.INGEST_RUNS)
        .flatMap(runs -> IngestRuns.lastIngested(runs, source, ctx.asOf()));
    return IngestWindow.after(last, ctx.reingestFrom(), ctx.asOf());
  }

  private static List<CheckResult> checks(JobContext ctx, String source, IngestCounts n) {
    List<Double> recent = ctx.outputs().readIfExists(Table.INGEST_RUNS)
        .map(runs -> IngestRuns.recentAcceptedPerDay(runs, source, ctx.asOf(),
            ctx.config().dataQuality.volumeLookbackRuns()))
        .orElse(List.of());
    return new IngestChecks(ctx.config().dataQuality).evaluate(new IngestChecks.Measures(
        n.read(), n.accepted(), n.quarantined(), n.daysInWindow(), n.daysWithData(),
        n.missingByColumn(), recent));
  }

  static void requireExists(JobContext ctx, String path, String key) {
    InputPaths.requireExists(ctx.spark().sparkContext().hadoopConfiguration(), path, key);
  }

  private static void publishChecks(JobContext ctx, List<Result> results) {
    List<Row> rows = new ArrayList<>();
    results.forEach(r -> rows.addAll(DataQualityRows.rows(ctx.asOf(), r.source(), r.checks())));
    ctx.outputs().publishNow(Table.DATA_QUALITY,
        ctx.spark().createDataFrame(rows, DataQualityRows.SCHEMA),
        // The output checks' rows of D are the later stages' to replace.
        Outputs.asOfPredicate(ctx.asOf()) + " AND source NOT LIKE '"
            + OutputChecks.SOURCE_PREFIX + "%'");
  }
}
