package io.lapse.models.evaluation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ml.SchemaCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * ROC AUC, PR AUC, Brier score, calibration bins and top-fraction lift and capture of a score,
 * per segment and overall, in two Spark jobs whatever the number of segments and scores.
 *
 * <p>Everything is read off one table: the distinct scores of every segment (and of all rows)
 * with their row and positive counts, swept in score order by window functions. The AUCs follow
 * MLlib's {@code BinaryClassificationMetrics} without binning exactly (one curve point per
 * distinct score, trapezoids, the PR curve starting at recall 0 with the first precision); the
 * tests check them against MLlib. MLlib itself evaluates one set of rows per call, several jobs
 * each, which per segment and per score adds up in a nightly evaluation; it is used directly
 * where one set of rows is scored (hyper-parameter selection).
 *
 * <p>Ties: rows with one score always share a calibration bin, and a score group that straddles
 * the top-fraction boundary contributes its positives pro rata (the expected value under a random
 * order of the tied rows), so a coarse score such as recency in whole days gets no arbitrary lift
 * from the order in which Spark meets ties.
 */
public final class BinaryEvaluator {

  private static final String SEG = "_eval_segment";
  private static final String GROUP = "_eval_group";
  private static final String SCORE = "_eval_score";
  private static final String LABEL = "_eval_label";
  private static final String NAME = "_eval_name";
  private static final String PAIR = "_eval_pair";
  /** Group key of all rows; segment keys are prefixed so no segment name can collide with it. */
  private static final String OVERALL = "*";
  private static final String SEGMENT_PREFIX = "s:";

  private final BinaryEvaluationSpec spec;

  public BinaryEvaluator(BinaryEvaluationSpec spec) {
    this.spec = spec;
  }

  public BinaryEvaluationSpec spec() {
    return spec;
  }

  /**
   * Evaluates one score.
   *
   * @throws IllegalArgumentException when a column is missing, the rows are empty, a score or
   *     segment is null/NaN, a label is not 0/1, or a probability score leaves [0, 1]
   */
  public BySegment<BinaryMetrics> evaluate(Dataset<Row> rows, ScoreColumn score) {
    return evaluateAll(rows, List.of(score)).get(score.name());
  }

  /**
   * Evaluates several scores on the same rows, keyed by score name in the given order, in the
   * same two Spark jobs as one score: the scores are stacked into one long table first.
   */
  public Map<String, BySegment<BinaryMetrics>> evaluateAll(Dataset<Row> rows,
      List<ScoreColumn> scores) {
    Map<String, ScoreColumn> byName = new LinkedHashMap<>();
    for (ScoreColumn s : scores) {
      if (byName.put(s.name(), s) != null) {
        throw new IllegalArgumentException("score names must be unique but '" + s.name()
            + "' is given twice");
      }
    }
    if (byName.isEmpty()) {
      return new LinkedHashMap<>();
    }
    List<SchemaCheck.Column> required = new ArrayList<>(List.of(
        SchemaCheck.Column.any(spec.labelColumn(), spec.segmentColumn())));
    scores.forEach(s -> required.add(SchemaCheck.Column.any(s.column())));
    SchemaCheck.require("BinaryEvaluator", rows.schema(),
        required.toArray(SchemaCheck.Column[]::new));
    Column[] pairs = scores.stream().map(s -> struct(lit(s.name()).as("name"),
        col(s.column()).cast(DataTypes.DoubleType).as("score"))).toArray(Column[]::new);
    Dataset<Row> base = rows.select(
            col(spec.segmentColumn()).cast(DataTypes.StringType).as(SEG),
            col(spec.labelColumn()).cast(DataTypes.DoubleType).as(LABEL),
            explode(array(pairs)).as(PAIR))
        .select(col(PAIR + ".name").as(NAME), col(SEG), col(PAIR + ".score").as(SCORE),
            col(LABEL))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Map<String, Summary>> summaries = summarize(base, byName);
      Map<String, Map<String, Curves>> curves = curves(base);
      Map<String, BySegment<BinaryMetrics>> out = new LinkedHashMap<>();
      for (ScoreColumn score : scores) {
        Map<String, Curves> scoreCurves = curves.getOrDefault(score.name(), Map.of());
        Map<String, BinaryMetrics> bySegment = new TreeMap<>();
        Summary overall = Summary.EMPTY;
        for (Map.Entry<String, Summary> e
            : summaries.getOrDefault(score.name(), Map.of()).entrySet()) {
          overall = overall.plus(e.getValue());
          bySegment.put(e.getKey(),
              metrics(e.getValue(), scoreCurves.get(SEGMENT_PREFIX + e.getKey()), score));
        }
        if (overall.rows == 0) {
          throw new IllegalArgumentException("no rows to evaluate for score '" + score.name()
              + "'");
        }
        out.put(score.name(),
            BySegment.of(metrics(overall, scoreCurves.get(OVERALL), score), bySegment));
      }
      return out;
    } finally {
      base.unpersist();
    }
  }

  private BinaryMetrics metrics(Summary s, Curves c, ScoreColumn score) {
    boolean bothClasses = s.positives > 0 && s.positives < s.rows;
    double capture = s.positives > 0 ? c.topPositives / s.positives : Double.NaN;
    // Lift = (top rate) / (overall rate) = capture / top fraction, since the top holds exactly
    // that fraction of rows once ties are shared pro rata.
    double lift = capture / spec.topFraction();
    double brier = score.probability() ? s.squaredError / s.rows : Double.NaN;
    return new BinaryMetrics(s.rows, s.positives, bothClasses ? c.rocAuc : Double.NaN,
        bothClasses ? c.prAuc : Double.NaN, brier, lift, capture,
        score.probability() ? c.bins : List.of());
  }

  /**
   * Row counts, positives, squared error and range per score and segment, validating the inputs
   * (the scores in their given order, each score's segments in name order).
   */
  private Map<String, Map<String, Summary>> summarize(Dataset<Row> base,
      Map<String, ScoreColumn> scores) {
    Column badScore = col(SCORE).isNull().or(isnan(col(SCORE)));
    Column badLabel = col(LABEL).isNull()
        .or(org.apache.spark.sql.functions.not(col(LABEL).isin(0.0, 1.0)));
    List<Row> rows = base.groupBy(NAME, SEG).agg(
            count(lit(1)),
            sum(col(LABEL)),
            sum(pow(col(SCORE).minus(col(LABEL)), 2)),
            min(col(SCORE)),
            max(col(SCORE)),
            sum(when(badScore, 1).otherwise(0)),
            sum(when(badLabel, 1).otherwise(0)))
        .collectAsList();
    Map<String, Map<String, Row>> byScore = new HashMap<>();
    for (Row r : rows) {
      if (r.isNullAt(1)) {
        throw new IllegalArgumentException("segment column '" + spec.segmentColumn() + "' is null"
            + " in " + r.getLong(2) + " rows");
      }
      byScore.computeIfAbsent(r.getString(0), n -> new TreeMap<>()).put(r.getString(1), r);
    }
    Map<String, Map<String, Summary>> out = new HashMap<>();
    for (ScoreColumn score : scores.values()) {
      Map<String, Summary> bySegment = new TreeMap<>();
      for (Map.Entry<String, Row> e : byScore.getOrDefault(score.name(), Map.of()).entrySet()) {
        String segment = e.getKey();
        Row r = e.getValue();
        long badScores = r.getLong(7);
        long badLabels = r.getLong(8);
        if (badScores > 0) {
          throw new IllegalArgumentException("score column '" + score.column() + "' is null or"
              + " NaN in " + badScores + " rows of segment '" + segment + "'");
        }
        if (badLabels > 0) {
          throw new IllegalArgumentException("label column '" + spec.labelColumn() + "' must be 0"
              + " or 1 but is null or another value in " + badLabels + " rows of segment '"
              + segment + "'");
        }
        double lo = r.getDouble(5);
        double hi = r.getDouble(6);
        if (score.probability() && (lo < 0 || hi > 1)) {
          throw new IllegalArgumentException("score '" + score.name() + "' is declared a"
              + " probability but ranges over [" + lo + ", " + hi + "] in segment '" + segment
              + "'");
        }
        bySegment.put(segment,
            new Summary(r.getLong(2), Math.round(r.getDouble(3)), r.getDouble(4)));
      }
      out.put(score.name(), bySegment);
    }
    return out;
  }

  /**
   * One pass over the distinct scores of every segment and of all rows, highest first: the ROC
   * and PR trapezoids between consecutive thresholds, the positives in the top fraction and the
   * calibration bins.
   */
  private Map<String, Map<String, Curves>> curves(Dataset<Row> base) {
    Dataset<Row> keyed = base.select(col(NAME), concat(lit(SEGMENT_PREFIX), col(SEG)).as(GROUP),
            col(SCORE), col(LABEL))
        .union(base.select(col(NAME), lit(OVERALL).as(GROUP), col(SCORE), col(LABEL)));
    Dataset<Row> byScore = keyed.groupBy(NAME, GROUP, SCORE)
        .agg(count(lit(1)).as("n"), sum(col(LABEL)).as("pos"));
    WindowSpec ordered = Window.partitionBy(NAME, GROUP).orderBy(col(SCORE).desc());
    WindowSpec through = ordered.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec whole = Window.partitionBy(NAME, GROUP);
    Column n = col("n");
    Column pos = col("pos");
    Dataset<Row> swept = byScore
        .withColumn("cum_n", sum(n).over(through))
        .withColumn("cum_pos", sum(pos).over(through))
        .withColumn("total", sum(n).over(whole))
        .withColumn("total_pos", sum(pos).over(whole));
    Column cumPos = col("cum_pos");
    Column cumNeg = col("cum_n").minus(cumPos);
    Column total = col("total");
    Column totalPos = col("total_pos");
    Column totalNeg = total.minus(totalPos);
    // A segment of one class has no curve: NaN (ANSI SQL would fail on the division by zero).
    Column tpr = when(totalPos.gt(0), cumPos.divide(totalPos)).otherwise(lit(Double.NaN));
    Column fpr = when(totalNeg.gt(0), cumNeg.divide(totalNeg)).otherwise(lit(Double.NaN));
    Column precision = cumPos.divide(col("cum_n"));
    // Curves start at ROC (0, 0) and PR (0, precision of the highest threshold), as in MLlib.
    Column prevTpr = coalesce(lag(tpr, 1).over(ordered), lit(0.0));
    Column prevFpr = coalesce(lag(fpr, 1).over(ordered), lit(0.0));
    Column prevPrecision = coalesce(lag(precision, 1).over(ordered), precision);
    Column rocPart = fpr.minus(prevFpr).multiply(tpr.plus(prevTpr)).divide(2);
    Column prPart = tpr.minus(prevTpr).multiply(precision.plus(prevPrecision)).divide(2);
    Column above = col("cum_n").minus(n);
    Column k = total.multiply(spec.topFraction());
    Column taken = greatest(lit(0.0), least(n.cast(DataTypes.DoubleType), k.minus(above)));
    Column below = total.minus(col("cum_n"));
    Column bin = least(lit(spec.calibrationBins() - 1),
        floor(below.multiply(spec.calibrationBins()).divide(total)).cast(DataTypes.IntegerType))
        .plus(1);
    List<Row> rows = swept
        .select(col(NAME), col(GROUP), col(SCORE), n, pos, bin.as("bin"),
            pos.multiply(taken).divide(n).as("top_pos"), rocPart.as("roc"), prPart.as("pr"))
        .groupBy(NAME, GROUP, "bin")
        .agg(sum(n), sum(col(SCORE).multiply(n)), sum(pos), min(SCORE), max(SCORE),
            sum("top_pos"), sum("roc"), sum("pr"))
        .orderBy(NAME, GROUP, "bin")
        .collectAsList();
    Map<String, Map<String, Curves>> out = new HashMap<>();
    for (Row r : rows) {
      Curves c = out.computeIfAbsent(r.getString(0), s -> new HashMap<>())
          .computeIfAbsent(r.getString(1), g -> new Curves());
      long rowsInBin = r.getLong(3);
      c.bins.add(new CalibrationBin(r.getInt(2), rowsInBin, r.getDouble(4) / rowsInBin,
          r.getDouble(5) / rowsInBin, r.getDouble(6), r.getDouble(7)));
      c.topPositives += r.getDouble(8);
      // NaN parts (a segment of one class) make its AUCs NaN, which metrics() reports as such.
      c.rocAuc += r.getDouble(9);
      c.prAuc += r.getDouble(10);
    }
    return out;
  }

  private record Summary(long rows, long positives, double squaredError) {
    static final Summary EMPTY = new Summary(0, 0, 0.0);

    Summary plus(Summary o) {
      return new Summary(rows + o.rows, positives + o.positives, squaredError + o.squaredError);
    }
  }

  private static final class Curves {
    final List<CalibrationBin> bins = new ArrayList<>();
    double topPositives;
    double rocAuc;
    double prAuc;
  }
}
