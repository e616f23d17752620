package io.lapse.models.registry;

/**
 * The champion/challenger outcome of a new model and why.
 *
 * @param status the new model's status
 * @param reason one sentence with the numbers compared
 */
public record Decision(ModelStatus status, String reason) {}
