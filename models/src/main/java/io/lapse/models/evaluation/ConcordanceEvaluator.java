package io.lapse.models.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
  private static final String PRED = "_c_pred_";

  private final ConcordanceSpec spec;

  public ConcordanceEvaluator(ConcordanceSpec spec) {
    this.spec = spec;
  }

  /**
   * One score to evaluate.
   *
   * @param name the key of its result
   * @param column its column
   * @param risk true: a risk score (larger: event expected sooner); false: a predicted time
   */
  public record Score(String name, String column, boolean risk) {

    public static Score predictedTime(String name, String column) {
      return new Score(name, column, false);
    }

    public static Score risk(String name, String column) {
      return new Score(name, column, true);
    }
  }

  /** C-index of predicted times (larger: expected to last longer). */
  public BySegment<Concordance> ofPredictedTimes(Dataset<Row> rows, String predictedTimeColumn) {
    return evaluateAll(rows, List.of(Score.predictedTime(predictedTimeColumn,
        predictedTimeColumn))).get(predictedTimeColumn);
  }

  /** C-index of risk scores (larger: event expected sooner). */
  public BySegment<Concordance> ofRiskScores(Dataset<Row> rows, String riskColumn) {
    return evaluateAll(rows, List.of(Score.risk(riskColumn, riskColumn))).get(riskColumn);
  }

  /**
   * C-indexes of several scores on the same rows, keyed by score name in the given order: each
   * segment's rows are collected once with every score.
   */
  public Map<String, BySegment<Concordance>> evaluateAll(Dataset<Row> rows, List<Score> scores) {
    List<String> present = Arrays.asList(rows.columns());
    List<String> needed = new ArrayList<>(List.of(spec.timeColumn(), spec.eventColumn(),
        spec.segmentColumn()));
    scores.forEach(s -> needed.add(s.column()));
    for (String c : needed) {
      if (!present.contains(c)) {
        throw new IllegalArgumentException("column '" + c + "' is missing; columns: " + present);
      }
    }
    List<Column> columns = new ArrayList<>(List.of(
        col(spec.segmentColumn()).cast(DataTypes.StringType).as(SEG),
        col(spec.timeColumn()).cast(DataTypes.DoubleType).as(TIME),
        col(spec.eventColumn()).cast(DataTypes.BooleanType).as(EVENT)));
    for (int k = 0; k < scores.size(); k++) {
      Column pred = col(scores.get(k).column()).cast(DataTypes.DoubleType);
      columns.add((scores.get(k).risk() ? pred.multiply(-1) : pred).as(PRED + k));
    }
    // Persisted: it is read once per segment, and the rows are often a scored pipeline.
    Dataset<Row> base = rows.select(columns.toArray(Column[]::new))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return evaluate(base, scores);
    } finally {
      base.unpersist();
    }
  }

  private Map<String, BySegment<Concordance>> evaluate(Dataset<Row> base, List<Score> scores) {
    Column rowBad = col(SEG).isNull().or(col(TIME).isNull()).or(isnan(col(TIME)))
        .or(col(EVENT).isNull());
    List<Column> aggregates = new ArrayList<>();
    for (int k = 0; k < scores.size(); k++) {
      Column bad = rowBad.or(col(PRED + k).isNull()).or(isnan(col(PRED + k)));
      aggregates.add(sum(when(bad, 1).otherwise(0)));
    }
    Map<String, Long> sizes = new TreeMap<>();
    long total = 0;
    for (Row r : base.groupBy(SEG).agg(count(lit(1)), aggregates.toArray(Column[]::new))
        .collectAsList()) {
      for (int k = 0; k < scores.size(); k++) {
        if (r.getLong(2 + k) > 0) {
          throw new IllegalArgumentException("segment '" + r.getString(0) + "' has "
              + r.getLong(2 + k) + " rows with a null segment, time, event or prediction ('"
              + scores.get(k).column() + "')");
        }
      }
      sizes.put(r.getString(0), r.getLong(1));
      total += r.getLong(1);
    }
    if (total == 0) {
      throw new IllegalArgumentException("no rows to compute the concordance of '"
          + scores.stream().map(Score::column).collect(Collectors.joining("', '")) + "'");
    }
    List<Map<String, Concordance>> bySegment = new ArrayList<>();
    scores.forEach(s -> bySegment.add(new TreeMap<>()));
    List<Collected> parts = new ArrayList<>();
    boolean anySampled = false;
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      Collected c = collect(base.where(col(SEG).equalTo(e.getKey())), e.getValue(),
          scores.size());
      for (int k = 0; k < scores.size(); k++) {
        bySegment.get(k).put(e.getKey(), c.concordance(k));
      }
      anySampled |= c.sampled;
      parts.add(c);
    }
    Collected overall = !anySampled && total <= spec.maxRowsPerSegment()
        ? concatenated(parts, total, scores.size())
        : collect(base, total, scores.size());
    Map<String, BySegment<Concordance>> out = new LinkedHashMap<>();
    for (int k = 0; k < scores.size(); k++) {
      out.put(scores.get(k).name(), BySegment.of(overall.concordance(k), bySegment.get(k)));
    }
    return out;
  }

  private Collected collect(Dataset<Row> rows, long size, int scores) {
    Dataset<Row> taken = rows;
    boolean sampled = size > spec.maxRowsPerSegment();
    if (sampled) {
      taken = rows.sample(false, (double) spec.maxRowsPerSegment() / size, spec.sampleSeed());
    }
    List<Column> columns = new ArrayList<>(List.of(col(TIME), col(EVENT)));
    for (int k = 0; k < scores; k++) {
      columns.add(col(PRED + k));
    }
    List<Row> collected = taken.select(columns.toArray(Column[]::new)).collectAsList();
    int n = collected.size();
    double[] times = new double[n];
    double[] events = new double[n];
    double[][] predicted = new double[scores][n];
    for (int i = 0; i < n; i++) {
      Row r = collected.get(i);
      times[i] = r.getDouble(0);
      events[i] = r.getBoolean(1) ? 1 : 0;
      for (int k = 0; k < scores; k++) {
        predicted[k][i] = r.getDouble(2 + k);
      }
    }
    return new Collected(times, events, predicted, size, sampled);
  }

  private static Collected concatenated(List<Collected> parts, long total, int scores) {
    int n = (int) total;
    double[] times = new double[n];
    double[] events = new double[n];
    double[][] predicted = new double[scores][n];
    int at = 0;
    for (Collected p : parts) {
      int len = p.times.length;
      System.arraycopy(p.times, 0, times, at, len);
      System.arraycopy(p.events, 0, events, at, len);
      for (int k = 0; k < scores; k++) {
        System.arraycopy(p.predicted[k], 0, predicted[k], at, len);
      }
      at += len;
    }
    return new Collected(times, events, predicted, total, false);
  }

  private record Collected(double[] times, double[] events, double[][] predicted,
      long sampledFrom, boolean sampled) {
    Concordance concordance(int score) {
      boolean[] e = new boolean[events.length];
      for (int i = 0; i < e.length; i++) {
        e[i] = events[i] > 0;
      }
      return ConcordanceIndex.compute(times, e, predicted[score],
          sampled ? sampledFrom : times.length);
    }
  }
}
