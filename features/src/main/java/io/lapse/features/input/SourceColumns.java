package io.lapse.features.input;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Column helpers the raw-input readers (transactions, events) share. */
public final class SourceColumns {

  private SourceColumns() {}

  /** A source column name quoted for Spark, so that dots, spaces and backticks are literal. */
  public static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Every column of the schema except one (none when {@code except} is null), quoted. */
  public static Column[] columnsExcept(StructType s, String except) {
    return Arrays.stream(s.fieldNames())
        .filter(n -> !n.equals(except))
        .map(n -> col(quoted(n)))
        .toArray(Column[]::new);
  }

}
