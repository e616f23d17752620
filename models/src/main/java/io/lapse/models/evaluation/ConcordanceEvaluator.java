package io.lapse.models.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Harrell's C per segment and overall on a DataFrame: each set of rows is collected to the driver
 * (three doubles a row) under the size guard of {@link ConcordanceSpec}, then
 * {@link ConcordanceIndex} runs in O(n log n).
 */
public final class ConcordanceEvaluator {

  private static final String SEG = "_c_segment";
  private static final String TIME = "_c_time";
  private static final String EVENT = "_c_event";
  private static final String PRED = "_c_pred";

  private final ConcordanceSpec spec;

  public ConcordanceEvaluator(ConcordanceSpec spec) {
    this.spec = spec;
  }

  /** C-index of predicted times (larger: expected to last longer). */
  public BySegment<Concordance> ofPredictedTimes(Dataset<Row> rows, String predictedTimeColumn) {
    return evaluate(rows, predictedTimeColumn, false);
  }

  /** C-index of risk scores (larger: event expected sooner). */
  public BySegment<Concordance> ofRiskScores(Dataset<Row> rows, String riskColumn) {
    return evaluate(rows, riskColumn, true);
  }

  private BySegment<Concordance> evaluate(Dataset<Row> rows, String column, boolean risk) {
    List<String> present = Arrays.asList(rows.columns());
    for (String c : List.of(spec.timeColumn(), spec.eventColumn(), spec.segmentColumn(), column)) {
      if (!present.contains(c)) {
        throw new IllegalArgumentException("column '" + c + "' is missing; columns: " + present);
      }
    }
    Column pred = col(column).cast(DataTypes.DoubleType);
    // Persisted: it is read once per segment, and the rows are often a scored pipeline.
    Dataset<Row> base = rows.select(
        col(spec.segmentColumn()).cast(DataTypes.StringType).as(SEG),
        col(spec.timeColumn()).cast(DataTypes.DoubleType).as(TIME),
        col(spec.eventColumn()).cast(DataTypes.BooleanType).as(EVENT),
        (risk ? pred.multiply(-1) : pred).as(PRED)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return evaluate(base, column);
    } finally {
      base.unpersist();
    }
  }

  private BySegment<Concordance> evaluate(Dataset<Row> base, String column) {
    Column bad = col(SEG).isNull().or(col(TIME).isNull()).or(isnan(col(TIME)))
        .or(col(EVENT).isNull()).or(col(PRED).isNull()).or(isnan(col(PRED)));
    Map<String, Long> sizes = new TreeMap<>();
    long total = 0;
    for (Row r : base.groupBy(SEG).agg(count(lit(1)), sum(when(bad, 1).otherwise(0)))
        .collectAsList()) {
      if (r.getLong(2) > 0) {
        throw new IllegalArgumentException("segment '" + r.getString(0) + "' has " + r.getLong(2)
            + " rows with a null segment, time, event or prediction ('" + column + "')");
      }
      sizes.put(r.getString(0), r.getLong(1));
      total += r.getLong(1);
    }
    if (total == 0) {
      throw new IllegalArgumentException("no rows to compute the concordance of '" + column + "'");
    }
    Map<String, Concordance> bySegment = new TreeMap<>();
    List<double[]> all = new ArrayList<>();
    boolean anySampled = false;
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      Collected c = collect(base.where(col(SEG).equalTo(e.getKey())), e.getValue());
      bySegment.put(e.getKey(), c.concordance());
      anySampled |= c.sampled;
      all.add(c.times);
      all.add(c.events);
      all.add(c.predicted);
    }
    Concordance overall;
    if (!anySampled && total <= spec.maxRowsPerSegment()) {
      overall = concatenated(all, total);
    } else {
      overall = collect(base, total).concordance();
    }
    return BySegment.of(overall, bySegment);
  }

  private Collected collect(Dataset<Row> rows, long size) {
    Dataset<Row> taken = rows;
    boolean sampled = size > spec.maxRowsPerSegment();
    if (sampled) {
      taken = rows.sample(false, (double) spec.maxRowsPerSegment() / size, spec.sampleSeed());
    }
    List<Row> collected = taken.select(TIME, EVENT, PRED).collectAsList();
    int n = collected.size();
    double[] times = new double[n];
    double[] events = new double[n];
    double[] predicted = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = collected.get(i);
      times[i] = r.getDouble(0);
      events[i] = r.getBoolean(1) ? 1 : 0;
      predicted[i] = r.getDouble(2);
    }
    return new Collected(times, events, predicted, size, sampled);
  }

  private static Concordance concatenated(List<double[]> parts, long total) {
    int n = (int) total;
    double[] times = new double[n];
    double[] events = new double[n];
    double[] predicted = new double[n];
    int at = 0;
    for (int p = 0; p < parts.size(); p += 3) {
      int len = parts.get(p).length;
      System.arraycopy(parts.get(p), 0, times, at, len);
      System.arraycopy(parts.get(p + 1), 0, events, at, len);
      System.arraycopy(parts.get(p + 2), 0, predicted, at, len);
      at += len;
    }
    return new Collected(times, events, predicted, total, false).concordance();
  }

  private record Collected(double[] times, double[] events, double[] predicted, long sampledFrom,
      boolean sampled) {
    Concordance concordance() {
      boolean[] e = new boolean[events.length];
      for (int i = 0; i < e.length; i++) {
        e[i] = events[i] > 0;
      }
      return ConcordanceIndex.compute(times, e, predicted, sampled ? sampledFrom : times.length);
    }
  }
}
