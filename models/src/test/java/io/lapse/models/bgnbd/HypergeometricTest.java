package io.lapse.models.bgnbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HypergeometricTest {

  private static void assertRelative(double expected, double actual, double tol, String what) {
    assertEquals(expected, actual, tol * Math.abs(expected), what);
  }

  @Test
  void logarithmIdentity() {
    // 2F1(1,1;2;z) = -ln(1-z)/z
    for (double z : new double[] {1e-6, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999}) {
      assertRelative(-Math.log1p(-z) / z, Hypergeometric.hyp2f1(1, 1, 2, z), 1e-13, "z=" + z);
    }
  }

  @Test
  void binomialIdentity() {
    // 2F1(a,b;b;z) = (1-z)^-a
    double[][] cases = {{0.243, 2.426}, {2.5, 0.7}, {7.3, 1.1}};
    for (double[] ab : cases) {
      for (double z : new double[] {0.0, 0.3, 0.7, 0.95}) {
        assertRelative(Math.pow(1 - z, -ab[0]), Hypergeometric.hyp2f1(ab[0], ab[1], ab[1], z),
            1e-13, "a=" + ab[0] + ", b=" + ab[1] + ", z=" + z);
      }
    }
  }

  @Test
  void quadraticIdentityThroughEulerTransformation() {
    // 2F1(a, a+1/2; 1/2; w^2) = ((1+w)^-2a + (1-w)^-2a) / 2 has c-a-b = -2a < 0, so z > 0.5
    // takes the Euler-transformed branch with a non-terminating series.
    double a = 0.7;
    for (double w : new double[] {0.6, 0.9, 0.97, 0.995}) {
      double expected = 0.5 * (Math.pow(1 + w, -2 * a) + Math.pow(1 - w, -2 * a));
      assertRelative(expected, Hypergeometric.hyp2f1(a, a + 0.5, 0.5, w * w), 1e-12, "w=" + w);
    }
  }

  @Test
  void eulerTransformationConvergesWhereThePlainSeriesCannot() {
    // Same identity with a = 4.7 at w^2 = 1 - 1e-6: the plain series' terms grow like n^8.4 z^n
    // and would need far more than MAX_TERMS terms; the transformed ones fall like n^-10.4.
    double a = 4.7;
    double z = 1 - 1e-6;
    double w = Math.sqrt(z);
    double oneMinusW = (1 - z) / (1 + w);
    double expected = 0.5 * (Math.pow(1 + w, -2 * a) + Math.pow(oneMinusW, -2 * a));
    assertRelative(expected, Hypergeometric.hyp2f1(a, a + 0.5, 0.5, z), 1e-10, "z=" + z);
  }

  @Test
  void valuesNearOneAgainstMpmath() {
    // Reference values from mpmath 1.3.0 hyp2f1 at 30 significant digits.
    assertRelative(1344.34027817598988632929221516,
        Hypergeometric.hyp2f1(2.243, 4.426, 4.219, 0.95), 1e-12, "BG/NBD-like, z=0.95");
    assertRelative(996.191438672662763808419119614,
        Hypergeometric.hyp2f1(0.25, 3.5, 1.7, 0.99), 1e-12, "z=0.99");
    assertRelative(0.947365663274029882834382318108,
        Hypergeometric.hyp2f1(-0.4, 0.3, 2.5, 0.95), 1e-13, "negative a, z=0.95");
    assertRelative(2870189.97129812021452774885517,
        Hypergeometric.hyp2f1(12.243, 14.426, 25.219, 0.95), 1e-12, "heavy buyer, z=0.95");
  }

  @Test
  void terminatingSeries() {
    // a = -2: 1 + ab z/c + a(a+1) b(b+1) z^2 / (c(c+1) 2)
    double b = 1.5;
    double c = 3.0;
    double z = 0.98;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
    assertRelative(expected, Hypergeometric.hyp2f1(-2, b, c, z), 1e-14, "polynomial");
  }

  @Test
  void rejectsArgumentsOutsideTheDomain() {
    IllegalArgumentException atOne =
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.hyp2f1(1, 1, 2, 1.0));
    assertEquals("hyp2f1 needs 0 <= z < 1 but z was 1.0", atOne.getMessage());
    IllegalArgumentException poleC =
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.hyp2f1(1, 1, -2, 0.5));
    assertEquals("hyp2f1 is undefined for c a non-positive integer but c was -2.0",
        poleC.getMessage());
  }

  @Test
  void reportsNonConvergenceWithItsArguments() {
    // c - a - b = 0: no transformation helps, and z^n / n needs ~1e10 terms to fall below 1e-15.
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> Hypergeometric.hyp2f1(1, 1, 2, 1 - 1e-9));
    assertEquals("hyp2f1(a=1.0, b=1.0, c=2.0, z=0.999999999) did not converge within "
        + Hypergeometric.MAX_TERMS + " terms", e.getMessage());
  }
}
