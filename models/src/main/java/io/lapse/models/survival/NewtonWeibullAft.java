package io.lapse.models.survival;

import io.lapse.models.optim.DampedNewton;
import io.lapse.models.optim.StandardizedFeatures;
import java.util.Arrays;

/**
 * The Weibull accelerated-failure-time model of MLlib's {@code AFTSurvivalRegression},
 * log T = intercept + coefficients . x + scale x e with e standard minimum extreme value and right
 * censoring, fitted by maximum likelihood in this JVM by Newton's method ({@link DampedNewton}).
 *
 * <p>Why not MLlib here: its L-BFGS runs one Spark job per iteration, and on lapse's segments (a
 * few hundred to a few thousand rows, 28 collinear features) it stopped at its 100-iteration limit
 * unconverged, about 117 Spark jobs per fit. Newton's method on the arrays converges in a few
 * dozen steps at most. Used where the rows fit in memory ({@link DampedNewton#MAX_ROWS}).
 *
 * <p>Per row, with y = log t, eta = intercept + coefficients . x, sigma = scale and
 * e = (y - eta) / sigma, the negative log-likelihood is delta (log sigma - e) + exp(e) (delta = 1
 * for an observed onset, 0 for a censored row), up to a constant; it is minimized over the
 * coefficients, the intercept and log sigma.
 */
public final class NewtonWeibullAft {

  /**
   * @param coefficients one per feature, on the features' original scale
   * @param scale sigma; the Weibull shape is 1 / sigma
   */
  public record Fit(double[] coefficients, double intercept, double scale, int iterations,
      boolean converged) {}

  private NewtonWeibullAft() {}

  /**
   * @param x rows of features (no NaN)
   * @param durations time to onset or to censoring, > 0
   * @param events 1 for an observed onset, 0 for a censored row
   */
  public static Fit fit(double[][] x, double[] durations, double[] events, int maxIterations) {
    int n = x.length;
    if (durations.length != n || events.length != n) {
      throw new IllegalArgumentException("a survival fit needs one duration and one event per row"
          + " but got " + n + " rows, " + durations.length + " durations and " + events.length
          + " events");
    }
    double[] y = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (!(durations[i] > 0) || Double.isInfinite(durations[i])) {
        throw new IllegalArgumentException("durations must be finite and > 0 but one was "
            + durations[i]);
      }
      if (events[i] != 0.0 && events[i] != 1.0) {
        throw new IllegalArgumentException("events must be 0 or 1 but one was " + events[i]);
      }
      y[i] = Math.log(durations[i]);
      sum += y[i];
    }
    StandardizedFeatures z = StandardizedFeatures.of(x);
    int p = z.features();
    double mean = sum / n;
    double variance = 0;
    for (double v : y) {
      variance += (v - mean) * (v - mean) / n;
    }
    // theta = (coefficients on z, intercept, log sigma): start at the marginal log-times.
    double[] start = new double[p + 2];
    start[p] = mean;
    start[p + 1] = variance > 0 ? 0.5 * Math.log(variance) : 0.0;
    DampedNewton.Result r = DampedNewton.minimize(new Objective(z, y, events), start,
        maxIterations);
    double[] b = Arrays.copyOf(r.theta(), p);
    return new Fit(z.originalCoefficients(b), z.originalIntercept(r.theta()[p], b),
        Math.exp(r.theta()[p + 1]), r.iterations(), r.converged());
  }

  private record Objective(StandardizedFeatures z, double[] y, double[] events)
      implements DampedNewton.Objective {

    @Override
    public double value(double[] theta) {
      int p = z.features();
      double u = theta[p + 1];
      double inverseSigma = Math.exp(-u);
      double loss = 0;
      for (int i = 0; i < y.length; i++) {
        double e = (y[i] - z.linear(i, theta)) * inverseSigma;
        loss += events[i] * (u - e) + Math.exp(e);
      }
      return loss / y.length;
    }

    @Override
    public void derivatives(double[] theta, double[] gradient, double[][] hessian) {
      int n = y.length;
      int p = z.features();
      int intercept = p;
      int logScale = p + 1;
      double u = theta[logScale];
      double inverseSigma = Math.exp(-u);
      for (int i = 0; i < n; i++) {
        double[] row = z.row(i);
        double d = events[i];
        double e = (y[i] - z.linear(i, theta)) * inverseSigma;
        double ee = Math.exp(e);
        double gEta = (d - ee) * inverseSigma;
        double gU = d + d * e - e * ee;
        double hEtaEta = ee * inverseSigma * inverseSigma;
        double hEtaU = (e * ee + ee - d) * inverseSigma;
        double hUU = -d * e + e * ee + e * e * ee;
        for (int a = 0; a <= intercept; a++) {
          double va = a < p ? row[a] : 1.0;
          gradient[a] += gEta * va;
          for (int b = 0; b <= a; b++) {
            hessian[a][b] += hEtaEta * va * (b < p ? row[b] : 1.0);
          }
          hessian[logScale][a] += hEtaU * va;
        }
        gradient[logScale] += gU;
        hessian[logScale][logScale] += hUU;
      }
      for (int a = 0; a <= logScale; a++) {
        gradient[a] /= n;
        for (int b = 0; b <= a; b++) {
          hessian[a][b] /= n;
          hessian[b][a] = hessian[a][b];
        }
      }
    }

  }
}
