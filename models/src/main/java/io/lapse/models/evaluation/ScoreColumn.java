package io.lapse.models.evaluation;

/**
 * A column of scores to evaluate: higher means more likely to have the event.
 *
 * @param name how reports call it (a model or baseline name)
 * @param column the DataFrame column holding the score
 * @param probability whether the score is a probability of the labelled event; only then are the
 *     Brier score and calibration meaningful (rank-only baselines such as recency are not)
 */
public record ScoreColumn(String name, String column, boolean probability) {

  public ScoreColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("score name must be set but was '" + name + "'");
    }
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException(
          "score column of '" + name + "' must be set but was '" + column + "'");
    }
  }

  public static ScoreColumn probability(String name, String column) {
    return new ScoreColumn(name, column, true);
  }

  public static ScoreColumn rankOnly(String name, String column) {
    return new ScoreColumn(name, column, false);
  }
}
