package io.lapse.models.optim;

import java.util.Arrays;

/**
 * Minimizes a smooth objective with its gradient and Hessian: each step solves
 * (H + mu I) d = -g by Cholesky (mu = 0 unless H is not safely positive definite, as with
 * collinear features and no penalty), then halves the step until the objective does not rise.
 *
 * <p>Written by hand for the in-JVM fits of small segments ({@code NewtonLogistic},
 * {@code NewtonWeibullAft}): Breeze's optimizers need Scala implicits at every call from Java, and
 * MLlib's run on RDDs only. The problems are small (tens of parameters), so a dense solve per step
 * is cheap and Newton's quadratic convergence takes ten steps where L-BFGS takes a hundred.
 */
public final class DampedNewton {

  /** The function to minimize. */
  public interface Objective {

    double value(double[] theta);

    /** Fills {@code gradient} and the full (symmetric) {@code hessian} at theta; both start 0. */
    void derivatives(double[] theta, double[] gradient, double[][] hessian);
  }

  /**
   * @param iterations Newton steps taken
   * @param converged whether the gradient vanished or no step could lower the objective before
   *     the iteration limit
   */
  public record Result(double[] theta, double value, int iterations, boolean converged) {}

  /**
   * Rows a fit (or a metric) in the driver JVM takes at most, beyond which lapse uses Spark:
   * 200,000 rows x 30 features are 48 MB of doubles.
   */
  public static final long MAX_ROWS = 200_000;
  private static final double GRADIENT_TOLERANCE = 1e-10;

  private DampedNewton() {}

  public static Result minimize(Objective f, double[] start, int maxIterations) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1 but was " + maxIterations);
    }
    int m = start.length;
    double[] theta = start.clone();
    double value = f.value(theta);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("the objective is not finite at the start: " + value);
    }
    int iteration = 0;
    while (iteration < maxIterations) {
      double[] gradient = new double[m];
      double[][] hessian = new double[m][m];
      f.derivatives(theta, gradient, hessian);
      if (maxAbs(gradient) <= GRADIENT_TOLERANCE) {
        return new Result(theta, value, iteration, true);
      }
      double[] step = solve(hessian, gradient);
      double[] next = new double[m];
      double nextValue = Double.NaN;
      double t = 1.0;
      for (int halvings = 0; halvings < 60; halvings++, t /= 2) {
        for (int k = 0; k < m; k++) {
          next[k] = theta[k] - t * step[k];
        }
        nextValue = f.value(next);
        if (nextValue <= value) {
          break;
        }
      }
      iteration++;
      if (!(nextValue <= value)) {
        // No step lowers the objective at double precision: this is the minimum.
        return new Result(theta, value, iteration, true);
      }
      boolean flat = value - nextValue <= 1e-15 * Math.max(1.0, Math.abs(value));
      theta = next.clone();
      value = nextValue;
      if (flat) {
        return new Result(theta, value, iteration, true);
      }
    }
    return new Result(theta, value, iteration, false);
  }

  /** Solves (H + mu I) d = g, mu growing from 0 until the Cholesky factor exists. */
  private static double[] solve(double[][] h, double[] g) {
    int m = g.length;
    double diagonal = 0;
    for (int a = 0; a < m; a++) {
      diagonal = Math.max(diagonal, Math.abs(h[a][a]));
    }
    if (!(diagonal > 0) || !Double.isFinite(diagonal)) {
      // No curvature left (every probability saturated, say): a gradient step, halved as needed.
      return g.clone();
    }
    double mu = 0;
    while (true) {
      double[][] l = cholesky(h, mu, diagonal);
      if (l != null) {
        double[] v = new double[m];
        for (int a = 0; a < m; a++) {
          double s = g[a];
          for (int b = 0; b < a; b++) {
            s -= l[a][b] * v[b];
          }
          v[a] = s / l[a][a];
        }
        double[] d = new double[m];
        for (int a = m - 1; a >= 0; a--) {
          double s = v[a];
          for (int b = a + 1; b < m; b++) {
            s -= l[b][a] * d[b];
          }
          d[a] = s / l[a][a];
        }
        return d;
      }
      mu = mu == 0 ? 1e-10 * diagonal : mu * 10;
    }
  }

  /**
   * The lower Cholesky factor of H + mu I, or null when a pivot falls below 1e-10 of the largest
   * diagonal entry: a condition number past 1e10 (exactly collinear features) would send the step
   * along the flat direction.
   */
  private static double[][] cholesky(double[][] h, double mu, double diagonal) {
    int m = h.length;
    double[][] l = new double[m][m];
    for (int a = 0; a < m; a++) {
      for (int b = 0; b <= a; b++) {
        double s = h[a][b] + (a == b ? mu : 0);
        for (int k = 0; k < b; k++) {
          s -= l[a][k] * l[b][k];
        }
        if (a == b) {
          if (!(s > 1e-10 * diagonal)) {
            return null;
          }
          l[a][a] = Math.sqrt(s);
        } else {
          l[a][b] = s / l[b][b];
        }
      }
    }
    return l;
  }

  private static double maxAbs(double[] v) {
    return Arrays.stream(v).map(Math::abs).max().orElse(0);
  }
}
