package io.lapse.models.paretonbd;

/**
 * {@code K(t) = integral from t to infinity of (M+y)^-P (m+y)^-Q dy} for {@code M >= m > 0},
 * {@code P, Q > 0}, {@code P+Q > 1}, with the partial derivatives of ln K: the building block of
 * the Pareto/NBD likelihood's A0 term, {@code s (K(t_x) - K(T))} (Fader &amp; Hardie 2005, "A note
 * on deriving the Pareto/NBD model", eqs. 18-19, where it is written with Gauss's 2F1).
 *
 * <p>Substituting {@code v = (M+t)/(M+y)} gives {@code K = (M+t)^(1-P-Q) integral_0^1
 * v^(P+Q-2) (1 - z v)^-Q dv} with {@code z = (M-m)/(M+t)} in [0, 1); expanding (1 - z v)^-Q
 * binomially and integrating term by term,
 *
 * <pre>
 *   K = (M+t)^(1-P-Q) S,   S = sum_n (Q)_n z^n / (n! (P+Q-1+n)),
 * </pre>
 *
 * which is {@code 2F1(Q, P+Q-1; P+Q; z) / (P+Q-1)}, the FHL form. Taking the larger of alpha and
 * beta as M is what keeps z below 1 (FHL's two cases alpha &gt;= beta and alpha &lt; beta). The
 * series is summed here rather than through {@code bgnbd.Hypergeometric} because the gradient
 * needs the derivatives in P and Q too, which 2F1 has in no closed form; term by term they are
 * the same sum with weights {@code -1/(P+Q-1+n)} and {@code psi(Q+n) - psi(Q) - 1/(P+Q-1+n)},
 * the digamma difference being the running sum of {@code 1/(Q+k)}. All terms are positive, so the
 * sum does not cancel; working with ln K keeps (M+t)^(1-P-Q) from underflowing for heavy buyers.
 */
final class TailIntegral {

  /** Index of ln K in the output array; the others are its partial derivatives. */
  static final int LOG_VALUE = 0;
  static final int D_P = 1;
  static final int D_Q = 2;
  static final int D_BIG = 3;
  static final int D_SMALL = 4;
  static final int SIZE = 5;

  /** Relative size of the bounded remaining tail at which summation stops. */
  private static final double RELATIVE_TOLERANCE = 1e-15;

  /**
   * The terms fall like n^(Q-2) z^n, so this suffices for z up to about 0.9997 (more terms are
   * needed near 1 - 3e-4, where z^n reaches 1e-15 (1 - z) only after some 1e5 terms). Larger z
   * needs min(alpha, beta) below about 3e-4 of the other at t = 0: the fit meets that far from
   * an interior optimum, and a non-convergence there makes the likelihood non-finite, which the
   * line search reads as a step too far. The cap bounds what such a probe costs (each row sums
   * two series per evaluation).
   */
  static final int MAX_TERMS = 100_000;

  private TailIntegral() {}

  /**
   * Writes ln K and its partial derivatives in P, Q, M (the larger base) and m (the smaller) into
   * {@code out[0..4]}; returns false, with out filled with NaN, when the series does not converge
   * within {@link #MAX_TERMS} terms. Arguments are not validated (the optimizer probes freely).
   */
  static boolean evaluate(double p, double q, double big, double small, double t, double[] out) {
    double c = p + q - 1;
    double base = big + t;
    double z = (big - small) / base;
    double g = 1; // (Q)_n z^n / n!
    double harmonic = 0; // psi(Q+n) - psi(Q)
    double sum = 0;
    double sumP = 0;
    double sumQ = 0;
    double sumN = 0; // sum of n c_n, that is z dS/dz
    boolean converged = false;
    for (int n = 0; n < MAX_TERMS; n++) {
      double d = c + n;
      double term = g / d;
      sum += term;
      sumP -= term / d;
      sumQ += term * (harmonic - 1 / d);
      sumN += n * term;
      g *= (q + n) * z / (n + 1);
      harmonic += 1 / (q + n);
      // Tail bound: for k > n the term ratio is at most z max(1, (Q+k)/(k+1)) <= rho, and the
      // weights n, |psi difference - 1/d| + 1 grow by at most a factor 1 + 1/(n+1) per term,
      // so the remaining weighted terms are bounded by a geometric series with that ratio.
      int k = n + 1;
      double rho = z * Math.max(1, (q + k) / (k + 1));
      double ratio = rho * (1 + 1.0 / k);
      double next = g / (c + k) * (k + harmonic + 1);
      if (next == 0 || (ratio < 1 && next / (1 - ratio) <= RELATIVE_TOLERANCE * sum)) {
        converged = true;
        break;
      }
    }
    if (!converged || !(sum > 0) || Double.isInfinite(sum)) {
      java.util.Arrays.fill(out, 0, SIZE, Double.NaN);
      return false;
    }
    double logBase = Math.log(base);
    // dS/dz = sumN / z; at z = 0 only the n = 1 term has a slope, Q / (P+Q).
    double slope = z > 0 ? sumN / z / sum : q / (c + 1) / sum;
    out[LOG_VALUE] = -c * logBase + Math.log(sum);
    out[D_P] = -logBase + sumP / sum;
    out[D_Q] = -logBase + sumQ / sum;
    // z = (M - m) / (M + t): dz/dM = (m + t) / (M + t)^2, dz/dm = -1 / (M + t).
    out[D_BIG] = -c / base + slope * (small + t) / (base * base);
    out[D_SMALL] = -slope / base;
    return true;
  }
}
