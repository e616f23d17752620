package io.lapse.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/** Reading a report's values out of Spark rows and writing them as text. */
public final class Cells {

  private Cells() {}

  /** A numeric field as a double, whatever its numeric type; NaN when null. */
  static double number(Row row, String field) {
    Object value = row.getAs(field);
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }

  /** Any field as table text: numbers formatted, the rest as they are. */
  static String cell(Row row, String field) {
    Object value = row.getAs(field);
    return value instanceof Number n ? format(n.doubleValue()) : value == null ? ""
        : value.toString();
  }

  static String text(Row row, String field) {
    Object value = row.getAs(field);
    return value == null ? "" : value.toString();
  }

  /** An array-of-struct field as a list of rows; empty when null. */
  static List<Row> structs(Row row, String field) {
    Object value = row.getAs(field);
    if (value == null) {
      return List.of();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      List<Row> out = new ArrayList<>();
      CollectionConverters.asJava(seq).forEach(o -> out.add((Row) o));
      return out;
    }
    return ((List<?>) value).stream().map(Row.class::cast).toList();
  }

  /** A map field as a Java map; empty when null. */
  static java.util.Map<String, Object> map(Row row, String field) {
    Object value = row.getAs(field);
    if (value == null) {
      return java.util.Map.of();
    }
    java.util.Map<String, Object> out = new java.util.TreeMap<>();
    if (value instanceof scala.collection.Map<?, ?> m) {
      CollectionConverters.asJava(m).forEach((k, v) -> out.put(k.toString(), v));
    } else {
      ((java.util.Map<?, ?>) value).forEach((k, v) -> out.put(k.toString(), v));
    }
    return out;
  }

  /** Four significant digits at most, no exponent for everyday magnitudes; "" for NaN. */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e6) {
      int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(magnitude)));
      return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
    return String.format(Locale.ROOT, "%.3e", value);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
