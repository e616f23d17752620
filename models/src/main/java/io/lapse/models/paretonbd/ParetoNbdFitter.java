package io.lapse.models.paretonbd;

import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.optim.Lbfgs;
import io.lapse.models.optim.ObservedInformation;
import java.util.Locale;

/**
 * Maximum-likelihood fit of the Pareto/NBD model on grouped sufficient statistics, as {@code
 * BgNbdFitter} fits BG/NBD: L-BFGS ({@link Lbfgs}) over {@code (ln r, ln alpha, ln s, ln beta)} on
 * the mean negative log-likelihood per customer, with the analytic gradient. Each evaluation is
 * one pass over the distinct x values and one over the rows, each row summing two short series
 * (see {@link TailIntegral}), so the cost follows the number of distinct (x, t_x, T), not of
 * customers.
 */
public final class ParetoNbdFitter {

  private static final int DIMENSION = 4;

  private ParetoNbdFitter() {}

  /** Fits with {@link ParetoNbdFitOptions#defaults()}. */
  public static ParetoNbdFit fit(SufficientStatistics statistics) {
    return fit(statistics, ParetoNbdFitOptions.defaults());
  }

  /**
   * Maximum-likelihood estimates of {@code (r, alpha, s, beta)} with standard errors.
   *
   * @throws IllegalArgumentException if {@code statistics} has no customer
   * @throws ParetoNbdFitException if the search does not converge
   */
  public static ParetoNbdFit fit(SufficientStatistics statistics, ParetoNbdFitOptions options) {
    if (statistics.customers() == 0) {
      throw new IllegalArgumentException("cannot fit Pareto/NBD to zero customers");
    }
    double[] start = options.start().toArray();
    double[] u = new double[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      u[i] = Math.log(start[i]);
    }
    double customers = statistics.customers();
    double[] thetaGradient = new double[DIMENSION];
    Lbfgs.Result result = Lbfgs.minimize((point, gradientOut) -> {
      double[] theta = new double[DIMENSION];
      for (int i = 0; i < DIMENSION; i++) {
        theta[i] = Math.exp(point[i]);
      }
      double logLikelihood = ParetoNbdLikelihood.valueAndGradient(
          theta[0], theta[1], theta[2], theta[3], statistics, thetaGradient);
      // Chain rule for theta = exp(u): d/du = theta * d/dtheta.
      for (int i = 0; i < DIMENSION; i++) {
        gradientOut[i] = -theta[i] * thetaGradient[i] / customers;
      }
      double value = -logLikelihood / customers;
      return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }, u, options.maxIterations(), options.gradientTolerance());
    if (!result.converged()) {
      throw failure(result, statistics, options);
    }
    double[] point = result.point();
    ParetoNbdParams params = new ParetoNbdParams(Math.exp(point[0]), Math.exp(point[1]),
        Math.exp(point[2]), Math.exp(point[3]));
    return new ParetoNbdFit(params, ParetoNbdLikelihood.logLikelihood(params, statistics),
        result.iterations(), result.gradientNorm(), statistics.customers(),
        standardErrors(params, statistics));
  }

  /**
   * Asymptotic standard errors of {@code (r, alpha, s, beta)} at {@code params} from the observed
   * information; NaN for all four where it is not positive definite.
   */
  public static double[] standardErrors(ParetoNbdParams params, SufficientStatistics statistics) {
    return ObservedInformation.standardErrors(params.toArray(), (theta, gradientOut) ->
        ParetoNbdLikelihood.valueAndGradient(
            theta[0], theta[1], theta[2], theta[3], statistics, gradientOut));
  }

  private static ParetoNbdFitException failure(
      Lbfgs.Result result, SufficientStatistics statistics, ParetoNbdFitOptions options) {
    double[] u = result.point();
    return new ParetoNbdFitException(String.format(Locale.ROOT,
        "Pareto/NBD fit did not converge after %d iteration(s): %s; last parameters r=%.6g,"
            + " alpha=%.6g, s=%.6g, beta=%.6g; log-likelihood %.6g; gradient norm %.3g"
            + " (tolerance %.3g). Check the input statistics (%d customers in %d rows; a"
            + " segment with almost no repeat purchases has no interior optimum) or raise"
            + " lapse.models.bgnbd.max-iterations.",
        result.iterations(), result.failure(), Math.exp(u[0]), Math.exp(u[1]), Math.exp(u[2]),
        Math.exp(u[3]), -result.value() * statistics.customers(), result.gradientNorm(),
        options.gradientTolerance(), statistics.customers(), statistics.size()));
  }
}
