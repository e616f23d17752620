package io.lapse.jobs.quality;

/**
 * One evaluated check: a row of the data_quality table.
 *
 * @param value the measured value, null when it cannot be measured yet (e.g. no history)
 * @param threshold the bound it was held to, as text (e.g. "<= 0.05")
 */
public record CheckResult(
    String check, CheckLevel level, Double value, String threshold, boolean passed,
    String message) {

  public boolean failsTheRun() {
    return level == CheckLevel.ERROR && !passed;
  }
}
