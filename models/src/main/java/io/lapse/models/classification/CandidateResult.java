package io.lapse.models.classification;

/**
 * A candidate's score in time-ordered validation.
 *
 * @param candidate the candidate
 * @param validationMetric its selection metric on the validation snapshots (NaN when undefined)
 * @param selectionScore what the candidates were compared on: the validation metric, or its mean
 *     with the same candidate's metric one fold earlier (rolling origin)
 */
public record CandidateResult(Candidate candidate, double validationMetric,
    double selectionScore) {

  /** A result compared on its own validation metric. */
  public CandidateResult(Candidate candidate, double validationMetric) {
    this(candidate, validationMetric, validationMetric);
  }
}
