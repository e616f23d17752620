package io.lapse.models.onset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.features.engagement.LabelSpec;
import io.lapse.features.engagement.LifecycleStage;
import io.lapse.models.classification.BaselineSpec;
import io.lapse.models.classification.Baselines;
import io.lapse.models.classification.Candidate;
import io.lapse.models.classification.FittedClassifier;
import io.lapse.models.classification.PlattCalibration;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.models.registry.ModelArtifacts;
import io.lapse.models.registry.ModelRun;
import io.lapse.models.registry.ModelRuns;
import io.lapse.models.survival.Weibull;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores customers with the champion onset models of their segment. A segment without a champion
 * of its own uses the global (ALL) champion; without that either (the models lost to a baseline,
 * or none were trained), the probability comes from the baseline that ranked best on the latest
 * validation of the segment (or of ALL), made a probability by the calibration fitted on those
 * rows, with run id {@code baseline:<name>} (e.g. {@code baseline:recency_days}); with no
 * validation at all, from Kaplan-Meier as it is ({@value #KAPLAN_MEIER_BASELINE}). The expected
 * days stay null.
 * Every engaged customer is scored by a model, lapsed ones included, with the probability that
 * the label's event happens within H ({@value #DISENGAGE_LABEL} states which label). Only under
 * the onset label, which asks nothing of a customer already dis-engaged, do lapsed customers get
 * probability 1 and tier {@value #LAPSED_TIER}. Customers never engaged get no probability and
 * tier {@value #NOT_ENGAGED_TIER}.
 */
public final class OnsetScoring {

  public static final String P_DISENGAGE = "p_disengage";
  public static final String DISENGAGE_HORIZON_DAYS = "disengage_horizon_days";
  /** The question p_disengage answers ({@link LabelSpec#describe()}). */
  public static final String DISENGAGE_LABEL = "disengage_label";
  public static final String EXPECTED_DAYS_TO_ONSET = "expected_days_to_onset";
  public static final String P_ONSET_SURVIVAL = "p_onset_within_h_survival";
  public static final String RISK_TIER = "risk_tier";
  public static final String CLASSIFIER_RUN_ID = "classifier_run_id";
  public static final String SURVIVAL_RUN_ID = "survival_run_id";
  public static final String BASELINE_RUN_PREFIX = "baseline:";
  public static final String KAPLAN_MEIER_BASELINE = BASELINE_RUN_PREFIX + Baselines.KAPLAN_MEIER;
  public static final String LAPSED_TIER = "lapsed";
  public static final String NOT_ENGAGED_TIER = "not_engaged";
  /** The columns {@link #score} adds, in order. */
  public static final List<String> COLUMNS = List.of(P_DISENGAGE, DISENGAGE_LABEL,
      DISENGAGE_HORIZON_DAYS,
      EXPECTED_DAYS_TO_ONSET, P_ONSET_SURVIVAL, RISK_TIER, CLASSIFIER_RUN_ID, SURVIVAL_RUN_ID);

  private static final String SCALE = "_aft_scale";
  private static final String ID = EngagementFeatures.CUSTOMER_ID;

  private final OnsetSpec spec;

  public OnsetScoring(OnsetSpec spec) {
    this.spec = spec;
  }

  /**
   * @param rows one date's features enriched by {@link OnsetInputs} (customer_id, segment,
   *     lifecycle_stage, engaged_days, the model features and km_p_disengage)
   * @param modelRuns the registry, if it exists
   * @return {@code rows} with {@link #COLUMNS} added
   */
  public Dataset<Row> score(Dataset<Row> rows, Optional<Dataset<Row>> modelRuns) {
    Map<String, ModelRun> classifiers = new TreeMap<>();
    Map<String, ModelRun> survival = new TreeMap<>();
    Map<String, ModelRun> latestClassifiers = new TreeMap<>();
    if (modelRuns.isPresent()) {
      for (Row r : ModelRuns.currentChampions(modelRuns.get()).collectAsList()) {
        ModelRun run = ModelRuns.fromRow(r);
        (run.task().equals(ModelRun.CLASSIFIER) ? classifiers : survival).put(run.segment(), run);
      }
      for (Row r : ModelRuns.latestRuns(modelRuns.get()
          .where(col("task").equalTo(ModelRun.CLASSIFIER))).collectAsList()) {
        ModelRun run = ModelRuns.fromRow(r);
        latestClassifiers.put(run.segment(), run);
      }
    }
    Column stage = col(EngagementFeatures.LIFECYCLE_STAGE);
    // Under the no-engagement label a lapsed customer has a question to answer (does the customer
    // stay away?) and the models are trained on lapsed customers too; the onset label has none.
    Column lapsed = spec.label().definition() == LabelSpec.Definition.ONSET
        ? functions.coalesce(stage.equalTo(LifecycleStage.LAPSED.code()), lit(false))
        : lit(false);
    Column engaged = col(EngagementFeatures.ENGAGED_DAYS).gt(0);
    Dataset<Row> eligible = rows.where(engaged.and(functions.not(lapsed)));
    List<String> segments = eligible.select(Segmenter.SEGMENT).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();

    Map<String, List<String>> byClassifier = new TreeMap<>();
    Map<String, List<String>> bySurvival = new TreeMap<>();
    Map<String, ModelRun> runsById = new TreeMap<>();
    Map<BaselineScore, List<String>> byBaseline = new TreeMap<>();
    for (String s : segments) {
      ModelRun c = classifiers.getOrDefault(s, classifiers.get(Segmenter.ALL));
      if (c == null) {
        Optional<ModelRun> latest = Optional.ofNullable(
            latestClassifiers.getOrDefault(s, latestClassifiers.get(Segmenter.ALL)));
        byBaseline.computeIfAbsent(baselineScore(spec.baselines(),
            spec.classifier().selectionMetric(), latest), k -> new ArrayList<>()).add(s);
      } else {
        byClassifier.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(s);
        runsById.put(c.runId(), c);
      }
      ModelRun v = survival.getOrDefault(s, survival.get(Segmenter.ALL));
      if (v != null) {
        bySurvival.computeIfAbsent(v.runId(), k -> new ArrayList<>()).add(s);
        runsById.put(v.runId(), v);
      }
    }

    Dataset<Row> probabilities = null;
    for (Map.Entry<String, List<String>> e : byClassifier.entrySet()) {
      ModelRun run = runsById.get(e.getKey());
      PipelineModel model = ModelArtifacts.load(run.artifactPath());
      Dataset<Row> part = model.transform(inSegments(eligible, e.getValue())).select(col(ID),
          calibration(run).apply(Candidate.POSITIVE_PROBABILITY).as(P_DISENGAGE),
          lit(e.getKey()).as(CLASSIFIER_RUN_ID));
      probabilities = probabilities == null ? part : probabilities.unionByName(part);
    }
    for (Map.Entry<BaselineScore, List<String>> e : byBaseline.entrySet()) {
      BaselineScore b = e.getKey();
      Dataset<Row> part = Baselines.withScores(inSegments(eligible, e.getValue()),
          spec.baselines()).select(col(ID), b.probability().as(P_DISENGAGE),
          lit(BASELINE_RUN_PREFIX + b.name()).as(CLASSIFIER_RUN_ID));
      probabilities = probabilities == null ? part : probabilities.unionByName(part);
    }
    Dataset<Row> times = null;
    for (Map.Entry<String, List<String>> e : bySurvival.entrySet()) {
      ModelRun run = runsById.get(e.getKey());
      PipelineModel model = ModelArtifacts.load(run.artifactPath());
      Dataset<Row> part = survivalColumns(model.transform(inSegments(eligible, e.getValue())),
          run.metrics().get("weibull_shape"), spec.horizonDays())
          .select(col(ID), col(EXPECTED_DAYS_TO_ONSET), col(P_ONSET_SURVIVAL),
              lit(e.getKey()).as(SURVIVAL_RUN_ID));
      times = times == null ? part : times.unionByName(part);
    }

    Dataset<Row> out = rows;
    out = probabilities == null
        ? out.withColumn(P_DISENGAGE, lit(null).cast(DataTypes.DoubleType))
            .withColumn(CLASSIFIER_RUN_ID, lit(null).cast(DataTypes.StringType))
        : out.join(probabilities, new String[] {ID}, "left");
    out = times == null
        ? out.withColumn(EXPECTED_DAYS_TO_ONSET, lit(null).cast(DataTypes.DoubleType))
            .withColumn(P_ONSET_SURVIVAL, lit(null).cast(DataTypes.DoubleType))
            .withColumn(SURVIVAL_RUN_ID, lit(null).cast(DataTypes.StringType))
        : out.join(times, new String[] {ID}, "left");
    Column p = when(lapsed, lit(1.0)).otherwise(col(P_DISENGAGE));
    return out
        .withColumn(P_DISENGAGE, p)
        .withColumn(DISENGAGE_LABEL, lit(spec.label().describe()))
        .withColumn(DISENGAGE_HORIZON_DAYS, lit(spec.horizonDays()))
        .withColumn(RISK_TIER, riskTier(lapsed, engaged))
        .withColumn(CLASSIFIER_RUN_ID,
            when(lapsed, lit("rule:" + LAPSED_TIER)).otherwise(col(CLASSIFIER_RUN_ID)))
        .select(outputOrder(rows));
  }

  private Column[] outputOrder(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (String c : rows.columns()) {
      cols.add(col("`" + c + "`"));
    }
    COLUMNS.forEach(c -> cols.add(col(c)));
    return cols.toArray(Column[]::new);
  }

  private Column riskTier(Column lapsed, Column engaged) {
    Column p = col(P_DISENGAGE);
    List<Double> cuts = spec.riskTierCuts();
    List<String> tiers = spec.riskTiers();
    Column tier = lit(tiers.get(tiers.size() - 1));
    for (int i = cuts.size() - 1; i >= 0; i--) {
      tier = when(p.lt(cuts.get(i)), lit(tiers.get(i))).otherwise(tier);
    }
    return when(lapsed, lit(LAPSED_TIER))
        .when(functions.not(functions.coalesce(engaged, lit(false))), lit(NOT_ENGAGED_TIER))
        .when(p.isNull(), lit(null).cast(DataTypes.StringType))
        .otherwise(tier);
  }

  /** A baseline served in place of a model: its score column and the calibration that makes it
   * a probability. */
  record BaselineScore(ScoreColumn score, PlattCalibration calibration)
      implements Comparable<BaselineScore> {

    String name() {
      return score.name();
    }

    Column probability() {
      return score.probability() ? calibration.apply(col(score.column()))
          : calibration.applyToScore(col(score.column()));
    }

    @Override
    public int compareTo(BaselineScore o) {
      return java.util.Comparator.comparing(BaselineScore::name)
          .thenComparingDouble(b -> b.calibration().slope())
          .thenComparingDouble(b -> b.calibration().intercept()).compare(this, o);
    }
  }

  /**
   * The servable baseline ({@link Baselines#servable}) with the best selection metric on the
   * validation rows of {@code latest} (the segment's newest classifier run, whatever its status),
   * calibrated as recorded there; Kaplan-Meier as it is when no run recorded a calibration.
   */
  static BaselineScore baselineScore(BaselineSpec columns, String metric,
      Optional<ModelRun> latest) {
    BaselineScore best = null;
    double bestMetric = Double.NEGATIVE_INFINITY;
    if (latest.isPresent()) {
      Map<String, Double> m = latest.get().metrics();
      for (ScoreColumn b : Baselines.scores(columns)) {
        Double value = m.get("baseline_" + b.name() + "_" + metric);
        Double slope = m.get(FittedClassifier.baselineCalibrationKey(b.name(),
            PlattCalibration.SLOPE));
        Double intercept = m.get(FittedClassifier.baselineCalibrationKey(b.name(),
            PlattCalibration.INTERCEPT));
        if (Baselines.servable(b) && value != null && !value.isNaN() && slope != null
            && intercept != null && value > bestMetric) {
          best = new BaselineScore(b, new PlattCalibration(slope, intercept));
          bestMetric = value;
        }
      }
    }
    return best != null ? best : new BaselineScore(ScoreColumn.probability(
        Baselines.KAPLAN_MEIER, OnsetInputs.KM_P_DISENGAGE), PlattCalibration.identity());
  }

  /** The Platt calibration recorded with a classifier run (none for runs recorded before it). */
  static PlattCalibration calibration(ModelRun run) {
    Double slope = run.metrics().get(PlattCalibration.SLOPE);
    Double intercept = run.metrics().get(PlattCalibration.INTERCEPT);
    return slope == null || intercept == null ? PlattCalibration.identity()
        : new PlattCalibration(slope, intercept);
  }

  private static Dataset<Row> inSegments(Dataset<Row> rows, List<String> segments) {
    return rows.where(col(Segmenter.SEGMENT).isin(segments.toArray()));
  }

  /**
   * Expected days to onset and P(onset within H) from a Weibull AFT pipeline's output: its
   * prediction is the Weibull scale, the shape is recorded with the run.
   */
  static Dataset<Row> survivalColumns(Dataset<Row> transformed, Double shape, int horizonDays) {
    if (shape == null || !(shape > 0)) {
      throw new IllegalArgumentException("survival run has no positive weibull_shape: " + shape);
    }
    Column scale = col(SCALE);
    return transformed
        .withColumn(EXPECTED_DAYS_TO_ONSET, scale.multiply(Weibull.meanFactor(shape)))
        .withColumn(P_ONSET_SURVIVAL, lit(1.0).minus(
            exp(pow(lit((double) horizonDays).divide(scale), shape).multiply(-1))));
  }
}
