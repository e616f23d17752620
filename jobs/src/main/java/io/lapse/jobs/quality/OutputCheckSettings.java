package io.lapse.jobs.quality;

import com.typesafe.config.Config;

/**
 * lapse.data-quality.output: the levels of the checks of the tables a run staged
 * ({@link OutputTable}), evaluated before anything is published, and the row-count bounds.
 *
 * @param uniqueKeyLevel level of the key check of every declared table
 * @param probabilityLevel level of the [0, 1] check of every probability column
 * @param featuresScoredLevel level of the check that every customer of features has a score row
 * @param rowCountLevel level of the row count of D against the latest earlier as-of date
 * @param rowCountMinRatio lowest rows of D as a share of the earlier date's
 * @param rowCountMaxRatio highest rows of D as a share of the earlier date's
 */
public record OutputCheckSettings(
    CheckLevel uniqueKeyLevel, CheckLevel probabilityLevel, CheckLevel featuresScoredLevel,
    CheckLevel rowCountLevel, double rowCountMinRatio, double rowCountMaxRatio) {

  public static final String PREFIX = "lapse.data-quality.output.";

  public OutputCheckSettings {
    if (!(rowCountMinRatio >= 0 && rowCountMinRatio <= rowCountMaxRatio)) {
      throw new IllegalArgumentException("row-count needs 0 <= min-ratio <= max-ratio but were "
          + rowCountMinRatio + ", " + rowCountMaxRatio);
    }
  }

  /** Reads {@value #PREFIX}*; a bad level is refused naming its key. */
  public static OutputCheckSettings from(Config c) {
    return new OutputCheckSettings(level(c, "unique-key"), level(c, "probability-range"),
        level(c, "features-scored"), level(c, "row-count"),
        c.getDouble(PREFIX + "row-count.min-ratio"), c.getDouble(PREFIX + "row-count.max-ratio"));
  }

  private static CheckLevel level(Config c, String check) {
    String key = PREFIX + check + ".level";
    return CheckLevel.parse(c.getString(key), key);
  }
}
