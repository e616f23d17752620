package io.lapse.models.survival;

import io.lapse.models.classification.ClassifierSpec;
import io.lapse.models.classification.FallbackSpec;
import java.util.HashSet;
import java.util.List;

/**
 * Per-segment Weibull AFT models of the time to dis-engagement onset.
 *
 * @param featureColumns numeric feature columns (nulls imputed with the training median)
 * @param durationColumn days from the snapshot to the onset, or to censoring (> 0)
 * @param eventColumn whether the onset was observed (boolean, or numeric 1/0)
 * @param segmentColumn the segment of each row
 * @param snapshotColumn the snapshot date of each row (recorded as the training window)
 * @param horizonDays H of P(onset within H)
 * @param maxIter optimizer iterations of the AFT fit
 * @param tol optimizer tolerance of the AFT fit
 * @param fallback when a segment borrows its parent's or the global model; its class count is
 *     the number of observed onsets
 */
public record SurvivalSpec(
    List<String> featureColumns,
    String durationColumn,
    String eventColumn,
    String segmentColumn,
    String snapshotColumn,
    int horizonDays,
    int maxIter,
    double tol,
    FallbackSpec fallback) {

  public SurvivalSpec {
    featureColumns = List.copyOf(featureColumns);
    if (featureColumns.isEmpty()) {
      throw new IllegalArgumentException("survival feature columns must not be empty");
    }
    if (new HashSet<>(featureColumns).size() != featureColumns.size()) {
      throw new IllegalArgumentException("survival feature columns must be distinct but were "
          + featureColumns);
    }
    for (String[] c : new String[][] {{"duration", durationColumn}, {"event", eventColumn},
        {"segment", segmentColumn}, {"snapshot", snapshotColumn}}) {
      if (c[1] == null || c[1].isBlank()) {
        throw new IllegalArgumentException("survival " + c[0] + " column must be set but was '"
            + c[1] + "'");
      }
      if (featureColumns.contains(c[1])) {
        throw new IllegalArgumentException("survival " + c[0] + " column '" + c[1]
            + "' must not be a feature column");
      }
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("survival horizon-days must be >= 1 but was "
          + horizonDays);
    }
    if (maxIter < 1) {
      throw new IllegalArgumentException("survival max-iter must be >= 1 but was " + maxIter);
    }
    if (!(tol > 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException("survival tol must be > 0 but was " + tol);
    }
  }

  /** Transaction features, duration_days / event, H = 30, 100 iterations, tol 1e-6. */
  public static SurvivalSpec defaults() {
    return new SurvivalSpec(ClassifierSpec.TRANSACTION_FEATURES, "duration_days", "event",
        "segment", "snapshot_date", 30, 100, 1e-6, FallbackSpec.defaults());
  }

  public SurvivalSpec withFeatureColumns(List<String> columns) {
    return new SurvivalSpec(columns, durationColumn, eventColumn, segmentColumn, snapshotColumn,
        horizonDays, maxIter, tol, fallback);
  }

  public SurvivalSpec withHorizonDays(int days) {
    return new SurvivalSpec(featureColumns, durationColumn, eventColumn, segmentColumn,
        snapshotColumn, days, maxIter, tol, fallback);
  }

  public SurvivalSpec withFallback(FallbackSpec f) {
    return new SurvivalSpec(featureColumns, durationColumn, eventColumn, segmentColumn,
        snapshotColumn, horizonDays, maxIter, tol, f);
  }
}
