package io.lapse.models.bgnbd;

/** The BG/NBD maximum-likelihood search did not converge; the message says where it stopped. */
public final class BgNbdFitException extends RuntimeException {

  public BgNbdFitException(String message) {
    super(message);
  }
}
