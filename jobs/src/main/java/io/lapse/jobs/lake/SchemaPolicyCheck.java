package io.lapse.jobs.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Holds a publish to its table's {@link Table.SchemaPolicy}: the rows may add columns (and fields
 * to a struct), never change a column's type, and under a contract never drop or rename one.
 * Delta's mergeSchema alone would widen the table silently and let a column vanish from new rows.
 */
public final class SchemaPolicyCheck {

  private SchemaPolicyCheck() {}

  /**
   * The violations of publishing {@code written} to {@code table} whose schema is
   * {@code existing}, one message per column; empty when the publish may go ahead.
   */
  public static List<String> violations(Table table, StructType existing, StructType written) {
    List<String> problems = new ArrayList<>();
    for (StructField old : existing.fields()) {
      Optional<StructField> now = field(written, old.name());
      if (now.isEmpty()) {
        if (table.schemaPolicy() == Table.SchemaPolicy.CONTRACT
            && !table.optionalColumns().contains(old.name())) {
          problems.add("column " + old.name() + " (" + old.dataType().simpleString()
              + ") is in the table but not in the rows written: dropped or renamed");
        }
        continue;
      }
      DataType newType = now.get().dataType();
      if (!widens(old.dataType(), newType)) {
        problems.add("column " + old.name() + " is " + old.dataType().simpleString()
            + " in the table but " + newType.simpleString() + " in the rows written: retyped");
      }
    }
    return problems;
  }

  /** Whether {@code now} is {@code old} with at most struct fields added, nullability aside. */
  private static boolean widens(DataType old, DataType now) {
    if (old instanceof StructType o && now instanceof StructType n) {
      for (StructField f : o.fields()) {
        Optional<StructField> g = field(n, f.name());
        if (g.isEmpty() || !widens(f.dataType(), g.get().dataType())) {
          return false;
        }
      }
      return true;
    }
    if (old instanceof ArrayType o && now instanceof ArrayType n) {
      return widens(o.elementType(), n.elementType());
    }
    if (old instanceof MapType o && now instanceof MapType n) {
      return widens(o.keyType(), n.keyType()) && widens(o.valueType(), n.valueType());
    }
    return old.equals(now);
  }

  private static Optional<StructField> field(StructType type, String name) {
    for (StructField f : type.fields()) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
