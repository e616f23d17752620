package io.lapse.models.paretonbd;

import java.util.Arrays;

/**
 * Result of a converged Pareto/NBD maximum-likelihood fit.
 *
 * @param params the maximum-likelihood estimates
 * @param logLikelihood the count-weighted log-likelihood at {@code params}
 * @param iterations quasi-Newton iterations used
 * @param gradientNorm norm of the gradient of the mean log-likelihood per customer with respect
 *     to the log-parameters at {@code params}
 * @param customers number of customers fitted
 * @param standardErrors asymptotic standard errors of {@code (r, alpha, s, beta)}; NaN where the
 *     observed information is not positive definite (a flat or boundary optimum)
 */
public record ParetoNbdFit(
    ParetoNbdParams params,
    double logLikelihood,
    int iterations,
    double gradientNorm,
    long customers,
    double[] standardErrors) {

  public ParetoNbdFit {
    if (standardErrors == null || standardErrors.length != 4) {
      throw new IllegalArgumentException(
          "standardErrors must hold 4 values {r, alpha, s, beta} but was "
              + Arrays.toString(standardErrors));
    }
    standardErrors = standardErrors.clone();
  }

  /** Always true: a search that does not converge throws {@link ParetoNbdFitException}. */
  public boolean converged() {
    return true;
  }

  /** A copy, so that the record stays immutable. */
  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParetoNbdFit f
        && params.equals(f.params)
        && Double.compare(logLikelihood, f.logLikelihood) == 0
        && iterations == f.iterations
        && Double.compare(gradientNorm, f.gradientNorm) == 0
        && customers == f.customers
        && Arrays.equals(standardErrors, f.standardErrors);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(params, logLikelihood, iterations, gradientNorm, customers)
        + Arrays.hashCode(standardErrors);
  }

  @Override
  public String toString() {
    return "ParetoNbdFit[params=" + params + ", logLikelihood=" + logLikelihood + ", iterations="
        + iterations + ", gradientNorm=" + gradientNorm + ", customers=" + customers
        + ", standardErrors=" + Arrays.toString(standardErrors) + "]";
  }
}
