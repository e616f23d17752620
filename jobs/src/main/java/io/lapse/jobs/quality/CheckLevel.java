package io.lapse.jobs.quality;

import java.util.Locale;

/** What a failed check does: error stops the run before publishing, warn only records it. */
public enum CheckLevel {
  ERROR, WARN, OFF;

  public static CheckLevel parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "level must be one of error, warn, off but was '" + value + "'");
    }
  }

  /** As {@link #parse(String)}, the message naming the config key the value was read from. */
  public static CheckLevel parse(String value, String key) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key + " must be one of error, warn, off but was '" + value + "'");
    }
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
