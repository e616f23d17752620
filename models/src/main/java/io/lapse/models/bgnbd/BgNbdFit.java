package io.lapse.models.bgnbd;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Result of a converged BG/NBD maximum-likelihood fit.
 *
 * @param params the maximum-likelihood estimates
 * @param logLikelihood the count-weighted log-likelihood at {@code params}
 * @param iterations quasi-Newton iterations used
 * @param converged always true for a returned fit (a failed one throws {@link
 *     BgNbdFitException}); kept so that stored results are self-describing
 * @param gradientNorm the convergence measure at {@code params}: Euclidean norm of the gradient of
 *     the mean log-likelihood per customer with respect to the log-parameters
 * @param customers number of customers fitted
 * @param standardErrors asymptotic standard errors of {@code (r, alpha, a, b)}, square roots of
 *     the diagonal of the inverse observed information; NaN where the observed information is
 *     not positive definite (a flat or boundary optimum)
 */
public record BgNbdFit(
    BgNbdParams params,
    double logLikelihood,
    int iterations,
    boolean converged,
    double gradientNorm,
    long customers,
    double[] standardErrors) implements Serializable {

  public BgNbdFit {
    if (standardErrors == null || standardErrors.length != 4) {
      throw new IllegalArgumentException(
          "standardErrors must hold 4 values {r, alpha, a, b} but was "
              + Arrays.toString(standardErrors));
    }
    standardErrors = standardErrors.clone();
  }

  /** A copy, so that the record stays immutable. */
  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BgNbdFit f
        && params.equals(f.params)
        && Double.compare(logLikelihood, f.logLikelihood) == 0
        && iterations == f.iterations
        && converged == f.converged
        && Double.compare(gradientNorm, f.gradientNorm) == 0
        && customers == f.customers
        && Arrays.equals(standardErrors, f.standardErrors);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(params, logLikelihood, iterations, converged, gradientNorm,
        customers) + Arrays.hashCode(standardErrors);
  }

  @Override
  public String toString() {
    return "BgNbdFit[params=" + params + ", logLikelihood=" + logLikelihood + ", iterations="
        + iterations + ", converged=" + converged + ", gradientNorm=" + gradientNorm
        + ", customers=" + customers + ", standardErrors=" + Arrays.toString(standardErrors) + "]";
  }
}
