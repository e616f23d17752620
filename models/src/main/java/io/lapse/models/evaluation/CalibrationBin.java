package io.lapse.models.evaluation;

/**
 * One quantile bin of predicted scores: bin 1 holds the lowest scores. Rows with equal scores
 * always share a bin, so bins can be unequal when scores tie.
 *
 * @param bin 1-based bin number
 * @param rows rows in the bin
 * @param meanPredicted mean score of the bin
 * @param observedRate share of positive labels in the bin
 * @param minScore lowest score in the bin
 * @param maxScore highest score in the bin
 */
public record CalibrationBin(
    int bin, long rows, double meanPredicted, double observedRate, double minScore,
    double maxScore) {}
