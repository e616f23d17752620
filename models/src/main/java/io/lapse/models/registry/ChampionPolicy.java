package io.lapse.models.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * When a newly trained model replaces the champion.
 *
 * <p>In order: a model whose metric is undefined, or that does not beat its best baseline on the
 * same rows, is rejected (scoring then keeps the champion or the baseline). Otherwise it becomes
 * champion when there is none, or when it is not worse than the champion by more than the
 * tolerance; else it is kept as a challenger. The tolerance lets a retrained model on newer data
 * replace a champion that is equally good within noise.
 *
 * @param metric the metrics-map key compared (e.g. validation_roc_auc)
 * @param higherIsBetter the metric's direction
 * @param tolerance how much worse than the champion a new model may be and still replace it (>= 0)
 */
public record ChampionPolicy(String metric, boolean higherIsBetter, double tolerance) {

  public ChampionPolicy {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("champion metric must be set but was '" + metric + "'");
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("champion tolerance must be >= 0 but was " + tolerance);
    }
  }

  /** validation_roc_auc, higher is better, tolerance 0.005. */
  public static ChampionPolicy defaults() {
    return new ChampionPolicy("validation_roc_auc", true, 0.005);
  }

  public ChampionPolicy withTolerance(double t) {
    return new ChampionPolicy(metric, higherIsBetter, t);
  }

  /**
   * @param candidate the new model's metric
   * @param bestBaseline name of its best baseline on the same rows, empty when none
   * @param bestBaselineMetric that baseline's metric (ignored when there is none)
   * @param champion the current champion, if any
   */
  public Decision decide(double candidate, String bestBaseline, double bestBaselineMetric,
      Optional<Incumbent> champion) {
    if (Double.isNaN(candidate)) {
      return new Decision(ModelStatus.REJECTED, metric + " is undefined (NaN) on the validation"
          + " rows");
    }
    if (!bestBaseline.isEmpty() && !better(candidate, bestBaselineMetric)) {
      return new Decision(ModelStatus.REJECTED, metric + " " + fmt(candidate)
          + " does not beat baseline " + bestBaseline + " " + fmt(bestBaselineMetric)
          + " on the same rows");
    }
    if (champion.isEmpty()) {
      return new Decision(ModelStatus.CHAMPION, "no current champion; " + metric + " "
          + fmt(candidate) + (bestBaseline.isEmpty() ? "" : " beats baseline " + bestBaseline
          + " " + fmt(bestBaselineMetric)));
    }
    Incumbent c = champion.get();
    double worseBy = higherIsBetter ? c.metric() - candidate : candidate - c.metric();
    if (worseBy <= tolerance) {
      return new Decision(ModelStatus.CHAMPION, metric + " " + fmt(candidate) + " vs champion "
          + c.runId() + " " + fmt(c.metric()) + (worseBy > 0 ? ": worse by " + fmt(worseBy)
          + ", within tolerance " + fmt(tolerance) : ": not worse"));
    }
    return new Decision(ModelStatus.CHALLENGER, metric + " " + fmt(candidate)
        + " is worse than champion " + c.runId() + " " + fmt(c.metric()) + " by "
        + fmt(worseBy) + " > tolerance " + fmt(tolerance));
  }

  private boolean better(double a, double b) {
    return higherIsBetter ? a > b : a < b;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
