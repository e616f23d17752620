package io.lapse.models.classification;

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
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(imputedColumns(features, transforms)).setOutputCol(ASSEMBLED);
    if (algorithm.equals(LOGISTIC_REGRESSION)) {
      StandardScaler scaler = new StandardScaler().setInputCol(ASSEMBLED).setOutputCol(SCALED)
          .setWithMean(true).setWithStd(true);
      LogisticRegression lr = new LogisticRegression()
          .setFeaturesCol(SCALED).setLabelCol(labelColumn).setStandardization(false)
          .setRegParam(Double.parseDouble(hyperParameters.get("reg_param")))
          .setElasticNetParam(Double.parseDouble(hyperParameters.get("elastic_net")))
          .setMaxIter(Integer.parseInt(hyperParameters.get("max_iter")))
          .setProbabilityCol(PROBABILITY).setRawPredictionCol(RAW).setPredictionCol(PREDICTION);
      return List.of(assembler, scaler, lr);
    }
    // Subsampling and feature subsets off, so the fit depends on the seed only through binning.
    GBTClassifier gbt = new GBTClassifier()
        .setFeaturesCol(ASSEMBLED).setLabelCol(labelColumn)
        .setMaxDepth(Integer.parseInt(hyperParameters.get("max_depth")))
        .setMaxIter(Integer.parseInt(hyperParameters.get("max_iter")))
        .setStepSize(Double.parseDouble(hyperParameters.get("step_size")))
        .setSubsamplingRate(1.0).setFeatureSubsetStrategy("all").setSeed(seed)
        .setProbabilityCol(PROBABILITY).setRawPredictionCol(RAW).setPredictionCol(PREDICTION);
    return List.of(assembler, gbt);
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
    List<PipelineStage> stages = new ArrayList<>(Arrays.asList(imputation.stages()));
    List<PipelineStage> model = modelStages(features, transforms, labelColumn, seed);
    stages.addAll(model.subList(0, model.size() - 1));
    PipelineStage estimator = model.get(model.size() - 1);
    boolean inThisJvm = rows <= DampedNewton.MAX_ROWS
        && (estimator instanceof LogisticRegression lr && lr.getElasticNetParam() == 0.0
            || estimator instanceof GBTClassifier gbt && LocalBoostedTrees.supports(gbt));
    if (!inThisJvm) {
      stages.add(estimator);
      return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(train);
    }
    PipelineModel preparation = new Pipeline()
        .setStages(stages.toArray(PipelineStage[]::new)).fit(train);
    String featuresColumn = estimator instanceof LogisticRegression ? SCALED : ASSEMBLED;
    List<Row> local = preparation.transform(train)
        .select(featuresColumn, labelColumn).collectAsList();
    if (local.isEmpty()) {
      throw new IllegalArgumentException(describe() + " has no training rows");
    }
    double[][] x = new double[local.size()][];
    double[] y = new double[local.size()];
    for (int i = 0; i < y.length; i++) {
      x[i] = ((Vector) local.get(i).get(0)).toArray();
      y[i] = ((Number) local.get(i).get(1)).doubleValue();
    }
    Transformer fitted;
    if (estimator instanceof LogisticRegression lr) {
      NewtonLogistic.Fit fit = NewtonLogistic.fit(x, y, lr.getRegParam(), lr.getMaxIter());
      fitted = lr.copyValues(new LogisticRegressionModel(lr.uid(),
          Vectors.dense(fit.coefficients()), fit.intercept()), ParamMap.empty()).setParent(lr);
    } else {
      fitted = LocalBoostedTrees.fit((GBTClassifier) estimator, x, y);
    }
    List<Transformer> all = new ArrayList<>(Arrays.asList(preparation.stages()));
    all.add(fitted);
    return new PipelineModel(Identifiable.randomUID("pipeline"), all);
  }
}
