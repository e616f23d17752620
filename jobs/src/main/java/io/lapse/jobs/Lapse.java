package io.lapse.jobs;

import io.lapse.features.input.InputSchemaException;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.MissingTableException;
import io.lapse.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of every job, for bin/lapse and spark-submit alike. */
public final class Lapse {

  private static final Logger LOG = LoggerFactory.getLogger(Lapse.class);

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
        LOG.info("generated {} customers and {} transactions into {}", r.customerCount(),
            r.transactionCount(), r.transactions().getParent());
        return ExitCode.SUCCESS;
      }
      LocalDate asOf = cli.asOf().orElseGet(() -> config.run.defaultAsOf(Clock.systemUTC()));
      SparkSession spark = SparkSessions.getOrCreate(config.spark.appName(),
          config.spark.master(), config.spark.shufflePartitions(), config.spark.conf());
      JobContext ctx = new JobContext(spark, config, asOf, cli.reingestFrom());
      LOG.info("lapse {} as of {} (lake {})", cli.job(), asOf, config.lake.root());
      runJob(cli.job(), ctx);
      return ExitCode.SUCCESS;
    } catch (UsageException e) {
      LOG.error(e.getMessage());
      System.err.println("lapse: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (ConfigValidationException e) {
      LOG.error(e.getMessage());
      System.err.println("lapse: " + e.getMessage());
      return ExitCode.CONFIG_ERROR;
    } catch (InputSchemaException | MissingTableException e) {
      LOG.error(e.getMessage());
      System.err.println("lapse: " + e.getMessage());
      return ExitCode.DATA_ERROR;
    } catch (Exception e) { // Spark throws checked exceptions undeclared, from Scala
      LOG.error("lapse failed", e);
      System.err.println("lapse: failed: " + e);
      return ExitCode.RUNTIME_FAILURE;
    }
  }

  static void runJob(String job, JobContext ctx) {
    switch (job) {
      case "ingest" -> timed("ingest", () -> IngestJob.run(ctx));
      case "features" -> timed("features", () -> FeaturesJob.run(ctx));
      case "train" -> timed("train", () -> TrainJob.run(ctx));
      case "score" -> timed("score", () -> ScoreJob.run(ctx));
      case "nightly" -> {
        timed("ingest", () -> IngestJob.run(ctx));
        timed("features", () -> FeaturesJob.run(ctx));
        timed("train", () -> TrainJob.run(ctx));
        timed("score", () -> ScoreJob.run(ctx));
        NightlySummary.log(ctx);
      }
      default -> throw new UsageException("unknown job '" + job + "'; " + CommandLine.USAGE);
    }
  }

  private static void timed(String stage, Runnable body) {
    long start = System.nanoTime();
    LOG.info("stage {} started", stage);
    body.run();
    LOG.info("stage {} done in {} s", stage, String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }
}
