package io.lapse.benchmarks.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.classification.BaselineSpec;
import io.lapse.models.classification.Baselines;
import io.lapse.models.classification.CandidateGrid;
import io.lapse.models.classification.CandidateResult;
import io.lapse.models.classification.ClassifierSpec;
import io.lapse.models.classification.FallbackSpec;
import io.lapse.models.classification.FittedClassifier;
import io.lapse.models.classification.SegmentClassifierTrainer;
import io.lapse.models.classification.SegmentClassifiers;
import io.lapse.models.classification.TimeSplit;
import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.BinaryEvaluator;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.BySegment;
import io.lapse.models.evaluation.CalibrationBin;
import io.lapse.models.evaluation.Concordance;
import io.lapse.models.evaluation.ConcordanceEvaluator;
import io.lapse.models.evaluation.ConcordanceSpec;
import io.lapse.models.evaluation.ModelComparison;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.models.evaluation.Verdict;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.models.registry.ChampionPolicy;
import io.lapse.models.registry.Decision;
import io.lapse.models.scoring.BgNbdScorer;
import io.lapse.models.survival.FittedSurvival;
import io.lapse.models.survival.ReturnTimeBaseline;
import io.lapse.models.survival.SegmentSurvivalModels;
import io.lapse.models.survival.SurvivalSpec;
import io.lapse.models.survival.WeibullAftTrainer;
import io.lapse.models.training.BgNbdSegmentTrainer;
import io.lapse.models.training.ReturnTimeCurves;
import io.lapse.models.training.SegmentModel;
import io.lapse.models.training.SegmentModels;
import io.lapse.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A time-based backtest on the CDNOW master file (transactions only): fit on snapshots up to
 * D - H, evaluate on snapshot D against the following H days, and write the metrics of the
 * models and the baselines as markdown.
 *
 * <p>Choices, fixed so the numbers are reproducible: dis-engagement = no purchase for T = 180
 * days (six months; the 90th percentile of CDNOW's repeat gaps is about 200 days, the median
 * 34); H = 90 days; D = 1998-04-01, so D + H is the last day of the data (1998-06-30); training
 * snapshots on the first of each month from 1997-07-01 to 1998-01-01 = D - H (earlier ones are
 * the acquisition quarter itself, in which nobody can have been away 180 days); the last two of
 * them validate the hyper-parameters. Segments: light buyers (at most 3 active days so far) and
 * frequent buyers (4 or more), a frequency tier that both have rows at every snapshot (CDNOW is
 * one acquisition cohort of early 1997, so by the autumn every one-time buyer is past T and
 * a one-time segment would be empty at D).
 *
 * <p>Usage: {@code CdnowBacktest <CDNOW_master.txt> <output.md>}.
 */
public final class CdnowBacktest {

  static final int THRESHOLD_DAYS = 180;
  static final int HORIZON_DAYS = 90;
  static final LocalDate CUTOFF = LocalDate.of(1998, 4, 1);
  static final LocalDate FIRST_SNAPSHOT = LocalDate.of(1997, 7, 1);
  static final int VALIDATION_SNAPSHOTS = 2;
  /**
   * The candidates of benchmarks/results/cdnow-backtest.md, wider than {@link
   * CandidateGrid#defaults()} (the jobs' smaller grid), fixed here so that the report does not
   * move when the default does.
   */
  static final CandidateGrid GRID =
      new CandidateGrid(List.of(0.0, 0.01, 0.1), 0.0, 100, List.of(3, 5), 30, 0.1);
  static final String LIGHT = "light";
  static final String FREQUENT = "frequent";
  static final int FREQUENT_ACTIVE_DAYS = 4;
  static final String P_ALIVE = "p_alive";
  static final String EXPECTED = "expected_transactions";
  static final String KM_P = "km_p_disengage";
  static final String CLASSIFIER = "classifier";
  static final String WEIBULL = "weibull_aft";

  private final SparkSession spark;
  private final StringBuilder report = new StringBuilder();

  CdnowBacktest(SparkSession spark) {
    this.spark = spark;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: CdnowBacktest <CDNOW_master.txt> <output.md>");
      System.exit(64);
    }
    SparkSession spark = SparkSessions.getOrCreate("lapse-cdnow-backtest", "local[2]", 4,
        Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1"));
    spark.sparkContext().setLogLevel("WARN");
    long started = System.nanoTime();
    String markdown = new CdnowBacktest(spark).run(args[0], started);
    Path out = Paths.get(args[1]);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, markdown);
    System.out.println("wrote " + out.toAbsolutePath());
    spark.stop();
  }

  /** Training snapshots: the first of each month from FIRST_SNAPSHOT to D - H. */
  static List<LocalDate> trainingSnapshots() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate s = FIRST_SNAPSHOT; !s.isAfter(CUTOFF.minusDays(HORIZON_DAYS));
        s = s.plusMonths(1)) {
      out.add(s);
    }
    return List.copyOf(out);
  }

  String run(String cdnowPath, long started) {
    TransactionSourceSpec source =
        new TransactionSourceSpec("cdnow-master", cdnowPath, false, "", "", "", "", "", "");
    Dataset<Row> txns = new TransactionReader(spark)
        .read(source, LocalDate.of(1990, 1, 1), LocalDate.of(2100, 1, 1))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long read = txns.count();
    long accepted = txns.where(col(TransactionReader.REJECT_REASON).isNull()).count();
    Dataset<Row> activity = ActivityDaily.fromTransactions(
            txns.where(col(TransactionReader.REJECT_REASON).isNull()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    LocalDate lastDay = activity.agg(max(ActivityDaily.ACTIVITY_DATE)).first().getDate(0)
        .toLocalDate();
    LocalDate evaluationEnd = CUTOFF.plusDays(HORIZON_DAYS);
    if (evaluationEnd.isAfter(lastDay)) {
      throw new IllegalArgumentException("the data end " + lastDay + " before D + H = "
          + evaluationEnd);
    }
    List<LocalDate> snapshots = trainingSnapshots();
    List<LocalDate> all = new ArrayList<>(snapshots);
    all.add(CUTOFF);

    Map<LocalDate, Map<String, Double>> bgnbdParams = new TreeMap<>();
    Dataset<Row> bgnbd = bgnbdScores(activity, all, bgnbdParams);
    Map<LocalDate, Map<String, KaplanMeierCurve>> curves = new TreeMap<>();
    for (LocalDate s : all) {
      curves.put(s, Map.of(Segmenter.ALL, returnTimeCurve(activity, s)));
    }
    Dataset<Row> km = ReturnTimeBaseline.lookup(spark, curves, THRESHOLD_DAYS, HORIZON_DAYS)
        .drop("segment");

    // Labels of training snapshots read nothing after D; those of D read D..D+H only.
    Dataset<Row> train = enrich(TransactionExamples.build(activity, snapshots, CUTOFF,
        THRESHOLD_DAYS, HORIZON_DAYS), bgnbd, km).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = enrich(TransactionExamples.build(activity, List.of(CUTOFF),
        evaluationEnd, THRESHOLD_DAYS, HORIZON_DAYS), bgnbd, km)
        .persist(StorageLevel.MEMORY_AND_DISK());

    List<String> features = new ArrayList<>(ClassifierSpec.TRANSACTION_FEATURES);
    features.add(P_ALIVE);
    features.add(EXPECTED);
    ClassifierSpec classifierSpec = ClassifierSpec.defaults()
        .withFeatureColumns(features)
        .withHorizonDays(HORIZON_DAYS)
        .withValidationSnapshots(VALIDATION_SNAPSHOTS)
        .withGrid(GRID)
        .withFallback(new FallbackSpec(1000, 30, Map.of()));
    BaselineSpec baselineSpec = new BaselineSpec(CustomerFeatures.RECENCY_DAYS,
        CustomerFeatures.LATENCY_MEDIAN_DAYS, EXPECTED, "", KM_P);
    long fitStarted = System.nanoTime();
    SegmentClassifiers classifiers =
        new SegmentClassifierTrainer(classifierSpec, baselineSpec).fit(train);
    long classifierSeconds = (System.nanoTime() - fitStarted) / 1_000_000_000L;
    SurvivalSpec survivalSpec = SurvivalSpec.defaults().withFeatureColumns(features)
        .withHorizonDays(HORIZON_DAYS).withFallback(new FallbackSpec(1000, 30, Map.of()));
    fitStarted = System.nanoTime();
    SegmentSurvivalModels survival = new WeibullAftTrainer(survivalSpec).fit(train);
    long survivalSeconds = (System.nanoTime() - fitStarted) / 1_000_000_000L;

    Dataset<Row> scored = Baselines.withScores(
            survival.score(classifiers.score(test)), baselineSpec)
        .persist(StorageLevel.MEMORY_AND_DISK());
    BinaryEvaluator evaluator = new BinaryEvaluator(BinaryEvaluationSpec.defaults());
    List<ScoreColumn> models = List.of(
        ScoreColumn.probability(CLASSIFIER, SegmentClassifiers.P_DISENGAGE),
        ScoreColumn.probability(WEIBULL, SegmentSurvivalModels.P_ONSET));
    ModelComparison comparison = ModelComparison.compare(evaluator, scored, models,
        Baselines.scores(baselineSpec), BinaryMetrics.ROC_AUC);
    // Customers bought within T - H days cannot reach the onset within H: their label is 0 by
    // definition and every score that reads recency gets them right. The rows that can go either
    // way show what a model adds.
    ModelComparison undecided = ModelComparison.compare(evaluator,
        scored.where(col(CustomerFeatures.RECENCY_DAYS).geq(THRESHOLD_DAYS + 1 - HORIZON_DAYS)),
        models, Baselines.scores(baselineSpec), BinaryMetrics.ROC_AUC);
    ConcordanceEvaluator concordance = new ConcordanceEvaluator(ConcordanceSpec.defaults());
    Map<String, BySegment<Concordance>> cIndex = new LinkedHashMap<>();
    cIndex.put(WEIBULL + " (expected days to onset)",
        concordance.ofPredictedTimes(scored, SegmentSurvivalModels.EXPECTED_DAYS));
    cIndex.put(CLASSIFIER + " (P within H as risk)",
        concordance.ofRiskScores(scored, SegmentClassifiers.P_DISENGAGE));
    cIndex.put("kaplan_meier (restricted mean per segment)",
        concordance.ofPredictedTimes(scored, SegmentSurvivalModels.KM_EXPECTED_DAYS));
    cIndex.put("recency_days (as risk)",
        concordance.ofRiskScores(scored, CustomerFeatures.RECENCY_DAYS));
    cIndex.put("bgnbd_expected_transactions (as time)",
        concordance.ofPredictedTimes(scored, EXPECTED));

    Map<String, long[]> trainCounts = counts(train);
    Map<String, long[]> testCounts = counts(test);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    write(cdnowPath, read, accepted, lastDay, snapshots, trainCounts, testCounts, bgnbdParams,
        classifiers, survival, comparison, undecided, cIndex, classifierSeconds, survivalSeconds,
        seconds);
    return report.toString();
  }

  /** Segment, BG/NBD predictions and the Kaplan-Meier baseline added to the examples. */
  private static Dataset<Row> enrich(Dataset<Row> examples, Dataset<Row> bgnbd, Dataset<Row> km) {
    return examples
        .withColumn(Segmenter.SEGMENT, when(col(CustomerFeatures.ACTIVE_DAYS)
            .geq(FREQUENT_ACTIVE_DAYS), lit(FREQUENT)).otherwise(lit(LIGHT)))
        .join(bgnbd, seq(TransactionExamples.SNAPSHOT_DATE, CustomerFeatures.CUSTOMER_ID), "left")
        .join(km, seq(TransactionExamples.SNAPSHOT_DATE, CustomerFeatures.RECENCY_DAYS), "left");
  }

  private static scala.collection.immutable.Seq<String> seq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }

  /**
   * BG/NBD fitted at each snapshot on every customer seen by then (not only the examples: the
   * model needs the dormant ones too), and its P(alive) and expected transactions in H.
   */
  private Dataset<Row> bgnbdScores(Dataset<Row> activity, List<LocalDate> snapshots,
      Map<LocalDate, Map<String, Double>> params) {
    Dataset<Row> out = null;
    BgNbdSegmentTrainer trainer = BgNbdSegmentTrainer.globalOnly(FitOptions.defaults());
    for (LocalDate s : snapshots) {
      Dataset<Row> features = CustomerFeatures.asOf(activity, s)
          .withColumn(Segmenter.SEGMENT, lit(Segmenter.ALL));
      List<SegmentModel> fits = trainer.fit(BgNbdSegmentTrainer.sufficientStatistics(features), s);
      params.put(s, fits.get(0).params());
      Dataset<Row> scores = new BgNbdScorer(HORIZON_DAYS)
          .score(features, SegmentModels.toDataFrame(spark, s, fits))
          .select(col(CustomerFeatures.AS_OF_DATE).as(TransactionExamples.SNAPSHOT_DATE),
              col(CustomerFeatures.CUSTOMER_ID), col(P_ALIVE), col(EXPECTED));
      out = out == null ? scores : out.unionByName(scores);
    }
    return out.persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static KaplanMeierCurve returnTimeCurve(Dataset<Row> activity, LocalDate s) {
    Dataset<Row> everyone = activity
        .where(col(ActivityDaily.ACTIVITY_DATE).leq(lit(Date.valueOf(s))))
        .select(col(ActivityDaily.CUSTOMER_ID)).distinct()
        .withColumn(Segmenter.SEGMENT, lit(Segmenter.ALL));
    return ReturnTimeCurves.estimate(activity, everyone, s, Map.of()).stream()
        .filter(m -> m.segment().equals(Segmenter.ALL)).findFirst().orElseThrow().curve();
  }

  /** Rows and positives per segment: [rows, positives]. */
  private static Map<String, long[]> counts(Dataset<Row> examples) {
    Map<String, long[]> out = new TreeMap<>();
    for (Row r : examples.groupBy(Segmenter.SEGMENT)
        .agg(org.apache.spark.sql.functions.count(lit(1)),
            org.apache.spark.sql.functions.sum(TransactionExamples.LABEL))
        .collectAsList()) {
      out.put(r.getString(0), new long[] {r.getLong(1), Math.round(r.getDouble(2))});
    }
    return out;
  }

  private void write(String path, long read, long accepted, LocalDate lastDay,
      List<LocalDate> snapshots, Map<String, long[]> trainCounts, Map<String, long[]> testCounts,
      Map<LocalDate, Map<String, Double>> bgnbdParams, SegmentClassifiers classifiers,
      SegmentSurvivalModels survival, ModelComparison comparison, ModelComparison undecided,
      Map<String, BySegment<Concordance>> cIndex, long classifierSeconds, long survivalSeconds,
      long seconds) {
    TimeSplit split = TimeSplit.of(snapshots, VALIDATION_SNAPSHOTS, HORIZON_DAYS);
    line("# CDNOW backtest: dis-engagement within 90 days");
    line("");
    line("Written by `io.lapse.benchmarks.backtest.CdnowBacktest` (do not edit by hand). Reproduce"
        + " from the repository root:");
    line("");
    line("```bash");
    line("mvn -B -o -q package -pl benchmarks -am -DskipTests");
    line("java -Xmx4g -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \\");
    line("  --add-opens=java.base/java.lang=ALL-UNNAMED"
        + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \\");
    line("  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
        + " --add-opens=java.base/java.io=ALL-UNNAMED \\");
    line("  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
        + " \\");
    line("  --add-opens=java.base/java.util=ALL-UNNAMED"
        + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \\");
    line("  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
        + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \\");
    line("  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
        + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \\");
    line("  --add-opens=java.base/sun.security.action=ALL-UNNAMED"
        + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \\");
    line("  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
        + " \\");
    line("  -Dlog4j2.configurationFile=conf/log4j2.properties \\");
    line("  -cp \"benchmarks/target/classes:benchmarks/target/lib/*\" \\");
    line("  io.lapse.benchmarks.backtest.CdnowBacktest data/cdnow/CDNOW_master.txt"
        + " benchmarks/results/cdnow-backtest.md");
    line("```");
    line("");
    line(String.format(Locale.ROOT, "Local Spark (`local[2]`), whole run %d s (classifiers %d s,"
        + " survival models %d s). Every number below is deterministic for this data and code:"
        + " seeds are fixed (42) and no split is random.", seconds, classifierSeconds,
        survivalSeconds));
    line("");
    line("## Set-up");
    line("");
    line("- Data: `" + Paths.get(path).getFileName() + "`, " + read + " records, " + accepted
        + " accepted by `TransactionReader` (format `cdnow-master`), aggregated by"
        + " `ActivityDaily` (several purchases on a day are one active day); last day "
        + lastDay + ".");
    line("- Dis-engagement onset: the first day on which recency exceeds T = " + THRESHOLD_DAYS
        + " days, i.e. last purchase + " + (THRESHOLD_DAYS + 1) + " days unless the customer"
        + " buys again by then (a purchase on that very day cancels it, as in"
        + " `DisengagementLabels`). Label: onset within H = " + HORIZON_DAYS + " days after the"
        + " snapshot. Examples: customers with a purchase on or before the snapshot and recency"
        + " <= T (not yet dis-engaged).");
    line("- Cut-off D = " + CUTOFF + ". Training snapshots " + snapshots.get(0) + " to "
        + snapshots.get(snapshots.size() - 1) + " (first of each month, last = D - H); their"
        + " labels and survival times read no purchase after D (durations censored at D)."
        + " Hyper-parameters: candidates trained on " + split.trainDates() + ", validated on "
        + split.validationDates() + " (snapshots within H before the first validation one, "
        + split.embargoedDates() + ", are left out so that no training label reads the"
        + " validation period), then the chosen one refitted on all training snapshots.");
    line("- Evaluation: snapshot D, labels from D+1 to D + H = " + CUTOFF.plusDays(HORIZON_DAYS)
        + "; survival times censored there.");
    line("- Features (`CustomerFeatures.asOf` at each snapshot): "
        + String.join(", ", ClassifierSpec.TRANSACTION_FEATURES) + ", plus BG/NBD `p_alive` and"
        + " `expected_transactions` in H from a BG/NBD fit on all customers at the same snapshot.");
    line("- Segments: `light` (at most " + (FREQUENT_ACTIVE_DAYS - 1) + " active days so far) and"
        + " `frequent` (" + FREQUENT_ACTIVE_DAYS + " or more). CDNOW is one acquisition cohort"
        + " (early 1997), so one-time buyers are all past T by the autumn and a one-time segment"
        + " would be empty at D. Fallback threshold: 1,000 rows and 30 of each class in the"
        + " training and in the validation snapshots.");
    line("");
    MarkdownTable rows = new MarkdownTable("segment", "training rows", "training positive rate",
        "evaluation rows", "evaluation positive rate");
    for (String s : testCounts.keySet()) {
      long[] tr = trainCounts.getOrDefault(s, new long[2]);
      long[] te = testCounts.get(s);
      rows.row(s, tr[0], (double) tr[1] / tr[0], te[0], (double) te[1] / te[0]);
    }
    line(rows.toString());
    line("Baselines, scored on the same rows: `recency_days` (the recency rule),"
        + " `recency_over_latency` (recency over the customer's median gap; the median of the rows"
        + " where there is none), `bgnbd_expected_transactions` (fewer expected purchases in H ="
        + " higher risk) and `kaplan_meier`: P(onset within H | recency) = S(T+1) / S(recency) from"
        + " the return-time Kaplan-Meier curve of all customers at the snapshot"
        + " (`ReturnTimeBaseline`), the only baseline that is a probability. The recency rule and"
        + " Kaplan-Meier rank alike within one curve, so their AUCs differ only by ties.");
    line("");

    line("## Hyper-parameters chosen by time-ordered validation");
    line("");
    MarkdownTable chosen = new MarkdownTable("segment", "candidate", "validation ROC AUC",
        "chosen");
    for (FittedClassifier f : classifiers.bySegment().values()) {
      for (CandidateResult r : f.candidates()) {
        chosen.row(f.segment(), r.candidate().describe(), r.validationMetric(),
            r.candidate().equals(f.chosen()) ? "yes" : "");
      }
      for (Map.Entry<String, Double> b : f.baselineMetrics().entrySet()) {
        chosen.row(f.segment(), "baseline " + b.getKey(), b.getValue(), "");
      }
    }
    line(chosen.toString());
    for (FittedClassifier f : classifiers.bySegment().values()) {
      line("- " + f.segment() + ": " + f.verdict().describe() + " (validation snapshots).");
    }
    line("");
    line("What the registry decides from these validation numbers (`ChampionPolicy.defaults()`,"
        + " no current champion):");
    line("");
    for (FittedClassifier f : classifiers.bySegment().values()) {
      Decision d = ChampionPolicy.defaults().decide(f.validationMetric(),
          f.verdict().bestBaseline(), f.verdict().baselineValue(), Optional.empty());
      line("- " + f.segment() + ": " + d.status().code() + ", " + d.reason() + ".");
    }
    line("");
    line("Weibull AFT per segment (no tuning):");
    line("");
    MarkdownTable aft = new MarkdownTable("segment", "rows", "onsets", "shape k", "intercept",
        "KM S(H)");
    for (FittedSurvival f : survival.bySegment().values()) {
      aft.row(f.segment(), f.rows(), f.events(), f.shape(), f.intercept(),
          f.baseline().survivalAt(HORIZON_DAYS));
    }
    line(aft.toString());
    Map<String, Double> last = bgnbdParams.get(CUTOFF);
    line(String.format(Locale.ROOT, "BG/NBD at D: r = %.4f, alpha = %.4f, a = %.4f, b = %.4f.",
        last.get("r"), last.get("alpha"), last.get("a"), last.get("b")));
    line("");

    line("## Results at D = " + CUTOFF + " against the following " + HORIZON_DAYS + " days");
    line("");
    List<String> segments = new ArrayList<>(comparison.models().get(CLASSIFIER).bySegment()
        .keySet());
    List<String> groups = new ArrayList<>();
    groups.add(Verdict.OVERALL);
    groups.addAll(segments);
    for (String g : groups) {
      line("### " + (g.equals(Verdict.OVERALL) ? "All rows" : "Segment `" + g + "`"));
      line("");
      MarkdownTable t = new MarkdownTable("score", "ROC AUC", "PR AUC", "Brier",
          "top-decile lift", "top-decile capture", "rows", "positives");
      Map<String, BySegment<BinaryMetrics>> everything = new LinkedHashMap<>(comparison.models());
      everything.putAll(comparison.baselines());
      for (Map.Entry<String, BySegment<BinaryMetrics>> e : everything.entrySet()) {
        BinaryMetrics m = g.equals(Verdict.OVERALL) ? e.getValue().overall()
            : e.getValue().bySegment().get(g);
        String name = comparison.models().containsKey(e.getKey()) ? "**" + e.getKey() + "**"
            : "baseline " + e.getKey();
        t.row(name, m.rocAuc(), m.prAuc(), m.brier(), m.topLift(), m.topCapture(), m.rows(),
            m.positives());
      }
      line(t.toString());
    }
    line("### Rows that can dis-engage within H (recency >= T + 1 - H = "
        + (THRESHOLD_DAYS + 1 - HORIZON_DAYS) + " days)");
    line("");
    line("Rows with a purchase in the last " + (THRESHOLD_DAYS - HORIZON_DAYS) + " days cannot"
        + " reach the onset within H (label 0 by definition), which every score that reads"
        + " recency gets right; this is where the models have to earn their keep.");
    line("");
    MarkdownTable u = new MarkdownTable("score", "ROC AUC", "PR AUC", "Brier",
        "top-decile lift", "top-decile capture", "rows", "positives");
    Map<String, BySegment<BinaryMetrics>> allUndecided = new LinkedHashMap<>(undecided.models());
    allUndecided.putAll(undecided.baselines());
    for (Map.Entry<String, BySegment<BinaryMetrics>> e : allUndecided.entrySet()) {
      BinaryMetrics m = e.getValue().overall();
      String name = undecided.models().containsKey(e.getKey()) ? "**" + e.getKey() + "**"
          : "baseline " + e.getKey();
      u.row(name, m.rocAuc(), m.prAuc(), m.brier(), m.topLift(), m.topCapture(), m.rows(),
          m.positives());
    }
    line(u.toString());
    line("Verdicts (strictly better than the best baseline on the same rows), all rows at D:");
    line("");
    for (String metric : List.of(BinaryMetrics.ROC_AUC, BinaryMetrics.PR_AUC,
        BinaryMetrics.BRIER)) {
      for (Verdict v : comparison.on(metric).verdicts()) {
        line("- " + v.describe());
      }
    }
    line("");
    line("The same on the rows that can dis-engage within H:");
    line("");
    for (String metric : List.of(BinaryMetrics.ROC_AUC, BinaryMetrics.PR_AUC,
        BinaryMetrics.BRIER)) {
      for (Verdict v : undecided.on(metric).verdicts()) {
        if (v.segment().equals(Verdict.OVERALL)) {
          line("- " + v.describe());
        }
      }
    }
    line("");
    line("### Calibration of the classifier (all rows, deciles of predicted)");
    line("");
    calibration(comparison.models().get(CLASSIFIER).overall().calibration());
    line("### Calibration of the Weibull AFT P(onset within H) (all rows)");
    line("");
    calibration(comparison.models().get(WEIBULL).overall().calibration());

    line("## Concordance (Harrell's C) of the time to onset at D");
    line("");
    line("Times from D to the onset, censored at D + H: only onsets within the horizon are"
        + " observed. A Kaplan-Meier curve gives everyone in a segment the same prediction, so"
        + " its C-index within a segment is 0.5 by construction.");
    line("");
    List<String> cHeader = new ArrayList<>(List.of("prediction", "all rows"));
    segments.forEach(cHeader::add);
    cHeader.add("comparable pairs (all)");
    MarkdownTable c = new MarkdownTable(cHeader.toArray(String[]::new));
    for (Map.Entry<String, BySegment<Concordance>> e : cIndex.entrySet()) {
      List<Object> cells = new ArrayList<>(List.of(e.getKey(), e.getValue().overall().index()));
      segments.forEach(s -> cells.add(e.getValue().bySegment().get(s).index()));
      cells.add(e.getValue().overall().comparablePairs());
      c.row(cells.toArray());
    }
    line(c.toString());
  }

  private void calibration(List<CalibrationBin> bins) {
    MarkdownTable t = new MarkdownTable("decile", "rows", "mean predicted", "observed rate");
    for (CalibrationBin b : bins) {
      t.row(b.bin(), b.rows(), b.meanPredicted(), b.observedRate());
    }
    line(t.toString());
  }

  private void line(String s) {
    report.append(s).append('\n');
  }
}
