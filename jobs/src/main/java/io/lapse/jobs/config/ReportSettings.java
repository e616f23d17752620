package io.lapse.jobs.config;

/**
 * lapse.report: whether nightly writes the run's report, how many runs its run-over-run charts
 * show, and where it goes.
 *
 * @param folder where the report files go, each run under {@code <folder>/<D>/}
 */
public record ReportSettings(boolean enabled, int historyRuns, String folder) {

  public ReportSettings {
    if (historyRuns < 1) {
      throw new IllegalArgumentException("history-runs must be at least 1 but was " + historyRuns);
    }
  }

  /** The configured folder, or the lake's reporting layer when none is set. */
  static ReportSettings of(boolean enabled, int historyRuns, String path, LakeLayout lake) {
    return new ReportSettings(enabled, historyRuns, path.isBlank()
        ? lake.root() + "/08_reporting/reports"
        : ConfigValues.writableFolder(path, "lapse.report.path"));
  }
}
