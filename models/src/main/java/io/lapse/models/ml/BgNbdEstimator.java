package io.lapse.models.ml;

import static org.apache.spark.sql.functions.lit;

import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitException;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.training.BgNbdSegmentTrainer;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * One BG/NBD fit (Fader, Hardie and Lee 2005) on customer features, as an MLlib
 * {@link Estimator}: the maximum-likelihood r, alpha, a, b over every row's (x = repeat_days,
 * t_x = t_x_weeks, T = t_weeks), customers with T = 0 left out as in the nightly. Per-segment
 * fits with fallbacks are the train job's ({@link BgNbdSegmentTrainer}); this stage is the
 * global fit, for notebooks and pipelines.
 */
public final class BgNbdEstimator extends Estimator<BgNbdModel> implements DefaultParamsWritable {

  static final String STAGE = "BgNbd";

  private final String uid;
  private final IntParam horizonDays;

  public BgNbdEstimator() {
    this(Identifiable.randomUID("lapseBgNbd"));
  }

  public BgNbdEstimator(String uid) {
    this.uid = uid;
    this.horizonDays = BgNbdModel.horizonParam(this);
    setDefault(horizonDays, 28);
  }

  /** Days ahead of D for expected transactions and P(no transaction); default 28. */
  public IntParam horizonDays() {
    return horizonDays;
  }

  public BgNbdEstimator setHorizonDays(int value) {
    set(horizonDays, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BgNbdModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SufficientStatistics stats = BgNbdSegmentTrainer.sufficientStatistics(
        dataset.toDF().withColumn(Segmenter.SEGMENT, lit(Segmenter.ALL))).get(Segmenter.ALL);
    if (stats == null || stats.customers() == 0) {
      throw new IllegalArgumentException(STAGE + ": no customer with T > 0 to fit");
    }
    BgNbdFit fit = BgNbdFitter.fit(stats, FitOptions.defaults());
    if (!fit.converged()) {
      throw new BgNbdFitException(STAGE + ": the fit did not converge after " + fit.iterations()
          + " iterations (gradient norm " + fit.gradientNorm() + ", " + fit.params() + ")");
    }
    BgNbdModel model = new BgNbdModel(uid).setParams(fit.params());
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    BgNbdParamsCheck.requireInputs(STAGE, schema);
    return BgNbdModel.outputSchema(schema);
  }

  @Override
  public BgNbdEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<BgNbdEstimator> read() {
    return new DefaultParamsReader<>();
  }
}
