package io.lapse.models.policy;

import java.util.Objects;

/**
 * The randomized holdout lapse runs on its own actions.
 *
 * @param id names the experiment; part of every arm draw, so a new id draws new arms (start one
 *     when the actions change) and the same id always gives a customer's spell the same arm
 * @param controlShare share of the due actions held out as control: recorded, never sent; 0 turns
 *     the holdout off (everything due is sent, and lapse measures no uplift of its own)
 */
public record ExperimentSpec(String id, double controlShare) {

  public ExperimentSpec {
    Objects.requireNonNull(id, "experiment id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("policy experiment id must not be blank");
    }
    if (!(controlShare >= 0 && controlShare < 1)) {
      throw new IllegalArgumentException(
          "policy experiment control-share must be in [0, 1) but was " + controlShare);
    }
  }

  /** Experiment {@code reengagement}, 10% control. */
  public static ExperimentSpec defaults() {
    return new ExperimentSpec("reengagement", 0.1);
  }
}
