package io.lapse.models.optim;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Asymptotic standard errors of positive maximum-likelihood estimates from the observed
 * information, the Hessian of -LL, taken by central differences of an analytic gradient: the
 * likelihoods fitted with {@link Lbfgs} have gradients but no closed-form Hessian.
 */
public final class ObservedInformation {

  /** The log-likelihood's gradient at {@code theta}, written into {@code gradientOut}. */
  @FunctionalInterface
  public interface Gradient {
    void at(double[] theta, double[] gradientOut);
  }

  /** Relative step of the central differences. */
  private static final double HESSIAN_STEP = 1e-5;

  private ObservedInformation() {}

  /**
   * Square roots of the diagonal of the inverse observed information at {@code theta} (all
   * coordinates positive); NaN for all when that Hessian is not positive definite, i.e. when
   * {@code theta} is not a proper interior maximum.
   */
  public static double[] standardErrors(double[] theta, Gradient gradient) {
    int dimension = theta.length;
    double[][] hessian = new double[dimension][dimension];
    double[] plus = new double[dimension];
    double[] minus = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      double h = HESSIAN_STEP * theta[j];
      double[] shifted = theta.clone();
      shifted[j] = theta[j] + h;
      gradient.at(shifted, plus);
      shifted[j] = theta[j] - h;
      gradient.at(shifted, minus);
      for (int i = 0; i < dimension; i++) {
        hessian[i][j] = -(plus[i] - minus[i]) / (2 * h);
      }
    }
    // Symmetrize, and scale to theta_i theta_j H_ij (the log-parameter Hessian at an optimum), so
    // that the Cholesky positivity threshold sees comparable diagonal entries whatever the
    // magnitudes of the parameters; the covariance of theta is then theta_i theta_j (H')^-1_ij.
    for (int i = 0; i < dimension; i++) {
      for (int j = 0; j <= i; j++) {
        double scaled = 0.5 * (hessian[i][j] + hessian[j][i]) * theta[i] * theta[j];
        hessian[i][j] = scaled;
        hessian[j][i] = scaled;
      }
    }
    double[] errors = new double[dimension];
    try {
      RealMatrix covariance = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false))
          .getSolver()
          .getInverse();
      for (int i = 0; i < dimension; i++) {
        errors[i] = theta[i] * Math.sqrt(covariance.getEntry(i, i));
      }
    } catch (NonPositiveDefiniteMatrixException e) {
      Arrays.fill(errors, Double.NaN);
    }
    return errors;
  }
}
