package io.lapse.models.optim;

import java.util.Arrays;

/**
 * Features centred and scaled to unit variance, so that a Newton step is well conditioned
 * whatever the features' units (days in the hundreds beside probabilities), with the map of
 * coefficients back to the original scale. A constant feature enters as 0 with scale 1, so its
 * coefficient stays 0.
 */
public final class StandardizedFeatures {

  private final double[][] z;
  private final double[] mean;
  private final double[] scale;

  private StandardizedFeatures(double[][] z, double[] mean, double[] scale) {
    this.z = z;
    this.mean = mean;
    this.scale = scale;
  }

  /** @param x rows of features, all of the same length, no NaN */
  public static StandardizedFeatures of(double[][] x) {
    int n = x.length;
    if (n == 0) {
      throw new IllegalArgumentException("a fit needs at least one row but got none");
    }
    int p = x[0].length;
    double[] mean = new double[p];
    double[] scale = new double[p];
    boolean[] constant = new boolean[p];
    Arrays.fill(constant, true);
    for (double[] row : x) {
      if (row.length != p) {
        throw new IllegalArgumentException("every row needs " + p + " features but one has "
            + row.length);
      }
      for (int j = 0; j < p; j++) {
        if (Double.isNaN(row[j])) {
          throw new IllegalArgumentException("feature " + j + " is NaN in a row; impute first");
        }
        mean[j] += row[j] / n;
        constant[j] &= row[j] == x[0][j];
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < p; j++) {
      if (constant[j]) {
        mean[j] = x[0][j];
      }
      scale[j] = constant[j] ? 1.0 : Math.sqrt(scale[j]);
    }
    double[][] z = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        z[i][j] = (x[i][j] - mean[j]) / scale[j];
      }
    }
    return new StandardizedFeatures(z, mean, scale);
  }

  public int rows() {
    return z.length;
  }

  public int features() {
    return mean.length;
  }

  /** Row i, standardized (the array itself: do not change it). */
  public double[] row(int i) {
    return z[i];
  }

  /**
   * theta[p] + theta[0..p-1] . row i: the linear predictor of row i with coefficients on the
   * standardized scale followed by the intercept.
   */
  public double linear(int i, double[] theta) {
    double[] row = z[i];
    double eta = theta[row.length];
    for (int j = 0; j < row.length; j++) {
      eta += theta[j] * row[j];
    }
    return eta;
  }

  /** The standard deviation of feature j (1 for a constant feature). */
  public double scale(int j) {
    return scale[j];
  }

  /** Coefficients on the original scale of coefficients {@code b} on the standardized one. */
  public double[] originalCoefficients(double[] b) {
    double[] out = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      out[j] = b[j] / scale[j];
    }
    return out;
  }

  /** The intercept on the original scale: what the centring moved into the coefficients. */
  public double originalIntercept(double intercept, double[] b) {
    double out = intercept;
    for (int j = 0; j < b.length; j++) {
      out -= b[j] / scale[j] * mean[j];
    }
    return out;
  }
}
