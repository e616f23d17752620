package io.lapse.models.policy;

import java.util.Arrays;

/**
 * The unit of the policy's time axis t: days of inactivity, or multiples of each customer's
 * personal latency (the usual gap between the customer's engaged days).
 */
public enum TimingUnit {
  DAYS("days"),
  LATENCY("latency");

  private final String key;

  TimingUnit(String key) {
    this.key = key;
  }

  /** The name used in configuration and in output columns. */
  public String key() {
    return key;
  }

  public static TimingUnit parse(String value) {
    for (TimingUnit u : values()) {
      if (u.key.equals(value)) {
        return u;
      }
    }
    throw new IllegalArgumentException("policy timing unit must be one of "
        + Arrays.stream(values()).map(TimingUnit::key).toList() + " but was '" + value + "'");
  }
}
