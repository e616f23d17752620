package io.lapse.jobs.quality;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The data_quality table: one row per evaluated check of a source's run. */
public final class DataQualityRows {

  public static final StructType SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("source", DataTypes.StringType, false)
      .add("check", DataTypes.StringType, false)
      .add("level", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("threshold", DataTypes.StringType, false)
      .add("passed", DataTypes.BooleanType, false)
      .add("message", DataTypes.StringType, false);

  private DataQualityRows() {}

  /** The rows, in {@link #SCHEMA}, of the checks of {@code source}'s run for {@code asOf}. */
  public static List<Row> rows(LocalDate asOf, String source, List<CheckResult> checks) {
    return checks.stream().map(c -> RowFactory.create(Date.valueOf(asOf), source, c.check(),
        c.level().code(), c.value(), c.threshold(), c.passed(), c.message())).toList();
  }
}
