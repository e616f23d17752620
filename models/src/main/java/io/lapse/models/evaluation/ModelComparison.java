package io.lapse.models.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Models and baselines evaluated on the same rows, with a verdict per model, segment and overall:
 * does the model beat its best baseline on the chosen metric?
 *
 * @param metric the metric of the verdicts
 * @param models metrics of each model score, by name
 * @param baselines metrics of each baseline score, by name
 * @param verdicts one per model for the overall rows, then one per model and segment
 */
public record ModelComparison(
    String metric,
    Map<String, BySegment<BinaryMetrics>> models,
    Map<String, BySegment<BinaryMetrics>> baselines,
    List<Verdict> verdicts) {

  public ModelComparison {
    models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
    baselines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
    verdicts = List.copyOf(verdicts);
  }

  /**
   * Evaluates every score on {@code rows} in one pass and compares each model with the best baseline per segment and overall. A baseline
   * whose value is NaN (e.g. a Brier score of a rank-only baseline) does not count.
   */
  public static ModelComparison compare(BinaryEvaluator evaluator, Dataset<Row> rows,
      List<ScoreColumn> models, List<ScoreColumn> baselines, String metric) {
    BinaryMetrics.higherIsBetter(metric);
    List<ScoreColumn> all = new ArrayList<>(models);
    all.addAll(baselines);
    Map<String, BySegment<BinaryMetrics>> evaluated = evaluator.evaluateAll(rows, all);
    Map<String, BySegment<BinaryMetrics>> m = new LinkedHashMap<>();
    Map<String, BySegment<BinaryMetrics>> b = new LinkedHashMap<>();
    models.forEach(s -> m.put(s.name(), evaluated.get(s.name())));
    baselines.forEach(s -> b.put(s.name(), evaluated.get(s.name())));
    return new ModelComparison(metric, m, b, verdicts(m, b, metric));
  }

  /** The same comparison judged on another metric, without evaluating anything again. */
  public ModelComparison on(String otherMetric) {
    return new ModelComparison(otherMetric, models, baselines,
        verdicts(models, baselines, otherMetric));
  }

  private static List<Verdict> verdicts(Map<String, BySegment<BinaryMetrics>> m,
      Map<String, BySegment<BinaryMetrics>> b, String metric) {
    boolean higher = BinaryMetrics.higherIsBetter(metric);
    List<Verdict> verdicts = new ArrayList<>();
    for (Map.Entry<String, BySegment<BinaryMetrics>> e : m.entrySet()) {
      verdicts.add(verdict(e.getKey(), Verdict.OVERALL, e.getValue().overall(), b, null, metric,
          higher));
    }
    for (Map.Entry<String, BySegment<BinaryMetrics>> e : m.entrySet()) {
      for (String segment : new TreeSet<>(e.getValue().bySegment().keySet())) {
        verdicts.add(verdict(e.getKey(), segment, e.getValue().bySegment().get(segment), b,
            segment, metric, higher));
      }
    }
    return verdicts;
  }

  /** The verdict of a model overall. */
  public Verdict overallVerdict(String model) {
    return verdicts.stream()
        .filter(v -> v.model().equals(model) && v.segment().equals(Verdict.OVERALL))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model '" + model + "'; models: "
            + models.keySet()));
  }

  private static Verdict verdict(String model, String label, BinaryMetrics metrics,
      Map<String, BySegment<BinaryMetrics>> baselines, String segment, String metric,
      boolean higher) {
    double value = metrics.metric(metric);
    String best = "";
    double bestValue = Double.NaN;
    for (Map.Entry<String, BySegment<BinaryMetrics>> e : baselines.entrySet()) {
      BinaryMetrics bm = segment == null ? e.getValue().overall()
          : e.getValue().bySegment().get(segment);
      if (bm == null) {
        continue;
      }
      double v = bm.metric(metric);
      if (Double.isNaN(v)) {
        continue;
      }
      if (best.isEmpty() || (higher ? v > bestValue : v < bestValue)) {
        best = e.getKey();
        bestValue = v;
      }
    }
    boolean beats = !Double.isNaN(value)
        && (best.isEmpty() || (higher ? value > bestValue : value < bestValue));
    return new Verdict(model, label, metric, value, best, bestValue, beats);
  }
}
