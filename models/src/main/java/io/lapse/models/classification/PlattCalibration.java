package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;

import io.lapse.models.optim.DampedNewton;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Platt scaling: calibrated p = sigmoid(slope x logit(p) + intercept), fitted by MLlib's logistic
 * regression on a snapshot later than the one the model was trained on, so that a predicted 0.3
 * means 30% on data the model has not seen (the positive rate drifts between snapshots). Chosen
 * over isotonic regression because it keeps the model's ranking (no ties) and has two parameters
 * to estimate from one validation snapshot.
 *
 * @param slope multiplies the model's log-odds (1 when the model is already calibrated)
 * @param intercept shifts them (0 when the model is already calibrated)
 */
public record PlattCalibration(double slope, double intercept) {

  public static final String SLOPE = "calibration_slope";
  public static final String INTERCEPT = "calibration_intercept";
  private static final double EPSILON = 1e-9;
  private static final String LOGIT = "_platt_logit";
  private static final String FEATURES = "_platt_features";

  public PlattCalibration {
    if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
      throw new IllegalArgumentException("calibration slope and intercept must be finite but were "
          + slope + " and " + intercept);
    }
  }

  public static PlattCalibration identity() {
    return new PlattCalibration(1.0, 0.0);
  }

  /**
   * Fits the calibration on scored rows.
   *
   * @param scored rows with the model's probability and the 0/1 label
   */
  public static PlattCalibration fit(Dataset<Row> scored, String probabilityColumn,
      String labelColumn) {
    double[] fit = logistic(scored, probabilityColumn, logit(col(probabilityColumn)), labelColumn,
        false);
    // A slope <= 0 would reverse or erase the model's ranking: the validation snapshot says the
    // model is no better than chance there; leave its probabilities as they are.
    return fit[0] > 0 ? new PlattCalibration(fit[0], fit[1]) : identity();
  }

  /**
   * Fits sigmoid(slope x score + intercept) to a score that is no probability (recency in days,
   * say): a logistic regression on that one score, which keeps its ranking when the slope is
   * positive. Unlike {@link #fit}, the slope is kept whatever its sign: it is the model.
   *
   * @param scored rows with the score and the 0/1 label
   */
  public static PlattCalibration fitScore(Dataset<Row> scored, String scoreColumn,
      String labelColumn) {
    // Standardized only to condition the optimizer (days run into the hundreds): without
    // regularization the fitted function is the same, and MLlib returns the original scale.
    double[] fit = logistic(scored, scoreColumn, col(scoreColumn).cast("double"), labelColumn,
        true);
    return new PlattCalibration(fit[0], fit[1]);
  }

  /** The probability of a score calibrated by {@link #fitScore}. */
  public Column applyToScore(Column score) {
    return sigmoid(score.cast("double").multiply(slope).plus(intercept));
  }

  /** The calibrated probability of a probability column. */
  public Column apply(Column probability) {
    return sigmoid(logit(probability).multiply(slope).plus(intercept));
  }

  /**
   * Slope and intercept of the logistic regression of the label on one input, over the rows where
   * the score is set: in this JVM ({@link NewtonLogistic}) when there are at most
   * {@link DampedNewton#MAX_ROWS} of them (one Spark job instead of an MLlib fit's dozen), else
   * by MLlib.
   */
  private static double[] logistic(Dataset<Row> scored, String scoreColumn, Column input,
      String labelColumn, boolean standardize) {
    Dataset<Row> rows = scored.where(col(scoreColumn).isNotNull())
        .select(input.as(LOGIT), col(labelColumn).cast("double").as(labelColumn));
    List<Row> local = rows.limit((int) DampedNewton.MAX_ROWS + 1).collectAsList();
    if (local.size() <= DampedNewton.MAX_ROWS) {
      if (local.isEmpty()) {
        throw new IllegalArgumentException("calibration of '" + scoreColumn + "' has no rows"
            + " with a score");
      }
      double[][] x = new double[local.size()][];
      double[] y = new double[local.size()];
      for (int i = 0; i < y.length; i++) {
        x[i] = new double[] {local.get(i).getDouble(0)};
        y[i] = local.get(i).getDouble(1);
      }
      NewtonLogistic.Fit fit = NewtonLogistic.fit(x, y, 0.0, 100);
      return new double[] {fit.coefficients()[0], fit.intercept()};
    }
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {LOGIT})
        .setOutputCol(FEATURES).transform(rows);
    LogisticRegressionModel m = new LogisticRegression().setFeaturesCol(FEATURES)
        .setLabelCol(labelColumn).setRegParam(0.0).setStandardization(standardize).setMaxIter(100)
        .fit(assembled);
    return new double[] {m.coefficients().apply(0), m.intercept()};
  }

  private static Column sigmoid(Column z) {
    return lit(1.0).divide(lit(1.0).plus(exp(z.multiply(-1))));
  }

  private static Column logit(Column p) {
    Column clipped = least(greatest(p.cast("double"), lit(EPSILON)), lit(1 - EPSILON));
    return log(clipped.divide(lit(1.0).minus(clipped)));
  }
}
