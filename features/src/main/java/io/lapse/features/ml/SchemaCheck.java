package io.lapse.features.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input-column check of lapse's stages, in the manner of MLlib's {@code transformSchema}:
 * every missing column and every column of an unexpected type in one message that names the
 * stage, the column, the expected types and the type found.
 */
public final class SchemaCheck {

  private SchemaCheck() {}

  /**
   * A required column and the types it may have.
   *
   * @param expected the accepted types as the message names them
   */
  public record Column(String name, String expected, Predicate<DataType> accepts) {

    /** A column of one of {@code types}. */
    public static Column of(String name, DataType... types) {
      if (types.length == 0) {
        throw new IllegalArgumentException("column '" + name + "' needs at least one type");
      }
      List<DataType> accepted = List.of(types);
      return new Column(name, accepted.stream().map(SchemaCheck::typeName)
          .collect(Collectors.joining(" or ")), accepted::contains);
    }

    /** A column of any type: only its presence is checked. */
    public static Column any(String name) {
      return new Column(name, "any type", t -> true);
    }

    /** Columns of any type. */
    public static Column[] any(String... names) {
      return Arrays.stream(names).map(Column::any).toArray(Column[]::new);
    }

    /** A column of any numeric type (integers, floating point, decimals). */
    public static Column numeric(String name) {
      return new Column(name, "numeric", t -> t instanceof NumericType);
    }
  }

  /**
   * @throws IllegalArgumentException listing every problem, e.g. {@code CustomerFeatures: column
   *     'activity_date' must be DateType but was StringType; column 'amount' is missing (columns:
   *     customer_id, activity_date)}
   */
  /**
   * The column {@code name} of {@code df} cast to {@code type}, or a null of that type when
   * {@code df} has no such column: for inputs where a column is optional.
   */
  public static org.apache.spark.sql.Column optional(org.apache.spark.sql.Dataset<?> df,
      String name, DataType type) {
    return Arrays.asList(df.columns()).contains(name)
        ? org.apache.spark.sql.functions.col(name).cast(type)
        : org.apache.spark.sql.functions.lit(null).cast(type);
  }

  public static void require(String stage, StructType schema, Column... columns) {
    problems(stage, schema, columns).ifPresent(m -> {
      throw new IllegalArgumentException(m);
    });
  }

  /** The message {@link #require} throws, for callers that throw their own exception type. */
  public static Optional<String> problems(String stage, StructType schema, Column... columns) {
    List<String> names = Arrays.asList(schema.fieldNames());
    StringBuilder problems = new StringBuilder();
    for (Column c : columns) {
      String problem = null;
      if (!names.contains(c.name())) {
        problem = "column '" + c.name() + "' is missing";
      } else {
        StructField f = schema.apply(c.name());
        if (!c.accepts().test(f.dataType())) {
          problem = "column '" + c.name() + "' must be " + c.expected() + " but was "
              + typeName(f.dataType());
        }
      }
      if (problem != null) {
        problems.append(problems.isEmpty() ? "" : "; ").append(problem);
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(stage + ": " + problems
        + " (columns: " + String.join(", ", names) + ")");
  }

  private static String typeName(DataType t) {
    return t.getClass().getSimpleName().replace("$", "");
  }
}
