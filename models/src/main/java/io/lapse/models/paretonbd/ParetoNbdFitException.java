package io.lapse.models.paretonbd;

/** The Pareto/NBD maximum-likelihood search did not converge; the message says where it stopped. */
public final class ParetoNbdFitException extends RuntimeException {

  public ParetoNbdFitException(String message) {
    super(message);
  }
}
