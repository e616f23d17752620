package io.lapse.models.policy;

import java.util.Objects;

/**
 * The randomized holdout lapse runs on its own actions.
 *
 * @param id names the experiment; part of every arm draw, so a new id draws new arms (start one
 *     when the actions change) and the same id always gives a customer's spell the same arm
 * @param controlShare share of the due actions held out as control: recorded, never sent; 0 turns
 *     the holdout off (everything due is sent, and lapse measures no uplift of its own)
 * @param exploreShare the most of a segment's spells whose first action is moved away from t* to
 *     a timing arm; 0 never explores
 * @param armOctaves timing arms act at t* x 2^j for j = -armOctaves..armOctaves (and in the
 *     middle of the buckets next to t*'s): far enough to find a t* the prior placed badly, in
 *     few steps
 * @param stopExploringAt a segment stops exploring when the posterior probability that t*'s
 *     bucket is the best arm reaches this
 * @param thompsonDraws posterior draws that estimate each arm's probability of being best
 */
public record ExperimentSpec(String id, double controlShare, double exploreShare, int armOctaves,
    double stopExploringAt, int thompsonDraws) {

  public ExperimentSpec {
    Objects.requireNonNull(id, "experiment id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("policy experiment id must not be blank");
    }
    if (!(controlShare >= 0 && controlShare < 1)) {
      throw new IllegalArgumentException(
          "policy experiment control-share must be in [0, 1) but was " + controlShare);
    }
    if (!(exploreShare >= 0 && exploreShare < 1)) {
      throw new IllegalArgumentException(
          "policy experiment explore-share must be in [0, 1) but was " + exploreShare);
    }
    if (armOctaves < 1) {
      throw new IllegalArgumentException(
          "policy experiment arm-octaves must be >= 1 but was " + armOctaves);
    }
    if (!(stopExploringAt > 0 && stopExploringAt <= 1)) {
      throw new IllegalArgumentException(
          "policy experiment stop-exploring-at must be in (0, 1] but was " + stopExploringAt);
    }
    if (thompsonDraws < 100) {
      throw new IllegalArgumentException(
          "policy experiment thompson-draws must be >= 100 but was " + thompsonDraws);
    }
  }

  /** The holdout without timing arms. */
  public ExperimentSpec(String id, double controlShare) {
    this(id, controlShare, 0.0, 1, 0.95, 2000);
  }

  /**
   * Experiment {@code reengagement}, 10% control, at most 20% of spells exploring arms at t* / 4,
   * t* / 2, 2 t* and 4 t* and in the buckets next to t*'s, until t*'s bucket is best with probability 0.95 (2,000 draws).
   */
  public static ExperimentSpec defaults() {
    return new ExperimentSpec("reengagement", 0.1, 0.2, 2, 0.95, 2000);
  }
}
