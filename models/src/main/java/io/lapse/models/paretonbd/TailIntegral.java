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
 * the digamma difference being the running sum of {@code 1/(Q+k)}. For Q &gt; 1 the sum is taken
 * in Euler's form {@code S = (1-z)^(1-Q) 2F1(P, 1; P+Q; z) / (P+Q-1)}, whose terms only fall
 * (see {@link #eulerSeries}). All terms are positive, so neither sum cancels; working with ln K
 * keeps (M+t)^(1-P-Q) from underflowing for heavy buyers.
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
   * Caps the cost of one evaluation. The plain series (Q &lt;= 1) falls like n^(Q-2) z^n and the
   * Euler one (Q &gt; 1) faster than z^n, so this suffices for z up to about 0.9997, i.e. min(alpha,
   * beta) down to about 3e-4 of the other at t = 0. The fit meets more only far from an interior
   * optimum, and a non-convergence makes the likelihood non-finite there, which the line search
   * reads as a step too far.
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
    // ln(1 - z) = ln((m + t) / (M + t)), exact even where z rounds to 1.
    double log1mz = Math.log((small + t) / base);
    boolean euler = q > 1;
    double[] sums = new double[4];
    boolean converged = euler ? eulerSeries(p, q, z, sums) : plainSeries(p, q, z, sums);
    double sum = sums[0];
    if (!converged || !(sum > 0) || Double.isInfinite(sum)) {
      java.util.Arrays.fill(out, 0, SIZE, Double.NaN);
      return false;
    }
    // ln S and its derivatives in P, Q and z, from whichever form was summed.
    double logS;
    double dP;
    double dQ;
    double dz;
    if (euler) {
      logS = (1 - q) * log1mz + Math.log(sum) - Math.log(c);
      dP = sums[1] / sum - 1 / c;
      dQ = -log1mz + sums[2] / sum - 1 / c;
      dz = (q - 1) / ((small + t) / base) + sums[3] / sum;
    } else {
      logS = Math.log(sum);
      dP = sums[1] / sum;
      dQ = sums[2] / sum;
      dz = sums[3] / sum;
    }
    double logBase = Math.log(base);
    out[LOG_VALUE] = -c * logBase + logS;
    out[D_P] = -logBase + dP;
    out[D_Q] = -logBase + dQ;
    // z = (M - m) / (M + t): dz/dM = (m + t) / (M + t)^2, dz/dm = -1 / (M + t).
    out[D_BIG] = -c / base + dz * (small + t) / (base * base);
    out[D_SMALL] = -dz / base;
    return true;
  }

  /**
   * S = sum_n (Q)_n z^n / (n! (P+Q-1+n)) with its derivatives in P, Q and z, into sums[0..3].
   * Used for Q &lt;= 1, where its terms fall like n^(Q-2) z^n, faster than the Euler form's.
   */
  private static boolean plainSeries(double p, double q, double z, double[] sums) {
    double c = p + q - 1;
    double g = 1; // (Q)_n z^n / n!
    double harmonic = 0; // psi(Q+n) - psi(Q)
    double sum = 0;
    double sumP = 0;
    double sumQ = 0;
    double sumN = 0; // sum of n c_n, that is z dS/dz
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
        sums[0] = sum;
        sums[1] = sumP;
        sums[2] = sumQ;
        // dS/dz = sumN / z; at z = 0 only the n = 1 term has a slope, Q / (P+Q).
        sums[3] = z > 0 ? sumN / z : q / (c + 1);
        return true;
      }
    }
    return false;
  }

  /**
   * E = sum_n (P)_n / (P+Q)_n z^n with its derivatives in P, Q and z, into sums[0..3]; by Euler's
   * transformation {@code S = (1-z)^(1-Q) E / (P+Q-1)}. Used for Q &gt; 1: the plain terms first
   * grow (the ratio (Q+n) z / (n+1) exceeds 1 up to n ~ Q z / (1 - z), tens of thousands of
   * terms for a large dropout shape with z near 1), while these only fall, with a ratio below z.
   */
  private static boolean eulerSeries(double p, double q, double z, double[] sums) {
    double term = 1;
    double harmonicP = 0; // psi(P+n) - psi(P)
    double harmonicPq = 0; // psi(P+Q+n) - psi(P+Q)
    double sum = 0;
    double sumP = 0;
    double sumQ = 0;
    double sumN = 0;
    for (int n = 0; n < MAX_TERMS; n++) {
      sum += term;
      sumP += term * (harmonicP - harmonicPq);
      sumQ -= term * harmonicPq;
      sumN += n * term;
      term *= (p + n) / (p + q + n) * z;
      harmonicP += 1 / (p + n);
      harmonicPq += 1 / (p + q + n);
      // Tail bound: later ratios stay below z, and the weights (n, both psi differences) grow by
      // at most 3 per term from k = n + 1 >= 1 on, so the weighted tail is at most
      // next (w / (1 - z) + 3 z / (1 - z)^2).
      int k = n + 1;
      double weight = k + harmonicP + harmonicPq + 1;
      double oneMinusZ = 1 - z;
      if (term == 0 || (oneMinusZ > 0 && term * (weight / oneMinusZ + 3 * z
          / (oneMinusZ * oneMinusZ)) <= RELATIVE_TOLERANCE * sum)) {
        sums[0] = sum;
        sums[1] = sumP;
        sums[2] = sumQ;
        sums[3] = z > 0 ? sumN / z : p / (p + q);
        return true;
      }
    }
    return false;
  }
}
