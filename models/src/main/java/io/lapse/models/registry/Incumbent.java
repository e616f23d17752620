package io.lapse.models.registry;

/**
 * The current champion a new model is compared with.
 *
 * @param runId the champion's run id
 * @param metric the champion's value of the policy's metric, measured on the same validation
 *     rows as the new model (re-score the champion's artifact on them: metrics from another
 *     window are not comparable)
 */
public record Incumbent(String runId, double metric) {}
