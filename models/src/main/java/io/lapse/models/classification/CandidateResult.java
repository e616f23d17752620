package io.lapse.models.classification;

/**
 * A candidate's score in time-ordered validation.
 *
 * @param candidate the candidate
 * @param validationMetric its selection metric on the validation snapshots (NaN when undefined)
 */
public record CandidateResult(Candidate candidate, double validationMetric) {}
