package io.lapse.jobs.quality;

/**
 * lapse.data-quality: the declared checks of every ingest and their thresholds.
 *
 * @param volumeLevel level of the row-volume check
 * @param volumeMinRatio lowest accepted records per window day, as a share of the recent mean
 * @param volumeMaxRatio highest accepted records per window day, as a share of the recent mean
 * @param volumeLookbackRuns how many earlier runs make the recent mean
 * @param quarantineLevel level of the quarantine-rate check
 * @param quarantineMaxRate highest share of quarantined records among the run's records
 * @param nullLevel level of the null-rate checks of the key columns
 * @param nullMaxRate highest share of records missing a key column
 * @param coverageLevel level of the date-coverage check
 * @param coverageMinShare lowest share of window days that have accepted records
 */
public record DataQualitySettings(
    CheckLevel volumeLevel, double volumeMinRatio, double volumeMaxRatio, int volumeLookbackRuns,
    CheckLevel quarantineLevel, double quarantineMaxRate,
    CheckLevel nullLevel, double nullMaxRate,
    CheckLevel coverageLevel, double coverageMinShare) {

  public DataQualitySettings {
    if (!(volumeMinRatio >= 0 && volumeMinRatio <= volumeMaxRatio)) {
      throw new IllegalArgumentException("row-volume needs 0 <= min-ratio <= max-ratio but were "
          + volumeMinRatio + ", " + volumeMaxRatio);
    }
    if (volumeLookbackRuns <= 0) {
      throw new IllegalArgumentException(
          "row-volume lookback-runs must be > 0 but was " + volumeLookbackRuns);
    }
    requireShare("quarantine-rate max", quarantineMaxRate);
    requireShare("null-rate max", nullMaxRate);
    requireShare("date-coverage min", coverageMinShare);
  }

  private static void requireShare(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1] but was " + v);
    }
  }
}
