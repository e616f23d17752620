package io.lapse.features.input;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Text values parsed only when they are what they claim to be. Spark's casts are lenient where
 * input data must not be: an ISO timestamp cast reads "2025" as 2025-01-01, and a string cast to
 * double goes through Java's parser, which reads "0x1p3" as 8, "12d" as 12 and "1e-400" as 0.
 * Each method gives null where the text is not a plain value, so the readers' checks quarantine it.
 */
public final class StrictValues {

  /** An optional sign, digits with an optional decimal point, an optional decimal exponent. */
  private static final String DECIMAL = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
  private static final String MANTISSA = "^[+-]?([0-9]*\\.?[0-9]*)";
  /** An ISO-8601 timestamp has at least a whole date. */
  private static final String ISO_DATE_FIRST = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$";

  /** Longest identifier accepted; anything longer is a broken field, not a customer. */
  public static final int MAX_ID_LENGTH = 256;

  private StrictValues() {}

  /** Whether an identifier is too long or holds control characters (tabs, line breaks). */
  public static Column invalidId(Column id) {
    return functions.length(id).gt(MAX_ID_LENGTH).or(id.rlike("\\p{Cntrl}"));
  }

  /**
   * A decimal number as a double; null when the text is anything else, or when it is a non-zero
   * number too small for a double (it would read 0).
   */
  public static Column decimal(Column text) {
    Column parsed = text.try_cast(DataTypes.DoubleType);
    Column nonZeroMantissa = regexp_extract(text, MANTISSA, 1).rlike("[1-9]");
    return when(text.rlike(DECIMAL).and(parsed.notEqual(lit(0.0)).or(not(nonZeroMantissa))),
        parsed);
  }

  /** Format of numbers of seconds since 1970-01-01 UTC. */
  public static final String EPOCH_SECONDS = "epoch-seconds";
  /** Format of numbers of milliseconds since 1970-01-01 UTC. */
  public static final String EPOCH_MILLIS = "epoch-millis";
  /** Beyond these a number is no epoch time of this era (year 5138 in seconds). */
  private static final double MAX_EPOCH_SECONDS = 1.0e11;
  private static final double MAX_EPOCH_MILLIS = 1.0e14;

  /**
   * The timestamp of a source column of any type: timestamps and dates as they are; numbers, or
   * text, as epoch seconds or milliseconds under those formats; other text by {@link
   * #timestamp(Column, String)}.
   */
  public static Column timestamp(Column c, DataType type, String format) {
    boolean millis = format.equals(EPOCH_MILLIS);
    if (millis || format.equals(EPOCH_SECONDS)) {
      Column n = type instanceof NumericType
          ? c.cast(DataTypes.DoubleType)
          : decimal(trim(c.cast(DataTypes.StringType)));
      Column plausible = abs(n).lt(millis ? MAX_EPOCH_MILLIS : MAX_EPOCH_SECONDS);
      return when(plausible, millis
          ? timestamp_millis(n.cast(DataTypes.LongType))
          : timestamp_seconds(n));
    }
    if (type instanceof TimestampType) {
      return c;
    }
    if (type instanceof TimestampNTZType || type instanceof DateType) {
      return c.cast(DataTypes.TimestampType);
    }
    Column s = type instanceof StringType ? trim(c) : c.cast(DataTypes.StringType);
    return timestamp(s, format);
  }

  /**
   * A timestamp: with a format, Spark's parse with it; without one, ISO-8601 holding at least a
   * whole date (a year or a month alone is not a point in time).
   */
  public static Column timestamp(Column text, String format) {
    if (!format.isBlank()) {
      return try_to_timestamp(text, lit(format));
    }
    return when(text.rlike(ISO_DATE_FIRST), try_to_timestamp(text));
  }
}
