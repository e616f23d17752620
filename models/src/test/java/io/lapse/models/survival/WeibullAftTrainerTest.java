package io.lapse.models.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.classification.FallbackSpec;
import io.lapse.models.evaluation.BySegment;
import io.lapse.models.evaluation.Concordance;
import io.lapse.models.evaluation.ConcordanceEvaluator;
import io.lapse.models.evaluation.ConcordanceSpec;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Times to onset drawn from known Weibull AFT models (shape 2) with independent uniform
 * censoring, fitted on one sample and judged on a fresh one.
 */
class WeibullAftTrainerTest {

  private static final StructType SCHEMA = new StructType()
      .add("snapshot_date", DataTypes.DateType).add("segment", DataTypes.StringType)
      .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
      .add("duration_days", DataTypes.DoubleType).add("event", DataTypes.BooleanType)
      .add("true_scale", DataTypes.DoubleType);
  private static final double SIGMA = 0.5;
  private static final int H = 20;

  private static Dataset<Row> sample(long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    Date s = Date.valueOf(LocalDate.of(2025, 3, 1));
    // S3 is tiny and follows another model: it must borrow the global one.
    Object[][] segments = {{"S1", 1000, 3.0, 0.5, -1.0}, {"S3", 20, 2.5, -0.3, 0.8}};
    for (Object[] seg : segments) {
      for (int i = 0; i < (int) seg[1]; i++) {
        double x1 = rnd.nextGaussian();
        double x2 = rnd.nextDouble();
        double mu = (double) seg[2] + (double) seg[3] * x1 + (double) seg[4] * x2;
        // T = exp(mu) * E^sigma with E ~ Exp(1) is Weibull(k = 1/sigma, lambda = exp(mu)).
        double t = Math.exp(mu) * Math.pow(-Math.log(1 - rnd.nextDouble()), SIGMA);
        double c = 5 + 35 * rnd.nextDouble();
        rows.add(RowFactory.create(s, seg[0], x1, x2, Math.min(t, c), t <= c, Math.exp(mu)));
      }
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  /**
   * The bound: the Kaplan-Meier baseline predicts the same for everyone in a segment, so its
   * within-segment C-index is exactly 0.5; a model of the features has to clear it by far. The
   * ceiling: the true scales rank as well as anything can, so a correctly specified AFT fitted on
   * 1,000 rows should be within sampling noise (0.02) of their C-index on fresh data.
   */
  @Test
  void recoversTheTruthRanksNearlyAsWellAsItAndTinySegmentsBorrow() {
    SurvivalSpec spec = SurvivalSpec.defaults().withFeatureColumns(List.of("x1", "x2"))
        .withHorizonDays(H).withFallback(new FallbackSpec(200, 30, Map.of()));
    SegmentSurvivalModels fitted = new WeibullAftTrainer(spec).fit(sample(1));
    FittedSurvival s1 = fitted.bySegment().get("S1");
    assertEquals(2.0, s1.shape(), 0.25, "shape");
    assertEquals(3.0, s1.intercept(), 0.15, "intercept");
    assertEquals(0.5, s1.coefficients().get("x1"), 0.08, "x1");
    assertEquals(-1.0, s1.coefficients().get("x2"), 0.2, "x2");

    FittedSurvival s3 = fitted.bySegment().get("S3");
    assertTrue(s3.isFallback());
    assertEquals("ALL", s3.fittedSegment());
    assertEquals("segment 'S3': 20 rows < min-rows 200; uses the global model ALL",
        s3.fallbackReason());
    assertEquals(1020, s3.rows());

    Dataset<Row> fresh = fitted.score(sample(2)).cache();
    ConcordanceEvaluator c = new ConcordanceEvaluator(ConcordanceSpec.defaults());
    BySegment<Concordance> model = c.ofPredictedTimes(fresh,
        SegmentSurvivalModels.EXPECTED_DAYS);
    BySegment<Concordance> truth = c.ofPredictedTimes(fresh, "true_scale");
    BySegment<Concordance> km = c.ofPredictedTimes(fresh, SegmentSurvivalModels.KM_EXPECTED_DAYS);
    for (String segment : List.of("S1")) {
      double m = model.bySegment().get(segment).index();
      double t = truth.bySegment().get(segment).index();
      assertEquals(0.5, km.bySegment().get(segment).index(), 1e-12, segment);
      assertTrue(m > 0.6, segment + " model C " + m);
      assertEquals(t, m, 0.02, segment + " model C vs truth C");
    }

    // Calibration in the large: mean P(onset within H) against Kaplan-Meier on the fresh rows.
    Dataset<Row> s1Rows = fresh.where("segment = 'S1'");
    KaplanMeierCurve freshKm = OnsetKaplanMeier.estimate(s1Rows, "duration_days", "event");
    double meanP = s1Rows.agg(org.apache.spark.sql.functions.avg(SegmentSurvivalModels.P_ONSET))
        .first().getDouble(0);
    assertEquals(1 - freshKm.survivalAt(H), meanP, 0.03);
    fresh.unpersist();
  }

  @Test
  void weibullAndRestrictedMeanMath() {
    // Weibull(k=2, lambda=10): P(T <= 10) = 1 - 1/e; mean = 10 * Gamma(1.5) = 5 sqrt(pi).
    assertEquals(1 - Math.exp(-1), Weibull.probabilityWithin(10, 10, 2), 1e-15);
    assertEquals(5 * Math.sqrt(Math.PI), Weibull.mean(10, 2), 1e-12);
    // Restricted mean of a curve 1 until 2, 0.5 until 4, then 0.25 (last time 4): 2 + 1 = 3.
    KaplanMeierCurve curve = io.lapse.models.km.KaplanMeier.estimate(new double[] {2, 4},
        new long[] {2, 1}, new long[] {0, 1});
    assertEquals(3.0, OnsetKaplanMeier.restrictedMean(curve), 1e-12);
  }
}
