package io.lapse.models.spend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@link GammaSums} by one cluster aggregate per call over (x, total) rows, for segments whose
 * exact grouping would not fit the driver: the driver receives four numbers per trial gamma. The
 * caller caches the rows (each fit makes about 40 calls).
 */
public final class SparkGammaSums implements GammaSums {

  private final Dataset<Row> rows;

  /** @param rows columns {@link RepeatSpend#X} (int) and {@link RepeatSpend#TOTAL} (double) */
  public SparkGammaSums(Dataset<Row> rows) {
    this.rows = rows;
  }

  @Override
  public Terms at(double gamma) {
    Column x = col(RepeatSpend.X).cast("double");
    Column z = col(RepeatSpend.TOTAL);
    Column l = log1p(lit(gamma).divide(z));
    Column inverse = lit(1.0).divide(z.plus(lit(gamma)));
    Row r = rows.agg(sum(x.multiply(l)), sum(l), sum(x.multiply(inverse)), sum(inverse)).first();
    return new Terms(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3));
  }
}
