package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

class BgNbdPredictorTest {

  private static final BgNbdParams CDNOW = new BgNbdParams(0.243, 4.414, 0.793, 2.426);

  /**
   * E[transactions in (T, T+t] | alive at T] by quadrature, independent of 2F1: given alive, p ~
   * Beta(a, b+x) and lambda ~ Gamma(r+x, rate alpha+T); E[X(t) | lambda, p] = (1 - e^{-lambda p
   * t}) / p, and averaging over lambda first gives (1 - (A/(A + p t))^R) / p with A = alpha+T,
   * R = r+x. The Beta integral is split at 1/2 and each half substituted (p = q^(1/a),
   * 1-p = w^(1/b')) to remove the endpoint singularities of the density.
   */
  private static double expectedIfAliveByQuadrature(BgNbdParams p, double t, int x, double T) {
    double big = p.r() + x;
    double scale = p.alpha() + T;
    double a = p.a();
    double b = p.b() + x;
    DoubleUnaryOperator h = prob -> prob < 1e-12
        ? big * t / scale
        : -Math.expm1(big * (Math.log(scale) - Math.log(scale + prob * t))) / prob;
    double left = simpson(q -> {
      double prob = Math.pow(q, 1 / a);
      return h.applyAsDouble(prob) * Math.pow(1 - prob, b - 1) / a;
    }, 0, Math.pow(0.5, a));
    double right = simpson(w -> {
      double prob = 1 - Math.pow(w, 1 / b);
      return h.applyAsDouble(prob) * Math.pow(prob, a - 1) / b;
    }, 0, Math.pow(0.5, b));
    return (left + right) / Math.exp(Beta.logBeta(a, b));
  }

  private static double simpson(DoubleUnaryOperator f, double from, double to) {
    int n = 400_000;
    double width = (to - from) / n;
    double sum = f.applyAsDouble(from) + f.applyAsDouble(to);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(from + i * width);
    }
    return sum * width / 3;
  }

  @Test
  void conditionalExpectationMatchesQuadrature() {
    // {r, alpha, a, b, t, x, tx, T}: CDNOW customer, non-repeater, a < 1 and a > 1, a heavy buyer,
    // a long horizon (z = 0.92, the transformed 2F1 branch), and a+b < 1 with x = 0 (c < 0).
    double[][] cases = {
      {0.243, 4.414, 0.793, 2.426, 39, 2, 30.43, 38.86},
      {0.243, 4.414, 0.793, 2.426, 39, 0, 0, 38.86},
      {0.5, 2.0, 3.5, 1.2, 52, 4, 20, 40},
      {0.243, 4.414, 0.793, 2.426, 26, 200, 38.5, 38.86},
      {1.3, 8.0, 1.7, 6.0, 500, 3, 10, 35},
      {0.7, 3.0, 0.3, 0.4, 39, 0, 0, 20},
    };
    for (double[] c : cases) {
      BgNbdParams p = new BgNbdParams(c[0], c[1], c[2], c[3]);
      double t = c[4];
      int x = (int) c[5];
      double tx = c[6];
      double T = c[7];
      double expected = BgNbdPredictor.probabilityAlive(p, x, tx, T)
          * expectedIfAliveByQuadrature(p, t, x, T);
      double actual = BgNbdPredictor.expectedTransactions(p, t, x, tx, T);
      assertEquals(expected, actual, 1e-6 * expected, "case " + java.util.Arrays.toString(c));
    }
  }

  @Test
  void newCustomerExpectationIsTheConditionalOneAtTimeZero() {
    for (double t : new double[] {1, 39, 78, 520}) {
      assertEquals(expectedIfAliveByQuadrature(CDNOW, t, 0, 0),
          BgNbdPredictor.expectedTransactionsNewCustomer(CDNOW, t), 1e-6,
          "t=" + t);
    }
    assertEquals(0, BgNbdPredictor.expectedTransactionsNewCustomer(CDNOW, 0));
  }

  @Test
  void removableSingularitiesAreContinuous() {
    // a = 1 (0/0 in eq. 10) and, for x = 0, a + b = 1 (c = 0, a pole of 2F1 cancelled by c).
    double atOne = BgNbdPredictor.expectedTransactions(new BgNbdParams(0.5, 3, 1, 2), 39, 3, 20, 38);
    double justAbove =
        BgNbdPredictor.expectedTransactions(new BgNbdParams(0.5, 3, 1 + 1e-3, 2), 39, 3, 20, 38);
    double justBelow =
        BgNbdPredictor.expectedTransactions(new BgNbdParams(0.5, 3, 1 - 1e-3, 2), 39, 3, 20, 38);
    assertTrue(Double.isFinite(atOne));
    assertEquals(0.5 * (justAbove + justBelow), atOne, 1e-6);

    BgNbdParams cZero = new BgNbdParams(0.5, 3, 0.4, 0.6);
    double value = BgNbdPredictor.expectedTransactions(cZero, 39, 0, 0, 38);
    assertEquals(expectedIfAliveByQuadrature(cZero, 39, 0, 38), value, 1e-6 * value);
  }

  @Test
  void probabilityAliveMatchesTheDirectFormula() {
    // FHL eq. 13 evaluated literally; for the CDNOW reference customer it is 0.7266.
    double direct = 1 / (1 + 0.793 / (2.426 + 2 - 1)
        * Math.pow((4.414 + 38.86) / (4.414 + 30.43), 0.243 + 2));
    assertEquals(direct, BgNbdPredictor.probabilityAlive(CDNOW, 2, 30.43, 38.86), 1e-14);
    assertEquals(0.7266, direct, 5e-5);
    assertEquals(1.0, BgNbdPredictor.probabilityAlive(CDNOW, 0, 0, 38.86));
    // A heavy buyer who stopped long ago: the power term overflows unless taken in log space.
    double lapsed = BgNbdPredictor.probabilityAlive(CDNOW, 2000, 1.0, 78);
    assertTrue(lapsed >= 0 && lapsed < 1e-300, "P(alive) was " + lapsed);
  }

  @Test
  void probabilityOfNoTransactionHasTheRightLimits() {
    double alive = BgNbdPredictor.probabilityAlive(CDNOW, 2, 30.43, 38.86);
    assertEquals(1.0, BgNbdPredictor.probabilityNoTransaction(CDNOW, 0, 2, 30.43, 38.86), 1e-15);
    assertEquals(1 - alive,
        BgNbdPredictor.probabilityNoTransaction(CDNOW, 1e12, 2, 30.43, 38.86), 1e-9);
    // A non-repeater is alive for sure: Gamma(r, alpha+T) mixture of Poisson zero-counts.
    assertEquals(Math.pow((4.414 + 38.86) / (4.414 + 38.86 + 39), 0.243),
        BgNbdPredictor.probabilityNoTransaction(CDNOW, 39, 0, 0, 38.86), 1e-14);
    double p = BgNbdPredictor.probabilityNoTransaction(CDNOW, 39, 2, 30.43, 38.86);
    double q = BgNbdPredictor.probabilityNoTransaction(CDNOW, 78, 2, 30.43, 38.86);
    assertTrue(1 - alive < q && q < p && p < 1, "p(39)=" + p + ", p(78)=" + q);
  }

  @Test
  void customerFirstSeenOnTheAsOfDayHasDefinedPredictions() {
    // T = 0 (so x = 0, tx = 0): alive for sure, eq. 10 is eq. 7, and no purchase in t weeks is
    // the gamma mixture of Poisson zero-counts over (0, t].
    assertEquals(1.0, BgNbdPredictor.probabilityAlive(CDNOW, 0, 0, 0));
    double expected = BgNbdPredictor.expectedTransactions(CDNOW, 39, 0, 0, 0);
    assertEquals(expectedIfAliveByQuadrature(CDNOW, 39, 0, 0), expected, 1e-6 * expected);
    assertEquals(Math.pow(4.414 / (4.414 + 39), 0.243),
        BgNbdPredictor.probabilityNoTransaction(CDNOW, 39, 0, 0, 0), 1e-14);
    // Continuous in T: a customer seen a second earlier.
    assertEquals(expected, BgNbdPredictor.expectedTransactions(CDNOW, 39, 0, 0, 1e-6),
        1e-6 * expected);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BgNbdPredictor.probabilityAlive(CDNOW, 1, 0, 0));
    assertEquals("x and tx must be 0 when T == 0 but were x=1, tx=0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BgNbdPredictor.expectedTransactions(CDNOW, 39, 0, 0, -1));
    assertEquals("T must be >= 0 and finite but was -1.0", e.getMessage());
  }

  @Test
  void rejectsNegativeHorizon() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BgNbdPredictor.expectedTransactions(CDNOW, -1, 2, 30.43, 38.86));
    assertEquals("t must be >= 0 and finite but was -1.0", e.getMessage());
  }
}
