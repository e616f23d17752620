package io.lapse.models.bgnbd;

/**
 * BG/NBD predictions for one customer with x repeat purchases, recency tx and age T (weeks since
 * the first purchase), over a horizon of t weeks after T.
 */
public final class BgNbdPredictor {

  /**
   * Half-width of the window around a = 1 where eq. 10 is evaluated as the mean of a = 1 +- this:
   * the formula has a removable 0/0 singularity at a = 1 (E[1/p] diverges there), and direct
   * evaluation within distance d of it loses about 1e-16/d relative precision. The symmetric mean
   * is off by O(d^2), so 1e-5 keeps both errors near 1e-10.
   */
  private static final double A_NEAR_ONE = 1e-5;

  /**
   * For x = 0 the hypergeometric's c = a+b-1 may hit 0 exactly (a+b = 1), a removable pole of
   * the product c * 2F1; it is evaluated at a neighbouring b instead (no cancellation there, so
   * the error is of the order of the shift).
   */
  private static final double C_NEAR_ZERO = 1e-9;

  private BgNbdPredictor() {}

  /**
   * P(alive at T | x, tx, T), FHL (2005) eq. 13, in log space so that heavy buyers (large x) do
   * not overflow the power term.
   */
  public static double probabilityAlive(BgNbdParams p, int x, double tx, double T) {
    requireCustomer(x, tx, T);
    return probabilityAlive(p.r(), p.alpha(), p.a(), p.b(), x, tx, T);
  }

  private static double probabilityAlive(
      double r, double alpha, double a, double b, int x, double tx, double T) {
    if (x == 0) {
      return 1; // dropout can only follow a repeat purchase
    }
    double logOdds = Math.log(a) - Math.log(b + x - 1)
        + (r + x) * Math.log1p((T - tx) / (alpha + tx));
    // 1/(1+e^logOdds), written so that neither branch overflows.
    if (logOdds > 0) {
      double e = Math.exp(-logOdds);
      return e / (1 + e);
    }
    return 1 / (1 + Math.exp(logOdds));
  }

  /**
   * E[number of transactions in (T, T+t] | x, tx, T], FHL (2005) eq. 10.
   *
   * <p>Eq. 10 is {@code P(alive) * (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x)
   * 2F1(r+x, b+x; a+b+x-1; z)]} with {@code z = t/(alpha+T+t)}. Since {@code (alpha+T)/(alpha+T+t)
   * = 1-z}, Euler's transformation turns the product of power and 2F1 into {@code (1-z)^(a-1)
   * 2F1(a+b-1-r, a-1; a+b+x-1; z)}, whose factors stay bounded for any x, whereas the original
   * pair over- and underflows for heavy buyers.
   */
  public static double expectedTransactions(BgNbdParams p, double t, int x, double tx, double T) {
    requireCustomer(x, tx, T);
    requireHorizon(t);
    double alive = probabilityAlive(p.r(), p.alpha(), p.a(), p.b(), x, tx, T);
    return alive * expectedIfAlive(p.r(), p.alpha(), p.a(), p.b(), t, x, T);
  }

  /**
   * E[X(t)] for a customer just acquired (first purchase at time 0), FHL (2005) eq. 7; the
   * special case x = 0, T = 0 of eq. 10.
   */
  public static double expectedTransactionsNewCustomer(BgNbdParams p, double t) {
    requireHorizon(t);
    return expectedIfAlive(p.r(), p.alpha(), p.a(), p.b(), t, 0, 0);
  }

  /**
   * P(no transaction in (T, T+t] | x, tx, T).
   *
   * <p>Derivation: a customer who is dead at T buys nothing. A customer alive at T can only drop
   * out right after a purchase, so "no purchase in (T, T+t]" is the event that the Poisson
   * process has no arrival in t weeks, probability {@code exp(-lambda t)} by memorylessness.
   * Given alive at T, the data's likelihood in lambda is {@code lambda^x exp(-lambda T)} (and the
   * dropout part does not involve lambda), so the posterior of lambda is
   * {@code Gamma(r+x, rate alpha+T)} and {@code E[exp(-lambda t)] = ((alpha+T)/(alpha+T+t))^(r+x)}.
   * Hence {@code 1 - P(alive) + P(alive) ((alpha+T)/(alpha+T+t))^(r+x)}.
   */
  public static double probabilityNoTransaction(
      BgNbdParams p, double t, int x, double tx, double T) {
    requireCustomer(x, tx, T);
    requireHorizon(t);
    double alive = probabilityAlive(p.r(), p.alpha(), p.a(), p.b(), x, tx, T);
    double alpha = p.alpha();
    double noArrival = Math.exp(-(p.r() + x) * Math.log1p(t / (alpha + T)));
    return 1 - alive + alive * noArrival;
  }

  /**
   * Expected transactions in (T, T+t] given alive at T: eq. 7 for a new customer with the
   * posterior parameters {@code (r+x, alpha+T, a, b+x)}.
   */
  private static double expectedIfAlive(
      double r, double alpha, double a, double b, double t, int x, double T) {
    if (t == 0) {
      return 0;
    }
    if (x == 0 && Math.abs(a + b - 1) < C_NEAR_ZERO) {
      b = 1 - a + 2 * C_NEAR_ZERO;
    }
    if (Math.abs(a - 1) < A_NEAR_ONE) {
      return 0.5 * (expectedIfAliveDirect(r, alpha, 1 - A_NEAR_ONE, b, t, x, T)
          + expectedIfAliveDirect(r, alpha, 1 + A_NEAR_ONE, b, t, x, T));
    }
    return expectedIfAliveDirect(r, alpha, a, b, t, x, T);
  }

  private static double expectedIfAliveDirect(
      double r, double alpha, double a, double b, double t, int x, double T) {
    double c = a + b + x - 1;
    double alphaT = alpha + T;
    double z = t / (alphaT + t);
    double log1mz = -Math.log1p(t / alphaT);
    double f = Hypergeometric.hyp2f1(a + b - 1 - r, a - 1, c, z);
    return c / (a - 1) * (1 - Math.exp((a - 1) * log1mz) * f);
  }

  /**
   * The fit needs T &gt; 0, but a customer whose first purchase is on the as-of day (T = 0, hence
   * x = 0 and tx = 0) still has defined predictions: P(alive) = 1 (dropout only follows a repeat
   * purchase), the conditional expectation of eq. 10 reduces to eq. 7 for a new customer
   * (alpha + T = alpha), and P(no transaction) to (alpha/(alpha+t))^r; no term divides by T.
   */
  private static void requireCustomer(int x, double tx, double T) {
    if (!(T >= 0) || Double.isInfinite(T)) {
      throw new IllegalArgumentException("T must be >= 0 and finite but was " + T);
    }
    if (T == 0) {
      if (x != 0 || tx != 0) {
        throw new IllegalArgumentException(
            "x and tx must be 0 when T == 0 but were x=" + x + ", tx=" + tx);
      }
      return;
    }
    SufficientStatistics.validateRow("", x, tx, T);
  }

  private static void requireHorizon(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("t must be >= 0 and finite but was " + t);
    }
  }
}
