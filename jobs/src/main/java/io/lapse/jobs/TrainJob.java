package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.onset.OnsetInputs;
import io.lapse.models.onset.OnsetTraining;
import io.lapse.models.registry.ModelRun;
import io.lapse.models.registry.ModelRuns;
import io.lapse.models.training.BgNbdSegmentTrainer;
import io.lapse.models.training.ReturnTimeCurves;
import io.lapse.models.training.SegmentModel;
import io.lapse.models.training.SegmentModels;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Fits BG/NBD, Pareto/NBD (when enabled), the return-time Kaplan-Meier curve and Gamma-Gamma per
 * segment as of D into segment_models; then, when training examples exist, evaluates, trains and
 * registers the onset models (model_evaluation, model_runs).
 */
public final class TrainJob {

  private TrainJob() {}

  public static List<SegmentModel> run(JobContext ctx) {
    var config = ctx.config();
    Dataset<Row> features = ctx.reader().features(ctx.asOf());
    Dataset<Row> buyers = features.where(col("t_weeks").isNotNull());
    Map<String, SufficientStatistics> stats = BgNbdSegmentTrainer.sufficientStatistics(buyers);
    List<SegmentModel> models = new ArrayList<>(
        new BgNbdSegmentTrainer(config.bgnbd, config.bgnbdBoundary, config.segmentMinCustomers)
            .fit(stats, ctx.asOf()));
    models.addAll(ParetoNbdTraining.fit(config, stats, ctx.asOf()));
    Map<String, Long> sizes = new TreeMap<>();
    features.groupBy(Segmenter.SEGMENT).count().collectAsList()
        .forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
    models.addAll(ReturnTimeCurves.estimate(ctx.reader().engagedDays(),
        features.select("customer_id", Segmenter.SEGMENT), ctx.asOf(), sizes));
    models.addAll(SpendTraining.fit(ctx, buyers, sizes));
    ctx.outputs().writeAsOf(Table.SEGMENT_MODELS,
        SegmentModels.toDataFrame(ctx.spark(), ctx.asOf(), models), ctx.asOf());
    if (config.onsetEnabled && ctx.outputs().readIfExists(Table.TRAINING_EXAMPLES).isPresent()) {
      trainOnsetModels(ctx);
    }
    return models;
  }

  /** The backtest of the onset models alone, into model_evaluation (the evaluate job). */
  public static void evaluate(JobContext ctx) {
    Dataset<Row> examples = enrichedExamples(ctx);
    List<Row> evaluation = new OnsetTraining(ctx.spark(), ctx.config().onset)
        .evaluate(examples, ctx.asOf());
    writeEvaluation(ctx, evaluation);
  }

  private static void trainOnsetModels(JobContext ctx) {
    Dataset<Row> examples = enrichedExamples(ctx);
    Set<String> only = ctx.segments();
    OnsetTraining.Result result = new OnsetTraining(ctx.spark(), ctx.config().onset)
        .train(examples, ctx.outputs().readIfExists(Table.MODEL_RUNS), only, ctx.asOf());
    if (result.skipped().isPresent() || result.runs().isEmpty()) {
      // Nothing to register: scoring keeps the current champions, or the baseline.
      return;
    }
    writeEvaluation(ctx, result.evaluation());
    // Keyed by run: a rerun on the same inputs replaces its own rows (same run ids), while a
    // different model trained the same day is added next to the champion it was compared with.
    String predicate = Outputs.asOfPredicate(ctx.asOf()) + " AND run_id IN ("
        + quotedList(result.runs().stream().map(ModelRun::runId).distinct().toList()) + ")";
    if (!only.isEmpty()) {
      predicate += " AND segment IN (" + quotedList(List.copyOf(only)) + ")";
    }
    ctx.outputs().write(Table.MODEL_RUNS,
        ModelRuns.toDataFrame(ctx.spark(), result.runs())
            .withColumn("as_of_date", lit(Date.valueOf(ctx.asOf())))
            .withColumn(ModelRuns.REGISTERED_AT, current_timestamp()),
        predicate);
  }

  private static String quotedList(List<String> values) {
    return values.stream().map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(", "));
  }

  private static void writeEvaluation(JobContext ctx, List<Row> rows) {
    ctx.outputs().writeAsOf(Table.MODEL_EVALUATION,
        ctx.spark().createDataFrame(rows, OnsetTraining.EVALUATION), ctx.asOf());
  }

  /**
   * The training examples of this run's cut-off, with BG/NBD and Kaplan-Meier inputs. The table
   * holds the snapshots features last planned, and that was for D when its latest cutoff_date
   * (the validation snapshot's, D) is D.
   */
  private static Dataset<Row> enrichedExamples(JobContext ctx) {
    Dataset<Row> examples = ctx.outputs().read(Table.TRAINING_EXAMPLES);
    Row latest = examples.agg(functions.max(FeaturesJob.CUTOFF_DATE)).first();
    if (latest.isNullAt(0) || !latest.getDate(0).toLocalDate().equals(ctx.asOf())) {
      throw new IllegalStateException("no training examples with cutoff_date " + ctx.asOf()
          + (latest.isNullAt(0) ? "" : " (the latest is " + latest.getDate(0) + ")")
          + "; run features for " + ctx.asOf() + " before train");
    }
    List<LocalDate> snapshots = examples.select(EngagementFeatures.AS_OF_DATE).distinct()
        .collectAsList().stream().map(r -> r.getDate(0).toLocalDate()).sorted().toList();
    return OnsetInputs.enrich(ctx.spark(), examples, ctx.outputs().read(Table.ACTIVITY_DAILY),
        ctx.reader().engagedDays(), snapshots, EngagementFeatures.ENGAGEMENT_RECENCY_DAYS,
        ctx.config().onset);
  }
}
