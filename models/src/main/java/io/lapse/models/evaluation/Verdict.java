package io.lapse.models.evaluation;

/**
 * Whether a model beats the best baseline on the same rows, for one segment or overall.
 *
 * @param model the model's score name
 * @param segment the segment, or {@link #OVERALL}
 * @param metric the metric compared
 * @param modelValue the model's value
 * @param bestBaseline the baseline with the best value, empty when no baseline has one
 * @param baselineValue that baseline's value (NaN when none)
 * @param beats whether the model is strictly better than the best baseline (true when there is
 *     no baseline to beat, false when the model's own value is undefined)
 */
public record Verdict(String model, String segment, String metric, double modelValue,
    String bestBaseline, double baselineValue, boolean beats) {

  public static final String OVERALL = "(overall)";

  /** A sentence for logs, reports and the model_runs reason. */
  public String describe() {
    if (bestBaseline.isEmpty()) {
      return model + " " + metric + " " + fmt(modelValue) + " in " + segment
          + ": no baseline to compare with";
    }
    return model + " " + metric + " " + fmt(modelValue) + (beats ? " beats " : " does not beat ")
        + "baseline " + bestBaseline + " " + fmt(baselineValue) + " in " + segment
        + " on the same rows";
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
