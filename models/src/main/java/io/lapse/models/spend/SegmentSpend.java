package io.lapse.models.spend;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import io.lapse.features.Segmenter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Gamma-Gamma statistics of every segment and of ALL from the repeat customers (segment, x,
 * total). A segment whose customers share at most {@code maxDriverRows} distinct (x, total in
 * cents) is grouped exactly and fitted in memory; a larger one keeps its rows cached on the
 * cluster and each trial gamma of its fit is one aggregate ({@link SparkGammaSums}). Close it to
 * release those caches.
 */
public final class SegmentSpend implements AutoCloseable {

  private static final String CENTS = "_cents";

  private final Map<String, RepeatSpendStatistics> bySegment;
  private final List<Dataset<Row>> cached;

  private SegmentSpend(Map<String, RepeatSpendStatistics> bySegment, List<Dataset<Row>> cached) {
    this.bySegment = bySegment;
    this.cached = cached;
  }

  /** @param repeatCustomers rows of {@link RepeatSpend#repeatCustomers} */
  public static SegmentSpend of(Dataset<Row> repeatCustomers, long maxDriverRows) {
    if (maxDriverRows < 1) {
      throw new IllegalArgumentException("maxDriverRows must be >= 1 but was " + maxDriverRows);
    }
    Column segment = col(Segmenter.SEGMENT);
    Column x = col(RepeatSpend.X);
    Column total = col(RepeatSpend.TOTAL);
    Dataset<Row> keyed = repeatCustomers.where(segment.notEqual(lit(Segmenter.ALL)))
        .unionByName(repeatCustomers.select(lit(Segmenter.ALL).as(Segmenter.SEGMENT), x, total))
        .withColumn(CENTS, round(total.multiply(100)).cast(DataTypes.LongType))
        // Both paths fit the same customers: a total under half a cent has no cents to group by.
        .where(col(CENTS).gt(0));
    Column mean = total.divide(x);
    Map<String, Row> summaries = new TreeMap<>();
    for (Row r : keyed.groupBy(segment).agg(count(lit(1)), sum(log(mean)), sum(log(total)),
        avg(mean), corr(x.cast("double"), mean), count_distinct(x, col(CENTS))).collectAsList()) {
      summaries.put(r.getString(0), r);
    }
    Map<String, Map<Integer, Long>> byX = new HashMap<>();
    for (Row r : keyed.groupBy(segment, x).count().collectAsList()) {
      byX.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), r.getLong(2));
    }
    List<String> small = new ArrayList<>();
    Map<String, RepeatSpendStatistics> out = new TreeMap<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    for (Map.Entry<String, Row> e : summaries.entrySet()) {
      Row r = e.getValue();
      if (r.getLong(6) <= maxDriverRows) {
        small.add(e.getKey());
      } else {
        Dataset<Row> rows = keyed.where(segment.equalTo(lit(e.getKey())))
            .select(x, total).cache();
        cached.add(rows);
        out.put(e.getKey(), new RepeatSpendStatistics(byX.get(e.getKey()), r.getDouble(2),
            r.getDouble(3), r.getDouble(4), r.isNullAt(5) ? Double.NaN : r.getDouble(5),
            new SparkGammaSums(rows)));
      }
    }
    if (!small.isEmpty()) {
      Map<String, RepeatSpendStatistics.Builder> builders = new TreeMap<>();
      Iterator<Row> grouped = keyed.where(segment.isin(small.toArray()))
          .groupBy(segment, x, col(CENTS)).count()
          .orderBy(Segmenter.SEGMENT, RepeatSpend.X, CENTS)
          .toLocalIterator();
      while (grouped.hasNext()) {
        Row g = grouped.next();
        builders.computeIfAbsent(g.getString(0), k -> RepeatSpendStatistics.builder())
            .add(g.getInt(1), g.getLong(2) / 100.0, g.getLong(3));
      }
      builders.forEach((k, b) -> out.put(k, b.build()));
    }
    return new SegmentSpend(out, cached);
  }

  /**
   * Statistics by segment, ALL included when any customer repeats; no entry for a segment
   * without repeat customers.
   */
  public Map<String, RepeatSpendStatistics> bySegment() {
    return bySegment;
  }

  @Override
  public void close() {
    cached.forEach(Dataset::unpersist);
  }
}
