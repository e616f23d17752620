package io.lapse.jobs;

import io.lapse.features.input.InputSchemaException;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.MissingTableException;
import io.lapse.jobs.lake.RunLock;
import io.lapse.jobs.lake.RunLockedException;
import io.lapse.jobs.lake.SchemaPolicyException;
import io.lapse.jobs.lake.StagedOutputs;
import io.lapse.jobs.quality.DataQualityException;
import io.lapse.jobs.quality.OutputGate;
import io.lapse.spark.SparkActivity;
import io.lapse.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Entry point of every job, for bin/lapse and spark-submit alike. */
public final class Lapse {

  private static final Logger LOG = LoggerFactory.getLogger(Lapse.class);
  /** The MDC key of the run id. */
  public static final String RUN_ID = "run_id";
  private static final java.time.format.DateTimeFormatter RUN_STAMP =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(
          java.time.ZoneOffset.UTC);

  private Lapse() {}

  public static void main(String[] args) {
    int code = run(args).code();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command line and maps the outcome to an exit code; never throws. */
  public static ExitCode run(String... args) {
    try {
      CommandLine cli = CommandLine.parse(args);
      LapseConfig config = LapseConfig.load(cli.config().orElse(null));
      if (cli.job().equals("generate")) {
        GenerateJob.Result r = GenerateJob.run(config.generate, Path.of(config.generate.output()));
        LOG.info("generated {} customers, {} transactions and {} clickstream events into {}",
            r.customerCount(), r.transactionCount(), r.eventCount(),
            r.transactions().getParent());
        return ExitCode.SUCCESS;
      }
      LocalDate asOf = cli.asOf().orElseGet(() -> config.run.defaultAsOf(Clock.systemUTC()));
      SparkSession spark = SparkSessions.getOrCreate(config.spark.appName(),
          config.spark.master(), config.spark.shufflePartitions(), config.spark.conf());
      LOG.info("lapse {} as of {} (lake {})", cli.job(), asOf, config.lake.root());
      execute(cli.job(), spark, config, asOf, cli.reingestFrom(), cli.segments());
      if (cli.job().equals("nightly")) {
        NightlySummary.print(spark, config, asOf);
      }
      return ExitCode.SUCCESS;
    } catch (UsageException e) {
      return fail(ExitCode.USAGE, e);
    } catch (ConfigValidationException e) {
      return fail(ExitCode.CONFIG_ERROR, e);
    } catch (DataQualityException | SchemaPolicyException e) {
      return fail(ExitCode.DATA_QUALITY_FAILED, e);
    } catch (InputSchemaException | MissingTableException e) {
      return fail(ExitCode.INPUT_ERROR, e);
    } catch (RunLockedException e) {
      return fail(ExitCode.LOCKED, e);
    } catch (Exception e) { // Spark throws checked exceptions undeclared, from Scala
      LOG.error("lapse failed", e);
      System.err.println("lapse: failed: " + e);
      return ExitCode.RUNTIME_FAILURE;
    }
  }

  private static ExitCode fail(ExitCode code, RuntimeException e) {
    LOG.error(e.getMessage());
    System.err.println("lapse: " + e.getMessage());
    return code;
  }

  /**
   * Runs one job (nightly: all stages) as one run: under the lake's lock, with every output
   * staged, and published only when every stage and the data-quality gates (the ingest's, and
   * the output checks of what the run staged) passed.
   */
  public static void execute(String job, SparkSession spark, LapseConfig config, LocalDate asOf,
      Optional<LocalDate> reingestFrom) {
    execute(job, spark, config, asOf, reingestFrom, java.util.Set.of());
  }

  /** As above; {@code segments} limits which segments train registers models for. */
  public static void execute(String job, SparkSession spark, LapseConfig config, LocalDate asOf,
      Optional<LocalDate> reingestFrom, java.util.Set<String> segments) {
    String runId = runId(job, asOf);
    MDC.put(RUN_ID, runId);
    try (RunLock lock = RunLock.acquire(spark.sparkContext().hadoopConfiguration(),
        config.lake.locks(), "job=" + job + " as_of=" + asOf + " run=" + runId,
        config.run.lockStaleAfter())) {
      StagedOutputs outputs = new StagedOutputs(spark, new DeltaTables(spark), config.lake,
          config.maintenance, job + "-" + asOf);
      JobContext ctx = new JobContext(spark, config, asOf, reingestFrom, outputs,
          segments);
      switch (job) {
        case "ingest" -> timed(ctx, "ingest", () -> IngestJob.run(ctx));
        case "features" -> timed(ctx, "features", () -> FeaturesJob.run(ctx));
        case "train" -> timed(ctx, "train", () -> TrainJob.run(ctx));
        case "evaluate" -> timed(ctx, "evaluate", () -> TrainJob.evaluate(ctx));
        case "score" -> timed(ctx, "score", () -> ScoreJob.run(ctx));
        case "policy" -> timed(ctx, "policy", () -> PolicyJob.run(ctx));
        case "export" -> timed(ctx, "export",
            () -> LOG.info("exported the due actions to {}", ExportJob.run(ctx)));
        case "nightly" -> {
          timed(ctx, "ingest", () -> IngestJob.run(ctx));
          timed(ctx, "features", () -> FeaturesJob.run(ctx));
          timed(ctx, "train", () -> TrainJob.run(ctx));
          timed(ctx, "score", () -> ScoreJob.run(ctx));
          if (config.policy.enabled()) {
            timed(ctx, "policy", () -> PolicyJob.run(ctx));
          }
        }
        case "report", "maintain" -> { } // work on what runs published: after the publish below
        default -> throw new UsageException("unknown job '" + job + "'; " + CommandLine.USAGE);
      }
      timed(ctx, "output checks", () -> OutputGate.check(spark, outputs,
          config.outputChecks, asOf, outputs.stagedPredicates()));
      timed(ctx, "publish", outputs::publish);
      if (job.equals("maintain") || job.equals("nightly") && config.maintenance.inNightly()) {
        timed(ctx, "maintain", () -> LOG.info("maintained {} tables",
            MaintainJob.run(spark, config).size()));
      }
      if (job.equals("report") || job.equals("nightly") && config.report.enabled()) {
        timed(ctx, "report", () -> {
          ReportJob.Files files = ReportJob.run(spark, config, asOf, runId);
          LOG.info("wrote the report {} and the notebook {}", files.html(), files.notebook());
        });
      }
    } finally {
      spark.sparkContext().setJobDescription(null);
      MDC.remove(RUN_ID);
    }
  }

  /**
   * A run's id, in every log line (log4j2 pattern {@code %X{run_id}}) and on the lock: the job,
   * D and the start time, so that two runs of the same date can be told apart in one log.
   */
  static String runId(String job, LocalDate asOf) {
    return job + "-" + asOf + "-" + RUN_STAMP.format(java.time.Instant.now());
  }

  /**
   * Runs one stage; its Spark jobs carry the description "lapse &lt;stage&gt; as of D", so that
   * the Spark UI shows where the time goes.
   */
  private static void timed(JobContext ctx, String stage, Runnable body) {
    SparkActivity activity = SparkActivity.register(ctx.spark().sparkContext());
    try {
      SparkActivity.Snapshot start = activity.now();
      LOG.info("stage {} started", stage);
      ctx.spark().sparkContext().setJobDescription("lapse " + stage + " as of " + ctx.asOf()
          + " (" + MDC.get(RUN_ID) + ")");
      body.run();
      LOG.info("stage {} done: {}", stage, activity.now().since(start).describe());
    } finally {
      activity.unregister(ctx.spark().sparkContext());
    }
  }
}
