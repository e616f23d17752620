package io.lapse.models.survival;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.lapse.models.optim.DampedNewton;
import io.lapse.features.Segmenter;
import io.lapse.models.classification.SegmentFallback;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.spark.ConcurrentActions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.AFTSurvivalRegression;
import org.apache.spark.ml.regression.AFTSurvivalRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a Weibull accelerated-failure-time model of the time to onset per segment (MLlib's
 * {@link AFTSurvivalRegression}, right-censored), and the segment's Kaplan-Meier curve on the same
 * rows as its baseline. Small segments borrow as in {@link SegmentFallback}, counting onsets.
 *
 * <p>No scaler: MLlib's AFT standardizes the features internally and reports coefficients on the
 * original scale. Nothing is tuned, so there is no validation split; the caller evaluates the
 * model on later snapshots (concordance, and P(onset within H) against the label).
 */
public final class WeibullAftTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(WeibullAftTrainer.class);
  private static final String LABEL = "_aft_duration";
  private static final String CENSOR = "_aft_event";
  private static final String FEATURES = "_aft_features";
  private static final String IMPUTED_PREFIX = "_aft_imputed_";

  private final SurvivalSpec spec;
  private final int parallelFits;

  public WeibullAftTrainer(SurvivalSpec spec) {
    this(spec, 1);
  }

  /** @param parallelFits how many segment fits run at once; the results do not depend on it */
  public WeibullAftTrainer(SurvivalSpec spec, int parallelFits) {
    if (parallelFits < 1) {
      throw new IllegalArgumentException("parallel fits must be >= 1 but was " + parallelFits);
    }
    this.spec = spec;
    this.parallelFits = parallelFits;
  }

  public SegmentSurvivalModels fit(Dataset<Row> examples) {
    Dataset<Row> rows = prepare(examples).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, SegmentFallback.Counts> counts = new TreeMap<>();
      for (Row r : rows.groupBy(spec.segmentColumn())
          .agg(count(col(LABEL)), sum(col(CENSOR)),
              sum(when(col(LABEL).isNull().or(col(LABEL).leq(0)), 1).otherwise(0)),
              sum(when(col(CENSOR).isNull(), 1).otherwise(0)))
          .collectAsList()) {
        if (r.isNullAt(0)) {
          throw new IllegalArgumentException("survival examples have a null segment");
        }
        if (r.getLong(3) > 0 || r.getLong(4) > 0) {
          throw new IllegalArgumentException("segment '" + r.getString(0) + "': " + r.getLong(3)
              + " rows with a null or non-positive " + spec.durationColumn() + " and "
              + r.getLong(4) + " with a null " + spec.eventColumn()
              + "; durations must be > 0 (AFT takes their log)");
        }
        counts.put(r.getString(0), new SegmentFallback.Counts(r.getLong(1),
            new long[] {Math.round(r.getDouble(2))}));
      }
      Map<String, SegmentFallback.Assignment> assignments =
          SegmentFallback.resolve(counts, spec.fallback());
      Map<String, Callable<FittedSurvival>> fits = new LinkedHashMap<>();
      for (String group : new TreeSet<>(assignments.values().stream()
          .map(SegmentFallback.Assignment::fittedSegment).toList())) {
        List<String> members = assignments.keySet().stream()
            .filter(s -> SegmentFallback.isMember(s, group, spec.fallback())).toList();
        Dataset<Row> groupRows = group.equals(Segmenter.ALL) ? rows
            : rows.where(col(spec.segmentColumn()).isin(members.toArray()));
        fits.put(group, () -> fitGroup(group, groupRows));
      }
      Map<String, FittedSurvival> groups = ConcurrentActions.run(parallelFits, fits);
      Map<String, FittedSurvival> bySegment = new TreeMap<>();
      for (SegmentFallback.Assignment a : assignments.values()) {
        FittedSurvival g = groups.get(a.fittedSegment());
        if (a.isFallback()) {
          LOG.info("survival {}", a.reason());
        }
        bySegment.put(a.segment(), new FittedSurvival(a.segment(), a.fittedSegment(), a.reason(),
            g.featureColumns(), g.trainingStart(), g.trainingEnd(), g.rows(), g.events(),
            g.shape(), g.intercept(), g.coefficients(), g.baseline(), g.model()));
      }
      return new SegmentSurvivalModels(spec.segmentColumn(), spec.horizonDays(),
          new TreeMap<>(bySegment));
    } finally {
      rows.unpersist();
    }
  }

  private Dataset<Row> prepare(Dataset<Row> examples) {
    List<String> present = Arrays.asList(examples.columns());
    LinkedHashSet<String> needed = new LinkedHashSet<>(List.of(spec.segmentColumn(),
        spec.snapshotColumn(), spec.durationColumn(), spec.eventColumn()));
    needed.addAll(spec.featureColumns());
    for (String c : needed) {
      if (!present.contains(c)) {
        throw new IllegalArgumentException("survival examples lack column '" + c
            + "'; columns: " + present);
      }
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col(spec.segmentColumn()).cast(DataTypes.StringType).as(spec.segmentColumn()));
    cols.add(col(spec.snapshotColumn()).cast(DataTypes.DateType).as(spec.snapshotColumn()));
    cols.add(col(spec.durationColumn()).cast(DataTypes.DoubleType).as(LABEL));
    cols.add(col(spec.eventColumn()).cast(DataTypes.BooleanType).cast(DataTypes.DoubleType)
        .as(CENSOR));
    spec.featureColumns().forEach(f -> cols.add(col(f)));
    return examples.select(cols.toArray(Column[]::new));
  }

  private FittedSurvival fitGroup(String group, Dataset<Row> rows) {
    // One pass: rows, onsets, training window, and the non-null count of every feature.
    List<Column> aggs = new ArrayList<>(List.of(sum(col(CENSOR)),
        min(col(spec.snapshotColumn())), max(col(spec.snapshotColumn()))));
    spec.featureColumns().forEach(f -> aggs.add(count(col(f))));
    Row stats = rows.agg(count(col(LABEL)), aggs.toArray(Column[]::new)).first();
    List<String> features = new ArrayList<>();
    for (int i = 0; i < spec.featureColumns().size(); i++) {
      if (stats.getLong(4 + i) > 0) {
        features.add(spec.featureColumns().get(i));
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException("survival model of segment '" + group + "': every"
          + " feature is null " + spec.featureColumns());
    }
    String[] imputed = features.stream().map(f -> IMPUTED_PREFIX + f).toArray(String[]::new);
    AFTSurvivalRegression aft = new AFTSurvivalRegression()
        .setFeaturesCol(FEATURES).setLabelCol(LABEL).setCensorCol(CENSOR)
        .setPredictionCol(SegmentSurvivalModels.SCALE)
        .setMaxIter(spec.maxIter()).setTol(spec.tol());
    PipelineStage[] preparation = {
        new Imputer().setInputCols(features.toArray(String[]::new)).setOutputCols(imputed)
            .setStrategy("median"),
        new VectorAssembler().setInputCols(imputed).setOutputCol(FEATURES)};
    PipelineModel model = stats.getLong(0) <= DampedNewton.MAX_ROWS
        ? fitInThisJvm(group, rows, preparation, aft)
        : new Pipeline().setStages(new PipelineStage[] {preparation[0], preparation[1], aft})
            .fit(rows);
    AFTSurvivalRegressionModel fitted = (AFTSurvivalRegressionModel) model.stages()[2];
    double shape = 1.0 / fitted.scale();
    Map<String, Double> coefficients = new LinkedHashMap<>();
    double[] beta = fitted.coefficients().toArray();
    for (int i = 0; i < features.size(); i++) {
      coefficients.put(features.get(i), beta[i]);
    }
    KaplanMeierCurve km = OnsetKaplanMeier.estimate(rows, LABEL, CENSOR);
    LOG.info("survival {}: Weibull AFT on {} rows ({} onsets): shape {} intercept {} coefficients"
        + " {}; KM S(H={}) = {}", group, stats.getLong(0), Math.round(stats.getDouble(1)), shape,
        fitted.intercept(), coefficients, spec.horizonDays(), km.survivalAt(spec.horizonDays()));
    return new FittedSurvival(group, group, "", features, stats.getDate(2).toLocalDate(),
        stats.getDate(3).toLocalDate(), stats.getLong(0), Math.round(stats.getDouble(1)), shape,
        fitted.intercept(), coefficients, km, model);
  }

  /**
   * The MLlib stages before the AFT fitted by MLlib, the AFT itself by {@link NewtonWeibullAft}
   * on the collected rows (the same model, without a Spark job per iteration), as one MLlib
   * pipeline that saves and loads as any other.
   */
  private PipelineModel fitInThisJvm(String group, Dataset<Row> rows, PipelineStage[] preparation,
      AFTSurvivalRegression aft) {
    PipelineModel prepared = new Pipeline().setStages(preparation).fit(rows);
    List<Row> local = prepared.transform(rows).select(FEATURES, LABEL, CENSOR).collectAsList();
    double[][] x = new double[local.size()][];
    double[] durations = new double[x.length];
    double[] events = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((Vector) local.get(i).get(0)).toArray();
      durations[i] = local.get(i).getDouble(1);
      events[i] = local.get(i).getDouble(2);
    }
    NewtonWeibullAft.Fit fit = NewtonWeibullAft.fit(x, durations, events, spec.maxIter());
    if (!fit.converged()) {
      LOG.warn("survival {}: Weibull AFT not converged after {} Newton steps", group,
          fit.iterations());
    }
    AFTSurvivalRegressionModel model = aft.copyValues(new AFTSurvivalRegressionModel(aft.uid(),
        Vectors.dense(fit.coefficients()), fit.intercept(), fit.scale()), ParamMap.empty());
    List<Transformer> stages = new ArrayList<>(Arrays.asList(prepared.stages()));
    stages.add(model.setParent(aft));
    return new PipelineModel(Identifiable.randomUID("pipeline"), stages);
  }
}
