package io.lapse.models.classification;

import io.lapse.models.optim.DampedNewton;
import io.lapse.models.optim.StandardizedFeatures;
import java.util.Arrays;

/**
 * Binary logistic regression with an L2 penalty, fitted in this JVM by Newton's method
 * ({@link DampedNewton}): the objective of MLlib's {@code LogisticRegression} with elastic net 0
 * and standardization off, (1/n) sum of log-losses + regParam / 2 x |coefficients|^2, intercept
 * unpenalized.
 *
 * <p>Why not MLlib here: its L-BFGS runs one Spark job per iteration, and each fit carries a fixed
 * cost (training summary, query planning) of about 2 CPU-s. On the small segments lapse fits most
 * (a few thousand rows, 28 collinear features) a fit took 100 to 120 Spark jobs and stopped at its
 * iteration limit unconverged; here it is about ten Newton steps on arrays. Used where the rows fit
 * in memory ({@link DampedNewton#MAX_ROWS}); larger fits stay with MLlib.
 */
public final class NewtonLogistic {

  /**
   * @param coefficients one per feature, on the features' original scale
   * @param iterations Newton steps taken
   * @param converged whether the optimum was reached before the iteration limit
   */
  public record Fit(double[] coefficients, double intercept, int iterations, boolean converged) {}

  private NewtonLogistic() {}

  /**
   * @param x rows of features (no NaN)
   * @param y labels, 0 or 1
   * @param regParam L2 penalty, >= 0
   * @param maxIterations the most Newton steps
   */
  public static Fit fit(double[][] x, double[] y, double regParam, int maxIterations) {
    if (y.length != x.length) {
      throw new IllegalArgumentException("logistic regression needs one label per row but got "
          + x.length + " rows and " + y.length + " labels");
    }
    if (!(regParam >= 0)) {
      throw new IllegalArgumentException("regParam must be >= 0 but was " + regParam);
    }
    double positives = 0;
    for (double label : y) {
      if (label != 0.0 && label != 1.0) {
        throw new IllegalArgumentException("labels must be 0 or 1 but one was " + label);
      }
      positives += label;
    }
    StandardizedFeatures z = StandardizedFeatures.of(x);
    int p = z.features();
    // The penalty is on the original scale: b_j / s_j per standardized coefficient b_j.
    double[] penalty = new double[p];
    for (int j = 0; j < p; j++) {
      penalty[j] = regParam / (z.scale(j) * z.scale(j));
    }
    // theta = (coefficients on z, intercept); start at the class prior, as MLlib does.
    double[] start = new double[p + 1];
    double prior = positives / y.length;
    start[p] = prior > 0 && prior < 1 ? Math.log(prior / (1 - prior)) : 0.0;
    DampedNewton.Result r = DampedNewton.minimize(new Objective(z, y, penalty), start,
        maxIterations);
    double[] b = Arrays.copyOf(r.theta(), p);
    return new Fit(z.originalCoefficients(b), z.originalIntercept(r.theta()[p], b),
        r.iterations(), r.converged());
  }

  private record Objective(StandardizedFeatures z, double[] y, double[] penalty)
      implements DampedNewton.Objective {

    @Override
    public double value(double[] theta) {
      double loss = 0;
      for (int i = 0; i < y.length; i++) {
        double eta = z.linear(i, theta);
        // log(1 + e^eta) - y eta, without overflow
        loss += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - y[i] * eta;
      }
      double reg = 0;
      for (int j = 0; j < penalty.length; j++) {
        reg += penalty[j] * theta[j] * theta[j];
      }
      return loss / y.length + reg / 2;
    }

    @Override
    public void derivatives(double[] theta, double[] gradient, double[][] hessian) {
      int n = y.length;
      int p = penalty.length;
      double[] v = new double[p + 1];
      v[p] = 1.0;
      for (int i = 0; i < n; i++) {
        System.arraycopy(z.row(i), 0, v, 0, p);
        double mu = 1.0 / (1.0 + Math.exp(-z.linear(i, theta)));
        accumulate(v, mu - y[i], mu * (1 - mu), gradient, hessian);
      }
      for (int a = 0; a <= p; a++) {
        gradient[a] = gradient[a] / n + (a < p ? penalty[a] * theta[a] : 0);
        for (int b = 0; b <= a; b++) {
          hessian[a][b] = hessian[a][b] / n + (a == b && a < p ? penalty[a] : 0);
          hessian[b][a] = hessian[a][b];
        }
      }
    }

  }

  /** gradient += r v; lower triangle of hessian += w v v'. */
  static void accumulate(double[] v, double r, double w, double[] gradient, double[][] hessian) {
    for (int a = 0; a < v.length; a++) {
      gradient[a] += r * v[a];
      double wa = w * v[a];
      for (int b = 0; b <= a; b++) {
        hessian[a][b] += wa * v[b];
      }
    }
  }
}
