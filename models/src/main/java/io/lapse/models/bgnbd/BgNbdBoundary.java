package io.lapse.models.bgnbd;

import java.util.Locale;
import java.util.Optional;

/**
 * When a converged BG/NBD fit has run off to the edge of the parameter space instead of finding
 * an interior optimum. There the likelihood is flat along a ridge (the shapes r, a, b and the
 * scale alpha growing or shrinking together), so the gradient test passes wherever the optimizer
 * happens to stop and the "estimate" is arbitrary: one-time-buyer segments stop at r ~ 2e-5 with
 * LL ~ 0, and a segment where everyone has the same rate heads for r = alpha = infinity.
 *
 * @param minShape r, a or b below this is at the zero boundary: the gamma or beta mixing
 *     distribution has collapsed onto 0 (or, for b, onto p = 1)
 * @param maxShape r, a or b above this is at the infinity boundary: the mixing distribution has
 *     collapsed to a point (no heterogeneity; the coefficient of variation of a gamma with shape
 *     s is 1/sqrt(s))
 * @param minAlphaWeeks alpha (the purchase-rate scale, in weeks) below this is at zero
 * @param maxAlphaWeeks alpha above this is at infinity
 */
public record BgNbdBoundary(
    double minShape, double maxShape, double minAlphaWeeks, double maxAlphaWeeks) {

  public BgNbdBoundary {
    requireRange("shape", minShape, maxShape);
    requireRange("alpha-weeks", minAlphaWeeks, maxAlphaWeeks);
  }

  /** Accepts every fit: for the global fit alone, which has nothing to fall back to. */
  public static BgNbdBoundary none() {
    return new BgNbdBoundary(Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.MAX_VALUE);
  }

  /** The first parameter outside its range and the range, e.g. "r=2.1e-05 < min-shape 0.001". */
  public Optional<String> violation(BgNbdParams p) {
    String found = outside("r", p.r(), minShape, maxShape, "shape");
    if (found == null) {
      found = outside("alpha", p.alpha(), minAlphaWeeks, maxAlphaWeeks, "alpha-weeks");
    }
    if (found == null) {
      found = outside("a", p.a(), minShape, maxShape, "shape");
    }
    if (found == null) {
      found = outside("b", p.b(), minShape, maxShape, "shape");
    }
    return Optional.ofNullable(found);
  }

  private static String outside(String name, double value, double min, double max, String key) {
    if (value < min) {
      return String.format(Locale.ROOT, "%s=%.4g < min-%s %.4g", name, value, key, min);
    }
    if (value > max) {
      return String.format(Locale.ROOT, "%s=%.4g > max-%s %.4g", name, value, key, max);
    }
    return null;
  }

  private static void requireRange(String key, double min, double max) {
    if (!(min > 0) || Double.isInfinite(min)) {
      throw new IllegalArgumentException("min-" + key + " must be > 0 and finite but was " + min);
    }
    if (!(max > min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException(
          "max-" + key + " must be finite and > min-" + key + " " + min + " but was " + max);
    }
  }
}
