package io.lapse.features.input;

/** An input lacks a column the configuration maps, or has it with an unusable type. */
public final class InputSchemaException extends RuntimeException {
  public InputSchemaException(String message) {
    super(message);
  }
}
