package io.lapse.jobs.config;

import java.util.List;

/** The configuration is unusable; carries every problem found, not only the first. */
public final class ConfigValidationException extends RuntimeException {

  private final List<String> problems;

  public ConfigValidationException(List<String> problems) {
    super("invalid configuration (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
