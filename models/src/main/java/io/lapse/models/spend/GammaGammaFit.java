package io.lapse.models.spend;

/**
 * A maximum-likelihood Gamma-Gamma fit.
 *
 * @param params the estimates
 * @param logLikelihood the log-likelihood at them
 * @param converged whether the inner (p, q) solve converged and the full gradient vanished at an
 *     interior gamma
 * @param gradientNorm norm of the gradient of the mean log-likelihood per customer in
 *     (ln p, ln q, ln gamma) at the estimates
 * @param passes evaluations of the gamma sums, i.e. passes over the data (cluster jobs when the
 *     sums are computed by Spark)
 * @param customers repeat customers fitted
 */
public record GammaGammaFit(GammaGammaParams params, double logLikelihood, boolean converged,
    double gradientNorm, int passes, long customers) {}
