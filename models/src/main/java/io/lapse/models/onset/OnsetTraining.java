package io.lapse.models.onset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.models.classification.Baselines;
import io.lapse.models.classification.Candidate;
import io.lapse.models.classification.FittedClassifier;
import io.lapse.models.classification.SegmentClassifierTrainer;
import io.lapse.models.classification.SegmentClassifiers;
import io.lapse.models.evaluation.BinaryEvaluator;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.BySegment;
import io.lapse.models.evaluation.CalibrationBin;
import io.lapse.models.evaluation.Concordance;
import io.lapse.models.evaluation.ConcordanceEvaluator;
import io.lapse.models.evaluation.ModelComparison;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.models.evaluation.Verdict;
import io.lapse.models.registry.ChampionRetirement;
import io.lapse.models.registry.DataFingerprint;
import io.lapse.models.registry.Incumbent;
import io.lapse.models.registry.ModelArtifacts;
import io.lapse.models.registry.ModelRun;
import io.lapse.models.registry.ModelRuns;
import io.lapse.models.registry.RunRecorder;
import io.lapse.models.survival.SegmentSurvivalModels;
import io.lapse.models.survival.WeibullAftTrainer;
import io.lapse.spark.Materialized;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains, evaluates and registers the dis-engagement onset models of every segment.
 *
 * <ol>
 *   <li>Backtest: the latest snapshot S is held out; the classifiers and the Weibull AFT models
 *       are fitted on the snapshots up to S - H (so no training label reads a day the holdout's
 *       features could not see) and evaluated on S against what happened in the H days after it,
 *       next to the baselines scored on the same rows. The metrics go to the evaluation table.
 *   <li>Final fit on every snapshot (the classifier again chooses its hyper-parameters on its
 *       latest snapshots, see {@link SegmentClassifierTrainer}).
 *   <li>Registry: each new model is compared with its segment's champion, whose saved pipeline is
 *       re-scored on the same validation rows, and becomes champion, challenger or rejected
 *       ({@link io.lapse.models.registry.ChampionPolicy}).
 * </ol>
 */
public final class OnsetTraining {

  public static final String CLASSIFIER = "classifier";
  public static final String WEIBULL = "weibull_aft";
  public static final String KAPLAN_MEIER_TIME = "kaplan_meier";
  public static final String OVERALL = "ALL_SEGMENTS";

  /** One metric of one model or baseline on the holdout, overall or in a segment. */
  public static final StructType EVALUATION = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("holdout_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("role", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true);

  private static final Logger LOG = LoggerFactory.getLogger(OnsetTraining.class);

  /**
   * What one training run produced.
   *
   * @param skipped why no model was trained (too few examples even for the global model); empty
   *     when models were trained
   */
  public record Result(List<ModelRun> runs, List<Row> evaluation, String dataFingerprint,
      Optional<String> skipped) {}

  private final SparkSession spark;
  private final OnsetSpec spec;

  public OnsetTraining(SparkSession spark, OnsetSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /**
   * @param examples training examples enriched by {@link OnsetInputs}, labels complete
   * @param modelRuns the registry so far (for the current champions), if it exists
   * @param segments the segments to register runs for; empty: all
   * @param asOf the run's as-of date, recorded on the evaluation rows
   */
  public Result train(Dataset<Row> examples, Optional<Dataset<Row>> modelRuns,
      Set<String> segments, LocalDate asOf) {
    Dataset<Row> rows = examples.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // The survival models train on the rows with a time to onset only (not the customers
      // already past the threshold, who are classifier examples under the no-engagement label).
      Optional<String> tooFew = tooFewExamples(rows).or(() -> tooFewExamples(timed(rows))
          .map(m -> "survival: " + m));
      if (tooFew.isPresent()) {
        LOG.warn("onset models not trained: {}", tooFew.get());
        return new Result(List.of(), List.of(), "", tooFew);
      }
      Backtest backtest = backtest(rows, asOf);
      SegmentClassifiers classifiers = classifierTrainer().fit(rows, backtest.classifiers());
      SegmentSurvivalModels survival = new WeibullAftTrainer(spec.survival(), spec.parallelFits()).fit(timed(rows));
      String fingerprint = DataFingerprint.of(rows);
      // The run ids the new fits will get, so that a champion is never compared with itself.
      RunRecorder classifierRecorder = new RunRecorder(spec.artifactRoot(), spec.classifierPolicy());
      RunRecorder survivalRecorder = new RunRecorder(spec.artifactRoot(), spec.survivalPolicy());
      Map<String, String> classifierRunIds = new TreeMap<>();
      Map<String, String> survivalRunIds = new TreeMap<>();
      classifierRecorder.runIds(classifiers, fingerprint).forEach(classifierRunIds::put);
      survivalRecorder.runIds(survival, spec.survival(), fingerprint)
          .forEach(survivalRunIds::put);
      Map<String, Incumbent> classifierChampions = new TreeMap<>();
      Map<String, ModelRun> classifierChampionRuns = new TreeMap<>();
      Map<String, Incumbent> survivalChampions = new TreeMap<>();
      if (modelRuns.isPresent()) {
        for (Row r : ModelRuns.currentChampions(modelRuns.get()).collectAsList()) {
          ModelRun run = ModelRuns.fromRow(r);
          if (run.task().equals(ModelRun.CLASSIFIER)) {
            FittedClassifier fresh = classifiers.bySegment().get(run.segment());
            if (fresh != null) {
              incumbentClassifier(run, rows, fresh, classifierRunIds.get(run.segment())).ifPresent(
                  m -> classifierChampions.put(run.segment(), new Incumbent(run.runId(), m)));
              classifierChampionRuns.put(run.segment(), run);
            }
          } else if (backtest.holdout().isPresent()
              && !run.runId().equals(survivalRunIds.get(run.segment()))) {
            incumbentSurvival(run, backtest.holdout().get(), backtest.holdoutDate()).ifPresent(
                m -> survivalChampions.put(run.segment(), new Incumbent(run.runId(), m)));
          }
        }
      }
      List<ModelRun> runs = new ArrayList<>(
          classifierRecorder.recordClassifiers(classifiers, fingerprint, classifierChampions));
      Map<String, Verdict> verdicts = new TreeMap<>();
      classifiers.bySegment().forEach((segment, f) -> verdicts.put(segment, f.verdict()));
      runs.addAll(ChampionRetirement.retirements(runs, classifierChampions,
          classifierChampionRuns, verdicts, "validation_" + spec.classifier().selectionMetric()));
      runs.addAll(survivalRecorder.recordSurvival(survival, spec.survival(),
          backtest.survivalConcordance(), fingerprint, survivalChampions));
      List<ModelRun> kept = runs.stream()
          .filter(r -> segments.isEmpty() || segments.contains(r.segment())).toList();
      kept.forEach(r -> LOG.info("{} {} {}: {} ({})", r.task(), r.segment(), r.runId(),
          r.status().code(), r.reason()));
      return new Result(kept, backtest.evaluation(), fingerprint, Optional.empty());
    } finally {
      rows.unpersist();
    }
  }

  /**
   * The backtest alone: metrics of models fitted on the snapshots up to S - H, on the latest
   * snapshot S, next to the baselines (rows of {@link #EVALUATION}).
   */
  public List<Row> evaluate(Dataset<Row> examples, LocalDate asOf) {
    Dataset<Row> rows = examples.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return backtest(rows, asOf).evaluation();
    } finally {
      rows.unpersist();
    }
  }

  /**
   * Why even the global model cannot be fitted: fewer rows, or fewer rows of either label, than
   * the fallback's minimum. Such a lake is young; scoring then uses the baseline.
   */
  private Optional<String> tooFewExamples(Dataset<Row> rows) {
    var fallback = spec.classifier().fallback();
    Row counts = rows.agg(functions.count(lit(1)), functions.sum(
        functions.when(col(spec.classifier().labelColumn()).cast("double").equalTo(1.0), 1)
            .otherwise(0))).first();
    long all = counts.getLong(0);
    long positives = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long smaller = Math.min(positives, all - positives);
    if (all < fallback.minRows() || smaller < fallback.minClassRows()) {
      return Optional.of(all + " training examples (" + positives + " dis-engaging) are fewer"
          + " than lapse.models.onset.fallback.min-rows " + fallback.minRows() + " or"
          + " min-class-rows " + fallback.minClassRows() + " of either label");
    }
    return Optional.empty();
  }

  /** {@code classifiers}: the backtest's own fits, one fold before the final fit (empty: none). */
  private record Backtest(List<Row> evaluation, Map<String, Double> survivalConcordance,
      Optional<Dataset<Row>> holdout, LocalDate holdoutDate, SegmentClassifiers classifiers) {}

  private Backtest backtest(Dataset<Row> rows, LocalDate asOf) {
    String snapshot = spec.classifier().snapshotColumn();
    List<LocalDate> dates = rows.select(snapshot).distinct().orderBy(snapshot).collectAsList()
        .stream().map(r -> r.getDate(0).toLocalDate()).toList();
    if (dates.size() < 2) {
      throw new IllegalArgumentException("onset models need training examples at two or more"
          + " snapshots but found " + dates + "; raise lapse.engagement.training.snapshot-count");
    }
    LocalDate holdoutDate = dates.get(dates.size() - 1);
    LocalDate lastTraining = holdoutDate.minusDays(spec.horizonDays());
    Dataset<Row> early = rows.where(col(snapshot).leq(lit(Date.valueOf(lastTraining))));
    Dataset<Row> holdout = rows.where(col(snapshot).equalTo(lit(Date.valueOf(holdoutDate))));
    Map<String, Double> survivalConcordance = new TreeMap<>();
    if (early.isEmpty()) {
      LOG.warn("no snapshot on or before {} (holdout {} minus H): no backtest", lastTraining,
          holdoutDate);
      return new Backtest(List.of(), survivalConcordance, Optional.empty(), holdoutDate,
          none());
    }
    SegmentClassifiers classifiers;
    SegmentSurvivalModels survival;
    try {
      classifiers = classifierTrainer().fit(early);
      survival = new WeibullAftTrainer(spec.survival(), spec.parallelFits()).fit(timed(early));
    } catch (IllegalArgumentException e) {
      // The backtest needs a time-ordered split of its own inside the snapshots up to S - H,
      // i.e. about 3 x H of history: a young lake trains its models without it.
      LOG.warn("no backtest on {}: {}", holdoutDate, e.getMessage());
      return new Backtest(List.of(), survivalConcordance, Optional.empty(), holdoutDate,
          none());
    }
    // Materialized in two steps: the survival pipelines stacked on the classifier pipelines
    // would make a plan of segments x segments branches, rebuilt by every metric below.
    try (Materialized classified = Materialized.of(classifiers.score(holdout));
        Materialized scored = Materialized.of(Baselines.withScores(
            survival.score(classified.rows()), spec.baselines()))) {
      List<Row> evaluation = evaluate(scored.rows(), asOf, holdoutDate, survivalConcordance);
      return new Backtest(evaluation, survivalConcordance, Optional.of(holdout), holdoutDate,
          classifiers);
    }
  }

  /**
   * The rows with a time to the next onset: customers already dis-engaged at their snapshot
   * (examples under the no-engagement label) have none.
   */
  private Dataset<Row> timed(Dataset<Row> rows) {
    return rows.where(col(spec.survival().durationColumn()).isNotNull());
  }

  private SegmentClassifiers none() {
    return new SegmentClassifiers(spec.classifier().segmentColumn(), new TreeMap<>());
  }

  private SegmentClassifierTrainer classifierTrainer() {
    return new SegmentClassifierTrainer(spec.classifier(), spec.baselines(), spec.parallelFits());
  }

  /** Metrics of the models and baselines on the scored holdout, overall and per segment. */
  private List<Row> evaluate(Dataset<Row> scored, LocalDate asOf, LocalDate holdout,
      Map<String, Double> survivalConcordance) {
    BinaryEvaluator evaluator = new BinaryEvaluator(spec.evaluation());
    List<ScoreColumn> models = List.of(
        ScoreColumn.probability(CLASSIFIER, SegmentClassifiers.P_DISENGAGE),
        ScoreColumn.probability(WEIBULL, SegmentSurvivalModels.P_ONSET));
    ModelComparison comparison = ModelComparison.compare(evaluator, scored, models,
        Baselines.scores(spec.baselines()), spec.classifier().selectionMetric());
    List<Row> out = new ArrayList<>();
    comparison.models().forEach((name, m) -> out.addAll(binaryRows(asOf, holdout, name, "model", m)));
    comparison.baselines().forEach(
        (name, m) -> out.addAll(binaryRows(asOf, holdout, name, "baseline", m)));
    comparison.verdicts().forEach(v -> out.add(row(asOf, holdout,
        v.segment().equals(io.lapse.models.evaluation.Verdict.OVERALL) ? OVERALL : v.segment(),
        v.model(), "model", "beats_best_baseline_" + v.metric(), v.beats() ? 1.0 : 0.0)));

    ConcordanceEvaluator concordance = new ConcordanceEvaluator(spec.concordance());
    Map<String, BySegment<Concordance>> cIndex = concordance.evaluateAll(timed(scored), List.of(
        ConcordanceEvaluator.Score.predictedTime(WEIBULL, SegmentSurvivalModels.EXPECTED_DAYS),
        ConcordanceEvaluator.Score.risk(CLASSIFIER, SegmentClassifiers.P_DISENGAGE),
        ConcordanceEvaluator.Score.predictedTime(KAPLAN_MEIER_TIME,
            SegmentSurvivalModels.KM_EXPECTED_DAYS),
        ConcordanceEvaluator.Score.risk(Baselines.RECENCY, spec.baselines().recencyColumn())));
    cIndex.forEach((name, c) -> {
      String role = name.equals(WEIBULL) || name.equals(CLASSIFIER) ? "model" : "baseline";
      out.add(row(asOf, holdout, OVERALL, name, role, "c_index", c.overall().index()));
      c.bySegment().forEach((segment, v) ->
          out.add(row(asOf, holdout, segment, name, role, "c_index", v.index())));
    });
    cIndex.get(WEIBULL).bySegment().forEach((s, c) -> survivalConcordance.put(s, c.index()));
    return out;
  }

  private static List<Row> binaryRows(LocalDate asOf, LocalDate holdout, String name,
      String role, BySegment<BinaryMetrics> metrics) {
    List<Row> out = new ArrayList<>();
    addBinary(out, asOf, holdout, OVERALL, name, role, metrics.overall());
    metrics.bySegment().forEach((s, m) -> addBinary(out, asOf, holdout, s, name, role, m));
    return out;
  }

  private static void addBinary(List<Row> out, LocalDate asOf, LocalDate holdout, String segment,
      String name, String role, BinaryMetrics m) {
    m.toMap().forEach((metric, v) -> out.add(row(asOf, holdout, segment, name, role, metric, v)));
    for (CalibrationBin b : m.calibration()) {
      String bin = String.format(java.util.Locale.ROOT, "calibration_bin_%02d_", b.bin());
      out.add(row(asOf, holdout, segment, name, role, bin + "mean_predicted", b.meanPredicted()));
      out.add(row(asOf, holdout, segment, name, role, bin + "observed_rate", b.observedRate()));
      out.add(row(asOf, holdout, segment, name, role, bin + "rows", (double) b.rows()));
    }
  }

  private static Row row(LocalDate asOf, LocalDate holdout, String segment, String model,
      String role, String metric, double value) {
    return RowFactory.create(Date.valueOf(asOf), Date.valueOf(holdout), segment, model, role,
        metric, Double.isNaN(value) ? null : value);
  }

  /**
   * The champion classifier's metric comparable with the new model's validation metric, or empty
   * when there is nothing to compare (the champion is this very run, or its metric is unknown):
   * then the new model is judged on its baseline alone.
   *
   * <p>Comparable means out of sample for both. When the new validation snapshots all come after
   * the champion's training window, the champion's saved pipeline is re-scored on them. Otherwise
   * the champion has seen those rows (the same cut-off retrained with other settings): re-scoring
   * would favour it, so its own recorded validation metric is used, which was measured on the
   * same validation snapshots when the cut-off is the same.
   */
  private Optional<Double> incumbentClassifier(ModelRun champion, Dataset<Row> rows,
      FittedClassifier fresh, String freshRunId) {
    if (champion.runId().equals(freshRunId)) {
      return Optional.empty();
    }
    String metric = "validation_" + spec.classifier().selectionMetric();
    if (!fresh.validationStart().isAfter(champion.trainingWindowEnd())) {
      return Optional.ofNullable(champion.metrics().get(metric)).filter(v -> !v.isNaN());
    }
    try {
      String snapshot = spec.classifier().snapshotColumn();
      Dataset<Row> validation = rows
          .where(col(snapshot).geq(lit(Date.valueOf(fresh.validationStart())))
              .and(col(snapshot).leq(lit(Date.valueOf(fresh.validationEnd()))))
              .and(col(spec.classifier().segmentColumn()).equalTo(champion.segment())));
      PipelineModel model = ModelArtifacts.load(champion.artifactPath());
      Dataset<Row> scored = model.transform(validation).withColumn("_incumbent",
          OnsetScoring.calibration(champion).apply(Candidate.POSITIVE_PROBABILITY));
      BinaryMetrics m = new BinaryEvaluator(spec.evaluation())
          .evaluate(scored, ScoreColumn.probability("incumbent", "_incumbent")).overall();
      return Optional.of(m.metric(spec.classifier().selectionMetric()));
    } catch (RuntimeException e) {
      LOG.warn("champion {} of segment {} cannot be re-scored ({}); judging without it",
          champion.runId(), champion.segment(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The champion survival model's C-index comparable with the new model's backtest C-index: on
   * the holdout when that comes after the champion's training window, else its recorded one.
   */
  private Optional<Double> incumbentSurvival(ModelRun champion, Dataset<Row> holdout,
      LocalDate holdoutDate) {
    if (!holdoutDate.isAfter(champion.trainingWindowEnd())) {
      return Optional.ofNullable(champion.metrics().get("validation_c_index"))
          .filter(v -> !v.isNaN());
    }
    try {
      Double shape = champion.metrics().get("weibull_shape");
      PipelineModel model = ModelArtifacts.load(champion.artifactPath());
      Dataset<Row> scored = OnsetScoring.survivalColumns(model.transform(holdout
          .where(col(spec.survival().segmentColumn()).equalTo(champion.segment()))), shape,
          spec.horizonDays());
      Concordance c = new ConcordanceEvaluator(spec.concordance())
          .ofPredictedTimes(scored, OnsetScoring.EXPECTED_DAYS_TO_ONSET).overall();
      return Optional.of(c.index()).filter(v -> !v.isNaN());
    } catch (RuntimeException e) {
      LOG.warn("survival champion {} of segment {} cannot be re-scored ({}); judging without it",
          champion.runId(), champion.segment(), e.getMessage());
      return Optional.empty();
    }
  }
}
