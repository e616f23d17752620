package io.lapse.models.classification;

import io.lapse.features.CustomerFeatures;
import io.lapse.models.evaluation.BinaryMetrics;
import java.util.HashSet;
import java.util.List;

/**
 * Per-segment classifiers of "dis-engagement begins within H days".
 *
 * @param featureColumns numeric feature columns (nulls are imputed with the training median)
 * @param labelColumn 0/1 label (numeric or boolean)
 * @param snapshotColumn the snapshot (as-of) date of each example
 * @param segmentColumn the segment of each example
 * @param horizonDays H; also the embargo between training and validation snapshots
 * @param validationSnapshots how many of the latest snapshots choose the hyper-parameters
 * @param grid the candidates
 * @param selectionMetric {@link BinaryMetrics#ROC_AUC} (default: it does not move with the
 *     positive rate, which differs between snapshots) or {@link BinaryMetrics#PR_AUC}
 * @param seed seed of every randomized step, recorded with the model
 * @param fallback when a segment borrows its parent's or the global model
 * @param transforms monotone re-expressions of features (log1p, logit) before the model
 * @param calibrate true: the chosen candidate, as fitted on the training snapshots, is kept and
 *     its probabilities are Platt-calibrated on the later validation snapshots; false: it is
 *     refitted on every snapshot and used uncalibrated
 * @param selectionStandardErrors the one-standard-error rule: the first candidate of the grid
 *     (the grid lists the simpler ones first) whose validation metric is within this many
 *     standard errors of the best candidate's is chosen; 0 chooses the best. A more complex
 *     model has to win by more than the noise of the validation rows.
 */
public record ClassifierSpec(
    List<String> featureColumns,
    String labelColumn,
    String snapshotColumn,
    String segmentColumn,
    int horizonDays,
    int validationSnapshots,
    CandidateGrid grid,
    String selectionMetric,
    long seed,
    FallbackSpec fallback,
    FeatureTransforms transforms,
    boolean calibrate,
    double selectionStandardErrors) {

  public static final List<String> SELECTION_METRICS =
      List.of(BinaryMetrics.ROC_AUC, BinaryMetrics.PR_AUC);

  /**
   * The transaction-only features of {@link CustomerFeatures}, leaving out exact re-expressions
   * (repeat_days = active_days - 1, t_weeks = tenure_days / 7).
   */
  public static final List<String> TRANSACTION_FEATURES = List.of(
      CustomerFeatures.RECENCY_DAYS, CustomerFeatures.TENURE_DAYS, CustomerFeatures.ACTIVE_DAYS,
      CustomerFeatures.T_X_WEEKS, CustomerFeatures.TRANSACTIONS_30D,
      CustomerFeatures.TRANSACTIONS_90D, CustomerFeatures.TRANSACTIONS_365D,
      CustomerFeatures.TRANSACTIONS_TOTAL, CustomerFeatures.MONETARY_TOTAL,
      CustomerFeatures.MONETARY_MEAN, CustomerFeatures.LATENCY_MEAN_DAYS,
      CustomerFeatures.LATENCY_MEDIAN_DAYS);

  public ClassifierSpec {
    featureColumns = List.copyOf(featureColumns);
    if (featureColumns.isEmpty()) {
      throw new IllegalArgumentException("classifier feature columns must not be empty");
    }
    if (new HashSet<>(featureColumns).size() != featureColumns.size()) {
      throw new IllegalArgumentException("classifier feature columns must be distinct but were "
          + featureColumns);
    }
    for (String[] c : new String[][] {{"label", labelColumn}, {"snapshot", snapshotColumn},
        {"segment", segmentColumn}}) {
      if (c[1] == null || c[1].isBlank()) {
        throw new IllegalArgumentException("classifier " + c[0] + " column must be set but was '"
            + c[1] + "'");
      }
      if (featureColumns.contains(c[1])) {
        throw new IllegalArgumentException("classifier " + c[0] + " column '" + c[1]
            + "' must not be a feature column");
      }
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("classifier horizon-days must be >= 1 but was "
          + horizonDays);
    }
    if (validationSnapshots < 1) {
      throw new IllegalArgumentException("classifier validation-snapshots must be >= 1 but was "
          + validationSnapshots);
    }
    transforms.requireFeatures(featureColumns);
    if (!SELECTION_METRICS.contains(selectionMetric)) {
      throw new IllegalArgumentException("classifier selection-metric must be one of "
          + SELECTION_METRICS + " but was '" + selectionMetric + "'");
    }
    if (!(selectionStandardErrors >= 0) || Double.isInfinite(selectionStandardErrors)) {
      throw new IllegalArgumentException("classifier selection-standard-errors must be a finite"
          + " number >= 0 but was " + selectionStandardErrors);
    }
  }

  /** Transaction features, label "label", snapshot_date, segment, H = 30, one validation snapshot. */
  public static ClassifierSpec defaults() {
    return new ClassifierSpec(TRANSACTION_FEATURES, "label", "snapshot_date", "segment", 30, 1,
        CandidateGrid.defaults(), BinaryMetrics.ROC_AUC, 42L, FallbackSpec.defaults(),
        FeatureTransforms.none(), true, 0.0);
  }

  public ClassifierSpec withFeatureColumns(List<String> columns) {
    return new ClassifierSpec(columns, labelColumn, snapshotColumn, segmentColumn, horizonDays,
        validationSnapshots, grid, selectionMetric, seed, fallback,
        transforms.restrictedTo(columns), calibrate, selectionStandardErrors);
  }

  public ClassifierSpec withHorizonDays(int days) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn, days,
        validationSnapshots, grid, selectionMetric, seed, fallback, transforms, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withValidationSnapshots(int snapshots) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, snapshots, grid, selectionMetric, seed, fallback, transforms, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withGrid(CandidateGrid g) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, g, selectionMetric, seed, fallback, transforms, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withFallback(FallbackSpec f) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, grid, selectionMetric, seed, f, transforms, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withTransforms(FeatureTransforms t) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, grid, selectionMetric, seed, fallback, t, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withCalibration(boolean c) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, grid, selectionMetric, seed, fallback, transforms, c,
        selectionStandardErrors);
  }

  public ClassifierSpec withSeed(long s) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, grid, selectionMetric, s, fallback, transforms, calibrate,
        selectionStandardErrors);
  }

  public ClassifierSpec withSelectionStandardErrors(double z) {
    return new ClassifierSpec(featureColumns, labelColumn, snapshotColumn, segmentColumn,
        horizonDays, validationSnapshots, grid, selectionMetric, seed, fallback, transforms,
        calibrate, z);
  }
}
