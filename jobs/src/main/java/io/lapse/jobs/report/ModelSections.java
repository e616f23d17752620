package io.lapse.jobs.report;

import static io.lapse.jobs.report.Cells.format;
import static io.lapse.jobs.report.Cells.number;
import static io.lapse.jobs.report.Cells.text;
import static org.apache.spark.sql.functions.col;

import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.Charts.Bar;
import io.lapse.jobs.report.Charts.Series;
import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Text;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/** The model sections: evaluation against the baselines, what the models weigh, drift. */
final class ModelSections {

  static final String OVERALL = "ALL_SEGMENTS";
  private static final Pattern CALIBRATION = Pattern.compile(
      "calibration_bin_(\\d+)_(mean_predicted|observed_rate)");
  private static final List<String> SHOWN = List.of("roc_auc", "pr_auc", "brier", "top_lift",
      "c_index", "rows", "positives");
  private static final int MOST_WEIGHTS = 15;

  private ModelSections() {}

  /** model_evaluation of D: each model beside its baselines on the holdout snapshot. */
  static Section evaluation(ReportTables tables) {
    List<Row> rows = tables.rowsOfD(Table.MODEL_EVALUATION, col("segment"), col("role"),
        col("model"), col("metric"));
    if (rows.isEmpty()) {
      return new Section("Onset models against their baselines", List.of(new Text("No"
          + " model_evaluation rows of " + tables.asOf() + " (the onset models are off, or"
          + " there was no holdout snapshot yet).")));
    }
    // segment -> model -> metric -> value
    Map<String, Map<String, Map<String, Double>>> values = new TreeMap<>(overallFirst());
    Map<String, String> roles = new TreeMap<>();
    String holdout = text(rows.get(0), "holdout_date");
    for (Row r : rows) {
      values.computeIfAbsent(text(r, "segment"), s -> new TreeMap<>())
          .computeIfAbsent(text(r, "model"), m -> new TreeMap<>())
          .put(text(r, "metric"), number(r, "value"));
      roles.put(text(r, "model"), text(r, "role"));
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Text("Scored on the holdout snapshot " + holdout + ", whose outcome is known"
        + " by " + tables.asOf() + ": the models (role model) and the baselines they must beat."
        + " Lift is the positive rate in the top fraction of scores over the overall rate."));
    List<List<String>> table = new ArrayList<>();
    List<Bar> auc = new ArrayList<>();
    List<Bar> lift = new ArrayList<>();
    values.forEach((segment, models) -> models.forEach((model, m) -> {
      List<String> row = new ArrayList<>(List.of(segment, model, roles.get(model)));
      SHOWN.forEach(metric -> row.add(format(m.getOrDefault(metric, Double.NaN))));
      table.add(row);
      if (m.containsKey("roc_auc")) {
        auc.add(new Bar(model, segment, m.get("roc_auc")));
      }
      if (m.containsKey("top_lift")) {
        lift.add(new Bar(model, segment, m.get("top_lift")));
      }
    }));
    List<String> header = new ArrayList<>(List.of("segment", "model", "role"));
    header.addAll(SHOWN);
    blocks.add(new Report.Table(header, table));
    if (!auc.isEmpty()) {
      blocks.add(Charts.bars("roc-auc", "ROC AUC on the holdout snapshot " + holdout
          + " per segment, each model beside its baselines (model_evaluation).",
          "ROC AUC by segment", "segment", "ROC AUC", auc));
    }
    if (!lift.isEmpty()) {
      blocks.add(Charts.bars("top-lift", "Lift of the top-scored customers on the holdout"
          + " snapshot " + holdout + " (model_evaluation, metric top_lift).",
          "Lift in the top scores", "segment", "lift", lift));
    }
    Map<String, Map<String, Double>> overall = values.getOrDefault(OVERALL, Map.of());
    List<Series> calibration = new ArrayList<>();
    overall.forEach((model, m) -> calibrationCurve(model, m).ifPresent(calibration::add));
    if (!calibration.isEmpty()) {
      calibration.add(Series.reference("perfect calibration", new double[] {0, 1},
          new double[] {0, 1}));
      blocks.add(Charts.lines("calibration", "Observed rate against mean predicted probability"
          + " per score bin, all segments, holdout " + holdout + " (model_evaluation"
          + " calibration_bin_NN rows); on the diagonal a probability means what it says.",
          "Calibration", "mean predicted", "observed rate", calibration, List.of(), true));
    }
    return new Section("Onset models against their baselines", blocks);
  }

  private static java.util.Optional<Series> calibrationCurve(String model,
      Map<String, Double> metrics) {
    TreeMap<Integer, double[]> bins = new TreeMap<>();
    metrics.forEach((metric, v) -> {
      Matcher m = CALIBRATION.matcher(metric);
      if (m.matches() && !v.isNaN()) {
        double[] bin = bins.computeIfAbsent(Integer.parseInt(m.group(1)),
            b -> new double[] {Double.NaN, Double.NaN});
        bin[m.group(2).equals("mean_predicted") ? 0 : 1] = v;
      }
    });
    List<double[]> points = bins.values().stream()
        .filter(b -> !Double.isNaN(b[0]) && !Double.isNaN(b[1])).toList();
    if (points.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Series.of(model,
        points.stream().mapToDouble(b -> b[0]).toArray(),
        points.stream().mapToDouble(b -> b[1]).toArray()));
  }

  private static Comparator<String> overallFirst() {
    return Comparator.comparing((String s) -> !s.equals(OVERALL))
        .thenComparing(Comparator.naturalOrder());
  }

  /**
   * What the models behind D's scores weigh: the Weibull AFT coefficients model_runs records,
   * and the champion classifiers' coefficients (logistic regression, on standardized features)
   * or feature importances (trees), read from their saved pipelines.
   *
   * @param runIds the classifier and survival run ids D's scores name
   */
  static Section weights(ReportTables tables, Set<String> runIds) {
    List<Row> runs = tables.all(Table.MODEL_RUNS).map(m -> m
        .where(col("run_id").isin(runIds.toArray()))
        .withColumn("latest", functions.row_number().over(Window
            .partitionBy("run_id", "segment").orderBy(col("registered_at").desc())))
        .where(col("latest").equalTo(1)).orderBy("task", "segment").collectAsList())
        .orElse(List.of());
    if (runs.isEmpty()) {
      return new Section("What the models weigh", List.of(new Text("The scores of "
          + tables.asOf() + " name no registered model run (baselines only).")));
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Report.Table(List.of("run id", "task", "segment", "algorithm", "status",
        "trained on", "reason"), runs.stream().map(r -> List.of(text(r, "run_id"),
            text(r, "task"), text(r, "segment"), text(r, "algorithm"), text(r, "status"),
            text(r, "training_window_start") + " to " + text(r, "training_window_end"),
            text(r, "reason"))).toList()));
    // A fallback run serves several segments: one chart per run, naming them all.
    Map<String, List<Row>> byRun = new java.util.LinkedHashMap<>();
    runs.forEach(r -> byRun.computeIfAbsent(text(r, "run_id"), k -> new ArrayList<>()).add(r));
    byRun.forEach((runId, rowsOfRun) -> {
      Row run = rowsOfRun.get(0);
      boolean survival = text(run, "task").equals("onset_survival");
      String segments = String.join(", ", rowsOfRun.stream().map(r -> text(r, "segment"))
          .toList());
      String what = text(run, "algorithm") + " (run " + runId + ", used by " + segments + ")";
      Map<String, Double> weights = survival ? survivalCoefficients(run)
          : classifierWeights(text(run, "artifact_path"));
      if (weights.isEmpty()) {
        blocks.add(new Text(what + ": no coefficients or importances to show."));
        return;
      }
      boolean importances = !survival && weights.values().stream().allMatch(v -> v >= 0)
          && !text(run, "algorithm").contains("logistic");
      List<Map.Entry<String, Double>> largest = weights.entrySet().stream()
          .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) ->
              -Math.abs(e.getValue()))).limit(MOST_WEIGHTS).toList();
      String measure = importances ? "feature importance" : "coefficient";
      String meaning = importances ? "" : survival
          ? "; on the features' own scales, positive: longer until onset (log time)"
          : "; on standardized features, positive: more likely to dis-engage";
      blocks.add(Charts.bars("weights-" + PAliveMatrix.slug(runId), "The " + largest.size()
          + " largest " + measure + "s (by size) of " + what + meaning + ".",
          measure + "s, " + text(run, "algorithm") + ", " + segments, "feature", measure,
          largest.stream().map(e -> new Bar(measure, e.getKey(), e.getValue())).toList(),
          true));
    });
    return new Section("What the models weigh", blocks);
  }

  private static Map<String, Double> survivalCoefficients(Row run) {
    Map<String, Double> out = new TreeMap<>();
    Cells.map(run, "metrics").forEach((k, v) -> {
      if (k.startsWith("coef_") && v != null) {
        out.put(k.substring("coef_".length()), ((Number) v).doubleValue());
      }
    });
    return out;
  }

  private static Map<String, Double> classifierWeights(String artifactPath) {
    if (artifactPath.isBlank()) {
      return Map.of();
    }
    PipelineModel pipeline = PipelineModel.load(artifactPath);
    Transformer[] stages = pipeline.stages();
    String[] names = new String[0];
    for (Transformer stage : stages) {
      if (stage instanceof VectorAssembler assembler) {
        // The inputs carry the internal prefixes of the transform and imputation stages.
        names = java.util.Arrays.stream(assembler.getInputCols())
            .map(n -> n.replaceFirst("^_imputed_", "").replaceFirst("^_t_", ""))
            .toArray(String[]::new);
      }
    }
    Transformer last = stages[stages.length - 1];
    Vector weights;
    if (last instanceof LogisticRegressionModel lr) {
      weights = lr.coefficients();
    } else if (hasImportances(last)) {
      weights = featureImportances(last);
    } else {
      return Map.of();
    }
    Map<String, Double> out = new TreeMap<>();
    for (int i = 0; i < weights.size(); i++) {
      out.put(i < names.length && weights.size() == names.length ? names[i] : "feature " + i,
          weights.apply(i));
    }
    return out;
  }

  private static boolean hasImportances(Transformer model) {
    try {
      model.getClass().getMethod("featureImportances");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Tree ensembles of MLlib share no interface for featureImportances; they share the name. */
  private static Vector featureImportances(Transformer model) {
    try {
      return (Vector) model.getClass().getMethod("featureImportances").invoke(model);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the feature importances of " + model, e);
    }
  }

  /** The segments' t* and the models' holdout ROC AUC over the last runs. */
  static Section runOverRun(ReportTables tables, int historyRuns) {
    List<Block> blocks = new ArrayList<>();
    List<LocalDate> policyRuns = tables.lastRuns(Table.SEGMENT_POLICIES, historyRuns);
    tables.ofDates(Table.SEGMENT_POLICIES, policyRuns).ifPresent(p -> {
      List<Series> lines = overRuns(p.where(col("t_star").isNotNull())
          .select(functions.concat_ws(" ", col("segment"),
              functions.concat(functions.lit("("), col("timing_unit"), functions.lit(")"))),
              col("as_of_date"), col("t_star")).collectAsList(), tables.asOf());
      if (!lines.isEmpty()) {
        blocks.add(Charts.lines("t-star-over-runs", "t* of each segment (in its timing unit)"
            + " over the last " + policyRuns.size() + " runs up to " + tables.asOf()
            + " (segment_policies).", "t* over runs", "days from " + tables.asOf(), "t*", lines,
            List.of(), false));
      }
    });
    List<LocalDate> evaluationRuns = tables.lastRuns(Table.MODEL_EVALUATION, historyRuns);
    tables.ofDates(Table.MODEL_EVALUATION, evaluationRuns).ifPresent(e -> {
      List<Series> lines = overRuns(e.where(col("metric").equalTo("roc_auc")
              .and(col("segment").equalTo(OVERALL)).and(col("value").isNotNull()))
          .select(col("model"), col("as_of_date"), col("value")).collectAsList(), tables.asOf());
      if (!lines.isEmpty()) {
        blocks.add(Charts.lines("roc-auc-over-runs", "Holdout ROC AUC of each model and"
            + " baseline, all segments, over the last " + evaluationRuns.size() + " runs up to "
            + tables.asOf() + " (model_evaluation).",
            "ROC AUC over runs", "days from " + tables.asOf(), "ROC AUC", lines, List.of(),
            false));
      }
    });
    if (blocks.isEmpty()) {
      blocks.add(new Text("No segment policies or model evaluations up to " + tables.asOf()
          + " yet."));
    } else {
      blocks.add(0, new Text("Drift shows here first: a t* that jumps from one run to the next,"
          + " or a model whose holdout AUC falls toward its baselines'."));
    }
    return new Section("Run over run", blocks);
  }

  /** (name, as_of_date, value) rows as one series per name, x = days from D (0 or less). */
  private static List<Series> overRuns(List<Row> rows, LocalDate asOf) {
    Map<String, TreeMap<Long, Double>> byName = new TreeMap<>();
    for (Row r : rows) {
      LocalDate date = r.getDate(1).toLocalDate();
      byName.computeIfAbsent(r.getString(0), n -> new TreeMap<>())
          .put(date.toEpochDay(), ((Number) r.get(2)).doubleValue());
    }
    List<Series> out = new ArrayList<>();
    byName.forEach((name, points) -> {
      out.add(Series.of(name, points.keySet().stream()
          .mapToDouble(d -> d - asOf.toEpochDay()).toArray(),
          points.values().stream().mapToDouble(Double::doubleValue).toArray()));
    });
    return out;
  }
}
