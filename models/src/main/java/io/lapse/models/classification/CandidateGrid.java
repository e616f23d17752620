package io.lapse.models.classification;

import java.util.List;
import java.util.Locale;

/**
 * The hyper-parameter candidates compared by time-ordered validation: logistic regression over
 * regularization strengths and gradient-boosted trees over depths. Either list may be empty, not
 * both.
 *
 * @param logisticRegParams L2/elastic-net strengths of logistic regression (each >= 0)
 * @param logisticElasticNet elastic-net mixing of logistic regression, 0 = L2 (in [0, 1])
 * @param logisticMaxIter iterations of logistic regression
 * @param gbtMaxDepths tree depths of gradient-boosted trees (each 1..30)
 * @param gbtMaxIter boosting rounds
 * @param gbtStepSize learning rate (in (0, 1])
 */
public record CandidateGrid(
    List<Double> logisticRegParams,
    double logisticElasticNet,
    int logisticMaxIter,
    List<Integer> gbtMaxDepths,
    int gbtMaxIter,
    double gbtStepSize) {

  public CandidateGrid {
    logisticRegParams = List.copyOf(logisticRegParams);
    gbtMaxDepths = List.copyOf(gbtMaxDepths);
    if (logisticRegParams.isEmpty() && gbtMaxDepths.isEmpty()) {
      throw new IllegalArgumentException("classifier candidates must include logistic regression"
          + " or gradient-boosted trees but both lists were empty");
    }
    for (double r : logisticRegParams) {
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException(
            "logistic reg-params must be >= 0 but contained " + r);
      }
    }
    if (!(logisticElasticNet >= 0 && logisticElasticNet <= 1)) {
      throw new IllegalArgumentException(
          "logistic elastic-net must be in [0, 1] but was " + logisticElasticNet);
    }
    if (logisticMaxIter < 1) {
      throw new IllegalArgumentException(
          "logistic max-iter must be >= 1 but was " + logisticMaxIter);
    }
    for (int d : gbtMaxDepths) {
      if (d < 1 || d > 30) {
        throw new IllegalArgumentException("gbt max-depths must be in 1..30 but contained " + d);
      }
    }
    if (gbtMaxIter < 1) {
      throw new IllegalArgumentException("gbt max-iter must be >= 1 but was " + gbtMaxIter);
    }
    if (!(gbtStepSize > 0 && gbtStepSize <= 1)) {
      throw new IllegalArgumentException("gbt step-size must be in (0, 1] but was " + gbtStepSize);
    }
  }

  /**
   * LR at 0 and 0.01 (L2); GBT of depth 3 with 30 rounds at 0.1: lapse.models.onset.logistic and
   * .gbt in reference.conf (SpecDefaultsTest keeps the two equal).
   */
  public static CandidateGrid defaults() {
    return new CandidateGrid(List.of(0.0, 0.01), 0.0, 100, List.of(3), 30, 0.1);
  }

  /** The candidates in a fixed order (logistic first), which also breaks ties in validation. */
  public List<Candidate> candidates() {
    List<Candidate> out = new java.util.ArrayList<>();
    for (double r : logisticRegParams) {
      out.add(new Candidate(Candidate.LOGISTIC_REGRESSION, new java.util.TreeMap<>(java.util.Map.of(
          "reg_param", fmt(r), "elastic_net", fmt(logisticElasticNet),
          "max_iter", Integer.toString(logisticMaxIter)))));
    }
    for (int d : gbtMaxDepths) {
      out.add(new Candidate(Candidate.GBT, new java.util.TreeMap<>(java.util.Map.of(
          "max_depth", Integer.toString(d), "max_iter", Integer.toString(gbtMaxIter),
          "step_size", fmt(gbtStepSize)))));
    }
    return List.copyOf(out);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
