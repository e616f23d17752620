package io.lapse.models.evaluation;

/**
 * How binary scores are evaluated.
 *
 * @param labelColumn the 0/1 label (numeric or boolean)
 * @param segmentColumn the segment of each row; metrics are given per segment and overall
 * @param calibrationBins number of quantile bins of the calibration table (10: deciles)
 * @param topFraction the top share of rows by score for lift and capture (0.1: top decile)
 */
public record BinaryEvaluationSpec(
    String labelColumn, String segmentColumn, int calibrationBins, double topFraction) {

  public BinaryEvaluationSpec {
    if (labelColumn == null || labelColumn.isBlank()) {
      throw new IllegalArgumentException("evaluation label column must be set but was '"
          + labelColumn + "'");
    }
    if (segmentColumn == null || segmentColumn.isBlank()) {
      throw new IllegalArgumentException("evaluation segment column must be set but was '"
          + segmentColumn + "'");
    }
    if (calibrationBins < 2) {
      throw new IllegalArgumentException(
          "evaluation calibration-bins must be >= 2 but was " + calibrationBins);
    }
    if (!(topFraction > 0 && topFraction <= 1)) {
      throw new IllegalArgumentException(
          "evaluation top-fraction must be in (0, 1] but was " + topFraction);
    }
  }

  /** label, segment, deciles, top decile. */
  public static BinaryEvaluationSpec defaults() {
    return new BinaryEvaluationSpec("label", "segment", 10, 0.1);
  }

  public BinaryEvaluationSpec withLabelColumn(String column) {
    return new BinaryEvaluationSpec(column, segmentColumn, calibrationBins, topFraction);
  }

  public BinaryEvaluationSpec withSegmentColumn(String column) {
    return new BinaryEvaluationSpec(labelColumn, column, calibrationBins, topFraction);
  }
}
