package io.lapse.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.lapse.models.bgnbd.BgNbdParams;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads and checks single values of the config; the messages name the bad value. */
final class ConfigValues {

  private ConfigValues() {}

  static Optional<LocalDate> optionalDate(Config c, String key) {
    String v = c.getString(key);
    return v.isBlank() ? Optional.empty() : Optional.of(date(v, key));
  }

  static LocalDate date(String value, String key) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be a date YYYY-MM-DD but was '" + value + "'");
    }
  }

  /** A region (Europe/Paris), UTC or an offset (+02:00), as java.time.ZoneId reads them. */
  static ZoneId zone(String value, String key) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(key + " must be a time zone such as UTC, Europe/Paris"
          + " or +02:00 but was '" + value + "'");
    }
  }

  /**
   * A folder lapse writes into: it must not climb out with '..' segments, which would put files
   * (and the scratch folders a rerun deletes) beside or above the folder the setting names.
   */
  static String writableFolder(String value, String key) {
    for (String segment : value.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException(key + " must not contain '..' segments (it would write"
            + " outside the folder it names) but was '" + maskedPath(value) + "'");
      }
    }
    return value;
  }

  /**
   * A path as it may be printed: credentials in a URL (user:secret@host) and query strings
   * (signatures, SAS tokens) masked, since a secret put in the wrong key must not reach a log.
   */
  static String maskedPath(String value) {
    return value.replaceAll("(?<=://)[^/@]*@", "***@").replaceAll("\\?.*$", "?***");
  }

  static long positive(long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("must be > 0 but was " + value);
    }
    return value;
  }

  static long nonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("must be >= 0 but was " + value);
    }
    return value;
  }

  /** Keeps construction going after a bad number so that every problem gets reported. */
  static long orZero(Long value) {
    return value == null ? 0L : value;
  }

  static Map<String, String> stringMap(Config c) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      ConfigValueType t = e.getValue().valueType();
      if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
        throw new IllegalArgumentException("lapse.spark.conf." + e.getKey()
            + " must be a plain value but was a " + t.name().toLowerCase());
      }
      out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** BG/NBD parameters read from a config object with keys r, alpha, a, b. */
  static BgNbdParams bgnbdParams(Config c) {
    return new BgNbdParams(c.getDouble("r"), c.getDouble("alpha"), c.getDouble("a"),
        c.getDouble("b"));
  }
}
