package io.lapse.models.optim;

/**
 * Compact L-BFGS with a strong-Wolfe line search for smooth, low-dimensional objectives whose
 * evaluation is expensive (a pass over grouped data), such as the BG/NBD and Pareto/NBD
 * likelihoods. Each iteration usually costs one or two evaluations and allocates nothing.
 *
 * <p>Written by hand because the library candidate was not reliable enough: commons-math3's
 * NonLinearConjugateGradientOptimizer (its only gradient-based optimizer for a general objective)
 * places the minimum along a line with Brent's method on values alone, so the gradient norm
 * stalls near sqrt(machine epsilon), and its bracketing has no step cap; {@code BgNbdFitter}'s
 * Javadoc has the measurements on CDNOW. {@link DampedNewton} needs a Hessian, which these
 * likelihoods do not have in closed form.
 *
 * <p>The caller chooses the parametrization (the fitters search over log-parameters). A
 * non-finite value or gradient at a trial point counts as "too far" for the line search.
 */
public final class Lbfgs {

  /** The function to minimize. */
  @FunctionalInterface
  public interface Objective {

    /**
     * The value at {@code point} with its gradient written into {@code gradientOut}; may return a
     * non-finite value where the function is undefined. Must not keep either array.
     */
    double valueAndGradient(double[] point, double[] gradientOut);
  }

  /**
   * Where the search stopped.
   *
   * @param point the last accepted point
   * @param value the objective there
   * @param gradientNorm the Euclidean norm of the gradient there
   * @param iterations quasi-Newton iterations used
   * @param failure why the search stopped short of the tolerance; null when it converged
   */
  public record Result(
      double[] point, double value, double gradientNorm, int iterations, String failure) {

    public boolean converged() {
      return failure == null;
    }
  }

  /** L-BFGS memory; full-rank quasi-Newton for problems of up to six dimensions. */
  private static final int MEMORY = 6;
  /** Armijo (sufficient decrease) constant. */
  private static final double C1 = 1e-4;
  /** Strong-Wolfe curvature constant; 0.9 is the usual choice for quasi-Newton directions. */
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH_STEPS = 40;
  /**
   * Largest change of any coordinate in the first trial step of a line search (a factor of e^3 =
   * 20 for log-parameters): keeps early, badly scaled steps from overflowing exp(u).
   */
  private static final double MAX_LOG_STEP = 3;
  /**
   * Near the optimum the decrease a step can achieve falls below the rounding error of the
   * summed log-likelihood; this slack (relative to |f|) lets the line search accept such a step
   * when the curvature condition shows it is at the minimum along the line (the "approximate
   * Wolfe" idea of Hager and Zhang, 2005).
   */
  private static final double ROUNDING_SLACK = 1e-13;

  private Lbfgs() {}

  /**
   * Minimizes {@code objective} from {@code start} until the gradient norm is at most
   * {@code gradientTolerance}, or fails after {@code maxIterations} iterations, when no step is
   * acceptable, or when the start is not finite (the result says which).
   */
  public static Result minimize(
      Objective objective, double[] start, int maxIterations, double gradientTolerance) {
    if (start == null || start.length == 0) {
      throw new IllegalArgumentException("start must hold at least one coordinate");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1 but was " + maxIterations);
    }
    if (!(gradientTolerance > 0) || Double.isInfinite(gradientTolerance)) {
      throw new IllegalArgumentException(
          "gradientTolerance must be > 0 and finite but was " + gradientTolerance);
    }
    Search search = new Search(objective, start, maxIterations, gradientTolerance);
    String failure = search.run();
    return new Result(search.u.clone(), search.value, search.gradientNorm, search.iterations,
        failure);
  }

  /** One L-BFGS run; holds all work arrays so that iterations allocate nothing. */
  private static final class Search {
    private final Objective objective;
    private final int dimension;
    private final int maxIterations;
    private final double gradientTolerance;

    private final double[] u;
    private final double[] gradient;
    private double value;
    private double gradientNorm;
    private int iterations;

    private final double[] direction;
    private final double[] trial;
    private final double[] trialGradient;
    private final double[] bestU;
    private final double[] bestGradient;
    private double bestValue;

    private final double[][] s;
    private final double[][] y;
    private final double[] rho = new double[MEMORY];
    private final double[] alphas = new double[MEMORY];
    private int stored;
    private int newest = -1;

    Search(Objective objective, double[] start, int maxIterations, double gradientTolerance) {
      this.objective = objective;
      this.dimension = start.length;
      this.maxIterations = maxIterations;
      this.gradientTolerance = gradientTolerance;
      this.u = start.clone();
      this.gradient = new double[dimension];
      this.direction = new double[dimension];
      this.trial = new double[dimension];
      this.trialGradient = new double[dimension];
      this.bestU = new double[dimension];
      this.bestGradient = new double[dimension];
      this.s = new double[MEMORY][dimension];
      this.y = new double[MEMORY][dimension];
    }

    /** Null on convergence, else the reason for stopping. */
    String run() {
      value = objective.valueAndGradient(u, gradient);
      gradientNorm = norm(gradient);
      if (!Double.isFinite(value) || !Double.isFinite(gradientNorm)) {
        return "the log-likelihood or its gradient is not finite at the start";
      }
      // Written so that a NaN gradient norm keeps searching (and fails there) instead of passing.
      while (!(gradientNorm <= gradientTolerance)) {
        if (iterations == maxIterations) {
          return "the maximum number of iterations was reached";
        }
        iterations++;
        searchDirection();
        double slope = dot(gradient, direction);
        if (!(slope < 0)) {
          // The curvature pairs have gone stale; fall back to steepest descent.
          stored = 0;
          searchDirection();
          slope = dot(gradient, direction);
        }
        double step = initialStep();
        if (!lineSearch(step, slope)) {
          return "the line search found no acceptable step";
        }
        update();
      }
      return null;
    }

    /** direction = -H g by the L-BFGS two-loop recursion. */
    private void searchDirection() {
      for (int i = 0; i < dimension; i++) {
        direction[i] = -gradient[i];
      }
      int k = newest;
      for (int n = 0; n < stored; n++) {
        alphas[k] = rho[k] * dot(s[k], direction);
        axpy(-alphas[k], y[k], direction);
        k = (k + MEMORY - 1) % MEMORY;
      }
      if (stored > 0) {
        // Initial inverse Hessian scaled by s'y/y'y (Nocedal & Wright eq. 7.20).
        double scale = 1 / (rho[newest] * dot(y[newest], y[newest]));
        for (int i = 0; i < dimension; i++) {
          direction[i] *= scale;
        }
      }
      k = (newest + MEMORY - stored + 1) % MEMORY;
      for (int n = 0; n < stored; n++) {
        double beta = rho[k] * dot(y[k], direction);
        axpy(alphas[k] - beta, s[k], direction);
        k = (k + 1) % MEMORY;
      }
    }

    private double initialStep() {
      double largest = 0;
      for (double d : direction) {
        largest = Math.max(largest, Math.abs(d));
      }
      return largest > MAX_LOG_STEP ? MAX_LOG_STEP / largest : 1;
    }

    /**
     * Strong-Wolfe line search along {@code direction} (Nocedal &amp; Wright, algorithms 3.5 and
     * 3.6): extrapolates until the minimum is bracketed, then shrinks the bracket by safeguarded
     * cubic interpolation. A non-finite value counts as "too far". On success the accepted point
     * is in bestU / bestGradient / bestValue.
     */
    private boolean lineSearch(double firstStep, double slope0) {
      double armijoSlack = ROUNDING_SLACK * Math.abs(value);
      double lo = 0;
      double valueLo = value;
      double slopeLo = slope0;
      double hi = Double.NaN; // NaN until the minimum is bracketed
      double valueHi = Double.NaN;
      double slopeHi = Double.NaN;
      double step = firstStep;
      for (int k = 0; k < MAX_LINE_SEARCH_STEPS; k++) {
        for (int i = 0; i < dimension; i++) {
          trial[i] = u[i] + step * direction[i];
        }
        double trialValue = objective.valueAndGradient(trial, trialGradient);
        double trialSlope = dot(trialGradient, direction);
        boolean finite = Double.isFinite(trialValue) && Double.isFinite(trialSlope);
        if (!finite
            || trialValue > value + C1 * step * slope0 + armijoSlack
            || (lo > 0 && trialValue >= valueLo)) {
          hi = step;
          valueHi = finite ? trialValue : Double.POSITIVE_INFINITY;
          slopeHi = finite ? trialSlope : Double.NaN;
        } else {
          if (Math.abs(trialSlope) <= -C2 * slope0) {
            accept(trial, trialGradient, trialValue);
            return true;
          }
          if (Double.isNaN(hi) ? trialSlope >= 0 : trialSlope * (hi - step) >= 0) {
            hi = lo;
            valueHi = valueLo;
            slopeHi = slopeLo;
          }
          lo = step;
          valueLo = trialValue;
          slopeLo = trialSlope;
          accept(trial, trialGradient, trialValue);
        }
        if (Double.isNaN(hi)) {
          step = lo * 4; // not bracketed yet: extrapolate
        } else {
          step = interpolate(lo, valueLo, slopeLo, hi, valueHi, slopeHi);
          if (Math.abs(hi - lo) <= 1e-14 * Math.max(Math.abs(lo), Math.abs(hi))) {
            break;
          }
        }
      }
      // Out of trials: settle for the best point with sufficient decrease, if any.
      return lo > 0;
    }

    /** Minimizer of the cubic through both ends, kept inside the middle 80% of the bracket. */
    private static double interpolate(
        double lo, double valueLo, double slopeLo, double hi, double valueHi, double slopeHi) {
      double left = Math.min(lo, hi);
      double width = Math.abs(hi - lo);
      double candidate = Double.NaN;
      if (Double.isFinite(valueHi) && Double.isFinite(slopeHi)) {
        double d1 = slopeLo + slopeHi - 3 * (valueLo - valueHi) / (lo - hi);
        double discriminant = d1 * d1 - slopeLo * slopeHi;
        if (discriminant >= 0) {
          double d2 = Math.copySign(Math.sqrt(discriminant), hi - lo);
          candidate = hi - (hi - lo) * (slopeHi + d2 - d1) / (slopeHi - slopeLo + 2 * d2);
        }
      } else if (Double.isFinite(valueHi)) {
        // Quadratic through valueLo, slopeLo and valueHi.
        double dx = hi - lo;
        double curvature = (valueHi - valueLo - slopeLo * dx) / (dx * dx);
        if (curvature > 0) {
          candidate = lo - slopeLo / (2 * curvature);
        }
      }
      double low = left + 0.1 * width;
      double high = left + 0.9 * width;
      if (!(candidate >= low && candidate <= high)) {
        // No usable model (or it points outside): bisect, or back off hard from a non-finite end.
        candidate = Double.isFinite(valueHi) ? left + 0.5 * width : lo + 0.2 * (hi - lo);
      }
      return candidate;
    }

    private void accept(double[] point, double[] pointGradient, double pointValue) {
      System.arraycopy(point, 0, bestU, 0, dimension);
      System.arraycopy(pointGradient, 0, bestGradient, 0, dimension);
      bestValue = pointValue;
    }

    /** Moves to the accepted point and stores the curvature pair if it is usable. */
    private void update() {
      int next = (newest + 1) % MEMORY;
      double sy = 0;
      for (int i = 0; i < dimension; i++) {
        s[next][i] = bestU[i] - u[i];
        y[next][i] = bestGradient[i] - gradient[i];
        sy += s[next][i] * y[next][i];
      }
      // A pair with s'y <= 0 would make the inverse-Hessian approximation indefinite.
      if (sy > 1e-16 * Math.sqrt(dot(s[next], s[next]) * dot(y[next], y[next]))) {
        rho[next] = 1 / sy;
        newest = next;
        stored = Math.min(stored + 1, MEMORY);
      }
      System.arraycopy(bestU, 0, u, 0, dimension);
      System.arraycopy(bestGradient, 0, gradient, 0, dimension);
      value = bestValue;
      gradientNorm = norm(gradient);
    }
  }

  private static double dot(double[] left, double[] right) {
    double sum = 0;
    for (int i = 0; i < left.length; i++) {
      sum += left[i] * right[i];
    }
    return sum;
  }

  private static void axpy(double factor, double[] x, double[] target) {
    for (int i = 0; i < x.length; i++) {
      target[i] += factor * x[i];
    }
  }

  private static double norm(double[] vector) {
    return Math.sqrt(dot(vector, vector));
  }
}
