package io.lapse.models.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * An order-independent fingerprint of a DataFrame's content (row count and the sum of per-row
 * xxhash64), so that a run id changes when the training rows change and not otherwise. One pass.
 * Spark cannot hash map columns; drop them first.
 */
public final class DataFingerprint {

  private DataFingerprint() {}

  public static String of(Dataset<Row> rows) {
    Column[] all = Arrays.stream(rows.columns()).sorted().map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
    // Decimal sum: the long sum of hashes would overflow (which is harmless but hides intent).
    Row r = rows.agg(count(lit(1)),
        sum(xxhash64(all).cast(DataTypes.createDecimalType(38, 0)))).first();
    return r.getLong(0) + ":" + (r.isNullAt(1) ? "0" : r.getDecimal(1).toPlainString());
  }
}
