package io.lapse.models.policy;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A(t): the probability that a customer inactive for t (in the policy's time unit) can still be
 * reached by an action at all (has not churned for good, still reads the channel). The prior
 * uplift is proportional to it.
 */
@FunctionalInterface
public interface Reachability {

  double at(double t);

  /** A = 1: nobody becomes unreachable; t* then only trades off cost against self-return. */
  static Reachability always() {
    return t -> 1.0;
  }

  /** A(t) = 0.5^(t / h): reachability halves every h. */
  static Reachability halfLife(double h) {
    if (!(h > 0) || Double.isInfinite(h)) {
      throw new IllegalArgumentException("reachability half-life must be > 0 and finite but was "
          + h);
    }
    return t -> Math.pow(0.5, t / h);
  }

  /**
   * A supplied curve, e.g. the segment's BG/NBD P(alive) after t days without a transaction for
   * a typical customer. Values are clamped to [0, 1] because the prior multiplies a probability by
   * it.
   */
  static Reachability of(DoubleUnaryOperator a) {
    Objects.requireNonNull(a, "reachability function");
    return t -> Math.max(0.0, Math.min(1.0, a.applyAsDouble(t)));
  }
}
