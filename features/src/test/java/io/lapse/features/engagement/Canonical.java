package io.lapse.features.engagement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Rows as sorted strings, for comparing two results of a computation in plain Java. */
final class Canonical {

  private Canonical() {}

  /**
   * One string per row; doubles to 12 significant digits, because a sum of doubles may differ in
   * its last bit when Spark splits the same rows into partitions differently.
   */
  static List<String> rows(Dataset<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        values.add(v instanceof Double d
            ? String.format(Locale.ROOT, "%.12g", d) : String.valueOf(v));
      }
      out.add(String.join(" ", values));
    }
    Collections.sort(out);
    return out;
  }
}
