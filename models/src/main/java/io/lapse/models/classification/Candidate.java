package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;

import io.lapse.models.optim.DampedNewton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One algorithm with its hyper-parameters, and the MLlib pipeline that fits it.
 *
 * @param algorithm {@link #LOGISTIC_REGRESSION} or {@link #GBT}
 * @param hyperParameters by name, as recorded in model_runs
 */
public record Candidate(String algorithm, SortedMap<String, String> hyperParameters) {

  public static final String LOGISTIC_REGRESSION = "logistic_regression";
  public static final String GBT = "gbt";
  /** The probability vector column of every classifier pipeline; element 1 is P(label = 1). */
  public static final String PROBABILITY = "_probability";
  static final String RAW = "_raw_prediction";
  static final String PREDICTION = "_prediction";
  /** P(label = 1) read off {@link #PROBABILITY}, uncalibrated. */
  public static final Column POSITIVE_PROBABILITY = org.apache.spark.ml.functions.vector_to_array(
      org.apache.spark.sql.functions.col(PROBABILITY), "float64").getItem(1);
  static final String ASSEMBLED = "_features_raw";
  static final String SCALED = "_features_scaled";
  static final String IMPUTED_PREFIX = "_imputed_";

  public Candidate {
    if (!algorithm.equals(LOGISTIC_REGRESSION) && !algorithm.equals(GBT)) {
      throw new IllegalArgumentException("classifier algorithm must be " + LOGISTIC_REGRESSION
          + " or " + GBT + " but was '" + algorithm + "'");
    }
    hyperParameters = Collections.unmodifiableSortedMap(new TreeMap<>(hyperParameters));
  }

  public String describe() {
    return algorithm + hyperParameters;
  }

  /**
   * The pipeline: median imputation of missing values (e.g. latency of one-time buyers), vector
   * assembly, then for logistic regression an explicit StandardScaler with the model's own
   * standardization off (equivalent fit, but the saved coefficients are per standard deviation and
   * so comparable across features), and for boosted trees nothing more (trees are scale-free).
   */
  public Pipeline pipeline(List<String> features, String labelColumn, long seed) {
    return pipeline(features, FeatureTransforms.none(), labelColumn, seed);
  }

  /** The pipeline with {@code transforms} applied to the features first. */
  public Pipeline pipeline(List<String> features, FeatureTransforms transforms,
      String labelColumn, long seed) {
    List<PipelineStage> stages = new ArrayList<>(Arrays.asList(
        imputation(features, transforms).getStages()));
    stages.addAll(modelStages(features, transforms, labelColumn, seed));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /**
   * The stages every candidate starts with: the transforms, then median imputation. Fitted once
   * per training set and shared by the candidates ({@link #fit}): the medians depend on the rows
   * only.
   */
  public static Pipeline imputation(List<String> features, FeatureTransforms transforms) {
    String[] in = transforms.outputs(features).toArray(String[]::new);
    Imputer imputer = new Imputer().setInputCols(in).setOutputCols(imputedColumns(features,
        transforms)).setStrategy("median");
    return new Pipeline().setStages(new PipelineStage[] {transforms.stage(features), imputer});
  }

  private static String[] imputedColumns(List<String> features, FeatureTransforms transforms) {
    return transforms.outputs(features).stream().map(f -> IMPUTED_PREFIX + f)
        .toArray(String[]::new);
  }

  /** The stages after the imputation: assembly, (scaling,) the estimator. */
  private List<PipelineStage> modelStages(List<String> features, FeatureTransforms transforms,
      String labelColumn, long seed) {
    VectorAssembler assembler = assembler(features, transforms);
    PipelineStage estimator = estimator(labelColumn, seed);
    return algorithm.equals(LOGISTIC_REGRESSION) ? List.of(assembler, scaler(), estimator)
        : List.of(assembler, estimator);
  }

  private static VectorAssembler assembler(List<String> features, FeatureTransforms transforms) {
    return new VectorAssembler().setInputCols(imputedColumns(features, transforms))
        .setOutputCol(ASSEMBLED);
  }

  private static StandardScaler scaler() {
    return new StandardScaler().setInputCol(ASSEMBLED).setOutputCol(SCALED)
        .setWithMean(true).setWithStd(true);
  }

  private PipelineStage estimator(String labelColumn, long seed) {
    if (algorithm.equals(LOGISTIC_REGRESSION)) {
      return new LogisticRegression()
          .setFeaturesCol(SCALED).setLabelCol(labelColumn).setStandardization(false)
          .setRegParam(Double.parseDouble(hyperParameters.get("reg_param")))
          .setElasticNetParam(Double.parseDouble(hyperParameters.get("elastic_net")))
          .setMaxIter(Integer.parseInt(hyperParameters.get("max_iter")))
          .setProbabilityCol(PROBABILITY).setRawPredictionCol(RAW).setPredictionCol(PREDICTION);
    }
    // Subsampling and feature subsets off, so the fit depends on the seed only through binning.
    return new GBTClassifier()
        .setFeaturesCol(ASSEMBLED).setLabelCol(labelColumn)
        .setMaxDepth(Integer.parseInt(hyperParameters.get("max_depth")))
        .setMaxIter(Integer.parseInt(hyperParameters.get("max_iter")))
        .setStepSize(Double.parseDouble(hyperParameters.get("step_size")))
        .setSubsamplingRate(1.0).setFeatureSubsetStrategy("all").setSeed(seed)
        .setProbabilityCol(PROBABILITY).setRawPredictionCol(RAW).setPredictionCol(PREDICTION);
  }

  /**
   * Whether this candidate is fitted in this JVM on at most {@link DampedNewton#MAX_ROWS} rows: a
   * logistic regression without elastic net ({@link NewtonLogistic}), boosted trees
   * ({@link LocalBoostedTrees}).
   */
  public boolean fitsInThisJvm() {
    PipelineStage estimator = estimator("label", 0);
    return estimator instanceof LogisticRegression lr && lr.getElasticNetParam() == 0.0
        || estimator instanceof GBTClassifier gbt && LocalBoostedTrees.supports(gbt);
  }

  /**
   * Rows prepared once for every candidate fitted in this JVM on them: the imputation, assembly
   * and (for logistic regression) scaling fitted on the training rows, and the assembled and
   * scaled vectors with their labels.
   *
   * @param preparation imputation, assembly and, when {@code scaled} is not null, scaling
   * @param scaled the standardized vectors; null when no candidate needs them
   */
  public record Prepared(PipelineModel preparation, double[][] assembled, double[][] scaled,
      double[] labels) {

    /** The same preparation applied to other rows (e.g. validation), collected. */
    public Prepared apply(Dataset<Row> rows, String labelColumn) {
      return collect(preparation, rows, labelColumn, scaled != null);
    }
  }

  /**
   * Fits the preparation on {@code train} after {@code imputation} (its fitted
   * {@link #imputation}) and collects the rows.
   *
   * @param withScaling whether a logistic regression will be fitted on them
   */
  public static Prepared prepare(Dataset<Row> train, PipelineModel imputation,
      List<String> features, FeatureTransforms transforms, String labelColumn,
      boolean withScaling) {
    List<PipelineStage> stages = new ArrayList<>(Arrays.asList(imputation.stages()));
    stages.add(assembler(features, transforms));
    if (withScaling) {
      stages.add(scaler());
    }
    PipelineModel preparation = new Pipeline()
        .setStages(stages.toArray(PipelineStage[]::new)).fit(train);
    return collect(preparation, train, labelColumn, withScaling);
  }

  private static Prepared collect(PipelineModel preparation, Dataset<Row> rows,
      String labelColumn, boolean scaled) {
    List<Row> local = preparation.transform(rows)
        .select(scaled ? new Column[] {col(ASSEMBLED), col(SCALED), col(labelColumn)}
            : new Column[] {col(ASSEMBLED), col(labelColumn)}).collectAsList();
    int labelAt = scaled ? 2 : 1;
    double[][] assembled = new double[local.size()][];
    double[][] standardized = scaled ? new double[local.size()][] : null;
    double[] y = new double[local.size()];
    for (int i = 0; i < y.length; i++) {
      assembled[i] = ((Vector) local.get(i).get(0)).toArray();
      if (scaled) {
        standardized[i] = ((Vector) local.get(i).get(1)).toArray();
      }
      y[i] = ((Number) local.get(i).get(labelAt)).doubleValue();
    }
    return new Prepared(preparation, assembled, standardized, y);
  }

  /**
   * Fits this candidate in this JVM on prepared rows ({@link #fitsInThisJvm}); the pipeline is
   * the preparation (without the scaling for trees) and the fitted estimator.
   */
  public PipelineModel fit(Prepared prepared, String labelColumn, long seed) {
    if (!fitsInThisJvm()) {
      throw new IllegalArgumentException(describe() + " is fitted by MLlib, not in this JVM");
    }
    if (prepared.labels().length == 0) {
      throw new IllegalArgumentException(describe() + " has no training rows");
    }
    PipelineStage estimator = estimator(labelColumn, seed);
    List<Transformer> stages = new ArrayList<>(Arrays.asList(prepared.preparation().stages()));
    if (estimator instanceof LogisticRegression lr) {
      if (prepared.scaled() == null) {
        throw new IllegalArgumentException(describe() + " needs scaled rows");
      }
      NewtonLogistic.Fit fit = NewtonLogistic.fit(prepared.scaled(), prepared.labels(),
          lr.getRegParam(), lr.getMaxIter());
      stages.add(lr.copyValues(new LogisticRegressionModel(lr.uid(),
          Vectors.dense(fit.coefficients()), fit.intercept()), ParamMap.empty()).setParent(lr));
    } else {
      if (prepared.scaled() != null) {
        // Trees are scale-free: the preparation without its scaling, as MLlib's tree pipeline.
        stages.remove(stages.size() - 1);
      }
      stages.add(LocalBoostedTrees.fit((GBTClassifier) estimator, prepared.assembled(),
          prepared.labels()));
    }
    return new PipelineModel(Identifiable.randomUID("pipeline"), stages);
  }

  /**
   * P(label = 1) of a model {@link #fit(Prepared, String, long)} made, on rows prepared by the
   * same preparation: what its pipeline's transform gives, computed on the arrays.
   */
  public static double[] positiveProbabilities(PipelineModel model, Prepared rows) {
    Transformer last = model.stages()[model.stages().length - 1];
    boolean scaledInput = last instanceof LogisticRegressionModel;
    @SuppressWarnings("unchecked")
    ProbabilisticClassificationModel<Vector, ?> classifier =
        (ProbabilisticClassificationModel<Vector, ?>) last;
    double[][] x = scaledInput ? rows.scaled() : rows.assembled();
    double[] p = new double[x.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = classifier.predictProbability(Vectors.dense(x[i])).apply(1);
    }
    return p;
  }

  /**
   * Fits the pipeline on {@code rows} training rows after {@code imputation}, the fitted
   * {@link #imputation} of the same rows. On at most {@link DampedNewton#MAX_ROWS} rows the
   * estimator is fitted in this JVM after MLlib fits the stages before it: a logistic regression
   * without elastic net by {@link NewtonLogistic} (the same objective, run to convergence),
   * boosted trees by {@link LocalBoostedTrees} (MLlib's algorithm). The result is the same MLlib
   * {@link PipelineModel}, saved and loaded as any other. Everything else is fitted by MLlib.
   */
  public PipelineModel fit(Dataset<Row> train, long rows, PipelineModel imputation,
      List<String> features, FeatureTransforms transforms, String labelColumn, long seed) {
    if (rows <= DampedNewton.MAX_ROWS && fitsInThisJvm()) {
      return fit(prepare(train, imputation, features, transforms, labelColumn,
          algorithm.equals(LOGISTIC_REGRESSION)), labelColumn, seed);
    }
    List<PipelineStage> stages = new ArrayList<>(Arrays.asList(imputation.stages()));
    stages.addAll(modelStages(features, transforms, labelColumn, seed));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(train);
  }
}
