package io.lapse.models.bgnbd;

/**
 * Gauss hypergeometric function 2F1 on {@code 0 <= z < 1}.
 *
 * <p>Hand-written because neither commons-math3 nor Spark has 2F1, and the BG/NBD conditional
 * expectation (FHL 2005 eq. 10) needs it only on this interval with real parameters, where a
 * summed power series is enough.
 */
final class Hypergeometric {

  /** Relative size of the remaining tail at which summation stops. */
  private static final double RELATIVE_TOLERANCE = 1e-15;

  /**
   * Enough for z up to about 0.9999 (the terms fall roughly like z^n); BG/NBD predictions have
   * {@code z = t / (alpha + T + t)}, far below that for any horizon of a few years.
   */
  static final int MAX_TERMS = 1_000_000;

  /**
   * Above this z the Euler transformation is used when it speeds up convergence; below it the
   * plain series converges in a few dozen terms anyway.
   */
  private static final double EULER_THRESHOLD = 0.5;

  private Hypergeometric() {}

  /**
   * {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1} and c not a non-positive integer.
   *
   * @throws IllegalArgumentException if z is outside [0, 1) or c is a non-positive integer
   * @throws ArithmeticException if the series does not converge within {@link #MAX_TERMS} terms
   */
  static double hyp2f1(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("hyp2f1 needs 0 <= z < 1 but z was " + z);
    }
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
      throw new IllegalArgumentException(
          "hyp2f1 needs finite a, b, c but got a=" + a + ", b=" + b + ", c=" + c);
    }
    if (c <= 0 && c == Math.rint(c)) {
      throw new IllegalArgumentException(
          "hyp2f1 is undefined for c a non-positive integer but c was " + c);
    }
    // The terms of 2F1(a,b;c;z) behave like n^(a+b-c-1) z^n for large n; those of the Euler form
    // (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) like n^(c-a-b-1) z^n. Near z = 1 the geometric factor
    // barely shrinks, so pick the form whose power of n decays, i.e. Euler when c-a-b < 0.
    if (z > EULER_THRESHOLD && c - a - b < 0) {
      double series = series(c - a, c - b, c, z, a, b);
      return Math.exp((c - a - b) * Math.log1p(-z)) * series;
    }
    return series(a, b, c, z, a, b);
  }

  /** Plain power series; {@code a0, b0} are the caller's arguments, for the error message. */
  private static double series(double a, double b, double c, double z, double a0, double b0) {
    double term = 1;
    double sum = 1;
    for (int n = 0; n < MAX_TERMS; n++) {
      double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      term *= ratio;
      sum += term;
      if (term == 0) {
        return sum; // a or b is a non-positive integer: the series is a polynomial
      }
      // Once past any sign changes (n > -a, n > -b, n > -c) the term ratio approaches z
      // monotonically (1 + (a+b-c-1)/n + O(1/n^2)), so later ratios are at most max(ratio, z) and
      // the tail is bounded by a geometric series. Stopping on that bound rather than on one small
      // term matters near z = 1, where the tail is 1/(1-z) times the last term.
      if (n + 1 > -a && n + 1 > -b && n + 1 > -c) {
        double q = Math.max(Math.abs(ratio), z);
        if (q < 1 && Math.abs(term) * q / (1 - q) <= RELATIVE_TOLERANCE * Math.abs(sum)) {
          return sum;
        }
      }
    }
    throw new ArithmeticException(
        "hyp2f1(a=" + a0 + ", b=" + b0 + ", c=" + c + ", z=" + z + ") did not converge within "
            + MAX_TERMS + " terms");
  }
}
