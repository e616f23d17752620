package io.lapse.features.engagement;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where raw clickstream events come from and how they map onto lapse's event contract.
 *
 * @param format one of {@link #FORMATS}
 * @param path file, folder or Delta table path; empty means no clickstream is configured (reading
 *     it is then an error)
 * @param csvHeader CSV only: whether files start with a header line
 * @param csvDelimiter CSV only: field delimiter
 * @param timestampFormat Spark datetime pattern of string timestamps; empty for ISO-8601;
 *     {@value #EPOCH_SECONDS} or {@value #EPOCH_MILLIS} for numbers since 1970-01-01 UTC
 * @param columns the source columns
 * @param constantEventType the event type of every record, for a one-kind activity log (ratings,
 *     logins) without an event-type column; empty to read {@link EventColumns#eventType()}
 */
public record EventSourceSpec(
    String format,
    String path,
    boolean csvHeader,
    String csvDelimiter,
    String timestampFormat,
    EventColumns columns,
    String constantEventType) {

  public static final List<String> FORMATS = List.of("csv", "json", "parquet", "delta");
  public static final String EPOCH_SECONDS = io.lapse.features.input.StrictValues.EPOCH_SECONDS;
  public static final String EPOCH_MILLIS = io.lapse.features.input.StrictValues.EPOCH_MILLIS;

  public EventSourceSpec {
    Objects.requireNonNull(format, "format");
    format = format.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "event input format must be one of " + FORMATS + " but was '" + format + "'");
    }
    path = path == null ? "" : path.trim();
    if (csvDelimiter == null || csvDelimiter.isEmpty()) {
      throw new IllegalArgumentException("event input csv-delimiter must not be empty");
    }
    timestampFormat = timestampFormat == null ? "" : timestampFormat;
    Objects.requireNonNull(columns, "columns");
    constantEventType = constantEventType == null ? "" : constantEventType.trim();
  }

  public EventSourceSpec(String format, String path, boolean csvHeader, String csvDelimiter,
      String timestampFormat, EventColumns columns) {
    this(format, path, csvHeader, csvDelimiter, timestampFormat, columns, "");
  }

  /** The source columns read: the mapped ones, without the event type when it is constant. */
  public java.util.Map<String, String> readColumns() {
    java.util.Map<String, String> m = columns.mapped();
    if (!constantEventType.isEmpty()) {
      m.remove("event-type");
    }
    return m;
  }

  /** JSON lines with ISO-8601 timestamps and the default columns; no path. */
  public static EventSourceSpec defaults() {
    return new EventSourceSpec("json", "", true, ",", "", EventColumns.defaults());
  }

  public EventSourceSpec withPath(String newPath) {
    return new EventSourceSpec(format, newPath, csvHeader, csvDelimiter, timestampFormat, columns,
        constantEventType);
  }

  public EventSourceSpec withFormat(String newFormat) {
    return new EventSourceSpec(newFormat, path, csvHeader, csvDelimiter, timestampFormat, columns,
        constantEventType);
  }

  public EventSourceSpec withColumns(EventColumns newColumns) {
    return new EventSourceSpec(format, path, csvHeader, csvDelimiter, timestampFormat, newColumns,
        constantEventType);
  }

  public EventSourceSpec withTimestampFormat(String newFormat) {
    return new EventSourceSpec(format, path, csvHeader, csvDelimiter, newFormat, columns,
        constantEventType);
  }

  public EventSourceSpec withConstantEventType(String type) {
    return new EventSourceSpec(format, path, csvHeader, csvDelimiter, timestampFormat, columns,
        type);
  }

  public boolean isConfigured() {
    return !path.isEmpty();
  }
}
