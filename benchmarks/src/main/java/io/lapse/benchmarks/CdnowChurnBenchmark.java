package io.lapse.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lapse.jobs.ExitCode;
import io.lapse.jobs.Lapse;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.models.evaluation.AucStatistics;
import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.BinaryEvaluator;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.BySegment;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.spark.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Real-data benchmark of lapse's headline score (issue 14): for each horizon H (a fresh lake) and
 * each cut-off C in ascending order, runs lapse's ingest, features, train and score jobs in
 * process as of C, reads {@code p_disengage} from {@code 07_model_output/scores}, and compares it
 * with simple baselines the benchmark computes itself from the raw CDNOW master file: recency,
 * BG/NBD alone and a logistic regression on RFM and latency. Truth: no purchase in (C, C + H],
 * for every customer with a purchase on or before C.
 *
 * <p>Only the scores table's contract is used (customer_id, as_of_date, p_disengage,
 * classifier_run_id), never lapse's model internals.
 */
public final class CdnowChurnBenchmark {

  static final List<String> JOBS = List.of("ingest", "features", "train", "score");
  static final String TRAINING_HORIZON_KEY = "lapse.engagement.training.horizon-days";
  static final String SCORE_HORIZON_KEY = "lapse.score.horizon-days";
  static final String LAKE_ROOT_KEY = "lapse.lake.root";
  static final String DATA_PATH_KEY = "lapse.input.transactions.path";
  static final String ORACLE_P = "oracle_p_no_purchase";

  private CdnowChurnBenchmark() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the benchmark; returns the process exit code. */
  public static int run(String... args) {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-cdnow-churn: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    Path data = options.data().toAbsolutePath().normalize();
    Path config = options.config().toAbsolutePath().normalize();
    Path out = options.out().toAbsolutePath().normalize();
    if (options.generate().isEmpty() && !Files.isRegularFile(data)) {
      System.err.println("bench-cdnow-churn: data file " + data + " does not exist");
      return ExitCode.INPUT_ERROR.code();
    }
    if (!Files.isRegularFile(config)) {
      System.err.println("bench-cdnow-churn: config file " + config + " does not exist");
      return ExitCode.CONFIG_ERROR.code();
    }
    Path work;
    try {
      work = options.work().isPresent()
          ? Files.createDirectories(options.work().get().toAbsolutePath().normalize())
          : Files.createTempDirectory("lapse-bench-cdnow-");
    } catch (IOException e) {
      System.err.println("bench-cdnow-churn: cannot create the work folder: " + e);
      return ExitCode.RUNTIME_FAILURE.code();
    }
    BgNbdCohort.Spec cohort = options.generate().orElse(null);
    if (cohort != null) {
      data = work.resolve("generated").resolve("bgnbd-cohort.txt");
      try {
        long t0 = System.nanoTime();
        long rows = BgNbdCohort.write(BgNbdCohort.simulate(cohort), data);
        System.err.printf(java.util.Locale.ROOT,
            "bench-cdnow-churn: generated %d purchase days (%s) in %.1f s: %s%n", rows,
            cohort.describe(), (System.nanoTime() - t0) / 1e9, data);
      } catch (IOException e) {
        System.err.println("bench-cdnow-churn: cannot write the generated data: " + e);
        return ExitCode.RUNTIME_FAILURE.code();
      }
    }

    int firstHorizon = options.horizons().get(0);
    setOverrides(data, lake(work, firstHorizon), firstHorizon);
    LapseConfig lapseConfig;
    try {
      lapseConfig = LapseConfig.load(config.toFile());
    } catch (ConfigValidationException e) {
      System.err.println("bench-cdnow-churn: invalid lapse config " + config + ": "
          + e.getMessage());
      return ExitCode.CONFIG_ERROR.code();
    }
    // The session lapse's jobs will find (SparkSessions.getOrCreate returns the active one).
    SparkSession spark = SparkSessions.getOrCreate(lapseConfig.spark.appName(),
        lapseConfig.spark.master(), lapseConfig.spark.shufflePartitions(),
        lapseConfig.spark.conf());

    Dataset<Row> purchaseDays = CdnowData.purchaseDays(spark, data.toString()).cache();
    LocalDate[] range = CdnowData.dayRange(purchaseDays);
    if (cohort != null) {
      // The simulation observes every customer to observedTo, purchases on that day or not.
      range = new LocalDate[] {range[0], cohort.observedTo()};
    }
    List<String> problems = BenchmarkOptions.windowProblems(options.cutoffs(),
        options.horizons(), range[0], range[1]);
    if (!problems.isEmpty()) {
      System.err.println("bench-cdnow-churn: the cut-offs and horizons do not fit the data ("
          + data.getFileName() + ", purchase days " + range[0] + " to " + range[1] + "):");
      problems.forEach(p -> System.err.println("  - " + p));
      return ExitCode.USAGE.code();
    }
    Report report = new Report(options, data, config, out, work, range,
        purchaseDays.count(), purchaseDays.select(CdnowData.CUSTOMER_ID).distinct().count(),
        System.getProperty("bench.command", "bin/bench-cdnow-churn " + String.join(" ", args)));

    List<RowResult> results = new ArrayList<>();
    int exitCode = 0;
    boolean aborted = false;
    for (int h : options.horizons()) {
      if (aborted) {
        break;
      }
      setOverrides(data, lake(work, h), h);
      for (LocalDate c : options.cutoffs()) {
        RowResult row = new RowResult(c, h);
        if (cohort != null) {
          row.trueParams = cohort.params();
        }
        results.add(row);
        System.err.println("bench-cdnow-churn: cut-off " + c + ", horizon " + h + " days");
        for (String job : JOBS) {
          JobTime t = runJob(job, c, config);
          row.jobs.add(t);
          System.err.printf(java.util.Locale.ROOT,
              "bench-cdnow-churn:   %s exit %d, %.1f s wall, %.1f s CPU%n", job, t.exitCode(),
              t.wallSeconds(), t.cpuSeconds());
          if (t.exitCode() != 0) {
            row.lapseFailure = job + " exited with " + t.exitCode()
                + (t.message().isEmpty() ? "" : " (" + t.message() + ")");
            System.err.println("bench-cdnow-churn: lapse " + row.lapseFailure);
            if (exitCode == 0) {
              exitCode = t.exitCode();
            }
            break;
          }
        }
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        try {
          evaluate(spark, purchaseDays, row, lake(work, h));
        } catch (RuntimeException e) {
          row.benchmarkFailure = e.toString();
          System.err.println("bench-cdnow-churn: evaluation failed: " + e);
          e.printStackTrace();
          if (exitCode == 0) {
            exitCode = ExitCode.RUNTIME_FAILURE.code();
          }
        }
        row.jobs.add(new JobTime("benchmark", 0, (System.nanoTime() - wall0) / 1e9,
            (cpuNanos() - cpu0) / 1e9, ""));
        System.out.println(Report.stdoutLine(row));
        if (row.lapseFailure != null && options.failFast()) {
          aborted = true;
          break;
        }
      }
    }
    report.setResults(results, aborted);
    System.out.println();
    System.out.println(report.stdoutTable());
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
      System.out.println("results written to " + out);
    } catch (IOException e) {
      System.err.println("bench-cdnow-churn: cannot write " + out + ": " + e);
      return ExitCode.RUNTIME_FAILURE.code();
    }
    System.out.println("work folder (lakes): " + work);
    if (exitCode != 0) {
      RowResult first = results.stream().filter(r -> r.lapseFailure != null).findFirst()
          .orElse(null);
      System.err.println("bench-cdnow-churn: exiting with " + exitCode
          + (first == null ? "" : ": at cut-off " + first.cutoff + ", horizon " + first.horizon
              + ", lapse " + first.lapseFailure));
      return exitCode;
    }
    return results.stream().allMatch(RowResult::passAll) ? 0 : 1;
  }

  static Path lake(Path work, int horizon) {
    return work.resolve("h" + horizon).resolve("lake");
  }

  /**
   * Per-run overrides, as -D system properties (LapseConfig.load merges system properties over
   * the file and invalidates ConfigFactory's caches itself, so each run sees the current values).
   */
  static void setOverrides(Path data, Path lake, int horizon) {
    System.setProperty(DATA_PATH_KEY, data.toString());
    System.setProperty(LAKE_ROOT_KEY, lake.toString());
    System.setProperty(TRAINING_HORIZON_KEY, Integer.toString(horizon));
    System.setProperty(SCORE_HORIZON_KEY, Integer.toString(horizon));
    com.typesafe.config.ConfigFactory.invalidateCaches();
  }

  /** Runs one lapse job in process, timing it and keeping lapse's error line. */
  static JobTime runJob(String job, LocalDate cutoff, Path config) {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    ExitCode code;
    try {
      code = Lapse.run(job, "--as-of", cutoff.toString(), "--config", config.toString());
    } finally {
      System.err.flush();
      System.setErr(originalErr);
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    String message = "";
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
      if (line.startsWith("lapse: ")) {
        message = line.substring("lapse: ".length()).trim();
      }
    }
    if (message.length() > 400) {
      message = message.substring(0, 400) + "...";
    }
    return new JobTime(job, code.code(), wall, cpu, message);
  }

  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  /** Truth, lapse's scores, the baselines and the metrics of one row. */
  static void evaluate(SparkSession spark, Dataset<Row> purchaseDays, RowResult row, Path lake) {
    LocalDate c = row.cutoff;
    int h = row.horizon;
    Dataset<Row> truth = CdnowData.truth(purchaseDays, c, h).cache();
    Dataset<Row> summaries = CdnowData.summaries(purchaseDays, c).cache();
    row.population = truth.count();

    Dataset<Row> lapse = null;
    if (row.lapseFailure == null) {
      Dataset<Row> scores = spark.read().format("delta")
          .load(lake.resolve("07_model_output").resolve("scores").toString())
          .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(c))))
          .select(col("customer_id").cast(DataTypes.StringType).as(CdnowData.CUSTOMER_ID),
              col("p_disengage").cast(DataTypes.DoubleType).as("p_disengage"),
              col("classifier_run_id"))
          .cache();
      row.duplicateScores = scores.groupBy(CdnowData.CUSTOMER_ID).count()
          .where(col("count").gt(1)).count();
      row.extraScores = scores.join(truth, new String[] {CdnowData.CUSTOMER_ID}, "left_anti")
          .count();
      Dataset<Row> joined = truth.join(
          scores.dropDuplicates(CdnowData.CUSTOMER_ID).withColumn("_scored", lit(true)),
          new String[] {CdnowData.CUSTOMER_ID}, "left");
      Row counts = joined.agg(
              count(when(col("_scored").isNull(), 1)),
              count(when(col("_scored").isNotNull().and(col("p_disengage").isNull()), 1)))
          .first();
      row.missingScores = counts.getLong(0);
      row.nullScores = counts.getLong(1);
      for (Row r : joined.where(col("_scored").isNotNull())
          .groupBy("classifier_run_id").count().collectAsList()) {
        row.classifierRunIds.put(r.isNullAt(0) ? "(null)" : r.getString(0), r.getLong(1));
      }
      lapse = joined.where(col("p_disengage").isNotNull())
          .select(col(CdnowData.CUSTOMER_ID), col("p_disengage").as("lapse_p"));
    }

    row.bgnbd = BgNbdBaseline.fitAndScore(spark, summaries, h);
    row.logit = LogisticBaseline.fitAndScore(purchaseDays, c, h);

    Dataset<Row> rows = truth
        .join(summaries.select(col(CdnowData.CUSTOMER_ID),
            col(CdnowData.RECENCY_DAYS).cast(DataTypes.DoubleType).as("recency")),
            CdnowData.CUSTOMER_ID)
        .join(row.bgnbd.scores(), CdnowData.CUSTOMER_ID)
        .join(row.logit.scores(), CdnowData.CUSTOMER_ID);
    if (lapse != null) {
      rows = rows.join(lapse, CdnowData.CUSTOMER_ID);
    }
    if (row.trueParams != null) {
      rows = rows.join(BgNbdBaseline.scoreWith(spark, summaries, h, row.trueParams, ORACLE_P),
          CdnowData.CUSTOMER_ID);
    }
    rows = rows.withColumn("segment", lit("all")).cache();
    row.rows = rows.count();
    List<ScoreColumn> scores = new ArrayList<>();
    if (lapse != null) {
      scores.add(ScoreColumn.probability(RowResult.LAPSE, "lapse_p"));
    }
    if (row.trueParams != null) {
      scores.add(ScoreColumn.probability(RowResult.ORACLE, ORACLE_P));
    }
    scores.add(ScoreColumn.rankOnly(RowResult.RECENCY, "recency"));
    scores.add(ScoreColumn.probability(RowResult.BGNBD, BgNbdBaseline.P_NONE));
    scores.add(ScoreColumn.rankOnly(RowResult.BGNBD_EXPECTED, BgNbdBaseline.NEG_EXPECTED));
    scores.add(ScoreColumn.probability(RowResult.LOGIT, LogisticBaseline.P_NO_PURCHASE));
    BinaryEvaluator evaluator = new BinaryEvaluator(
        BinaryEvaluationSpec.defaults().withLabelColumn(CdnowData.LABEL));
    Map<String, BySegment<BinaryMetrics>> all = evaluator.evaluateAll(rows, scores);
    Map<String, BinaryMetrics> overall = new LinkedHashMap<>();
    all.forEach((k, v) -> overall.put(k, v.overall()));
    row.metrics.putAll(overall);
    for (ScoreColumn s : scores) {
      if (s.probability()) {
        row.calibrationError.put(s.name(), Calibration.error(overall.get(s.name()).calibration()));
      }
    }
    BinaryMetrics any = overall.values().iterator().next();
    row.positives = any.positives();
    long negatives = row.rows - row.positives;
    if (overall.containsKey(RowResult.ORACLE)) {
      row.oracleAucSe = AucStatistics.hanleyMcNeil(row.auc(RowResult.ORACLE), row.positives,
          negatives);
    }
    if (overall.containsKey(RowResult.LAPSE)) {
      row.lapseAucSe = AucStatistics.hanleyMcNeil(row.auc(RowResult.LAPSE), row.positives,
          negatives);
    }
    if (overall.containsKey(RowResult.ORACLE) && overall.containsKey(RowResult.LAPSE)) {
      List<Row> paired = rows.select(CdnowData.LABEL, ORACLE_P, "lapse_p").collectAsList();
      double[] label = new double[paired.size()];
      double[] oracle = new double[paired.size()];
      double[] lapseP = new double[paired.size()];
      for (int i = 0; i < label.length; i++) {
        label[i] = paired.get(i).getDouble(0);
        oracle[i] = paired.get(i).getDouble(1);
        lapseP[i] = paired.get(i).getDouble(2);
      }
      row.gapSe = AucStatistics.deLong(label, oracle, lapseP)[2];
    }
    rows.unpersist();
    truth.unpersist();
    summaries.unpersist();
  }

  /** Writes to two streams: the console and a capture buffer. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
