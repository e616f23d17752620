package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.optim.DampedNewton;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateTest {

  /** Reproducibility: the same rows, hyper-parameters and seed give the same boosted trees. */
  @Test
  void sameInputsAndSeedGiveTheSameModel() {
    Dataset<Row> rows = FittedFixture.examples().where(col("segment").equalTo("A")
        .and(col("snapshot_date").equalTo(Date.valueOf(GeneratedExamples.SNAPSHOTS.get(0)))));
    Candidate gbt = new Candidate(Candidate.GBT, new TreeMap<>(Map.of("max_depth", "2",
        "max_iter", "4", "step_size", "0.3")));
    PipelineModel first = gbt.pipeline(GeneratedExamples.FEATURES, "label", 42).fit(rows);
    PipelineModel second = gbt.pipeline(GeneratedExamples.FEATURES, "label", 42).fit(rows);
    List<Row> a = first.transform(rows).select(Candidate.PROBABILITY).collectAsList();
    assertEquals(a, second.transform(rows).select(Candidate.PROBABILITY).collectAsList());
    // Not vacuous: the model does separate the rows.
    assertNotEquals(a.get(0), a.get(1));
  }

  /**
   * A logistic regression on few rows is fitted in this JVM; on more than DampedNewton.MAX_ROWS
   * by MLlib. Both fit the same objective, so their probabilities agree to MLlib's convergence
   * tolerance, and the in-JVM model saves and loads as an MLlib pipeline.
   */
  @Test
  void logisticRegressionInThisJvmMatchesMllibAndSavesAsAPipeline(@TempDir Path dir)
      throws Exception {
    Dataset<Row> rows = FittedFixture.examples().where(col("segment").equalTo("A"));
    long n = rows.count();
    Candidate lr = new Candidate(Candidate.LOGISTIC_REGRESSION, new TreeMap<>(Map.of(
        "reg_param", "0.01", "elastic_net", "0.0", "max_iter", "100")));
    PipelineModel imputation = Candidate.imputation(GeneratedExamples.FEATURES,
        FeatureTransforms.none()).fit(rows);
    PipelineModel inJvm = lr.fit(rows, n, imputation, GeneratedExamples.FEATURES,
        FeatureTransforms.none(), "label", 42);
    PipelineModel mllib = lr.fit(rows, DampedNewton.MAX_ROWS + 1, imputation,
        GeneratedExamples.FEATURES, FeatureTransforms.none(), "label", 42);
    // Each took its own path: only an MLlib fit carries a training summary.
    assertFalse(((LogisticRegressionModel) inJvm.stages()[inJvm.stages().length - 1])
        .hasSummary());
    assertTrue(((LogisticRegressionModel) mllib.stages()[mllib.stages().length - 1])
        .hasSummary());
    inJvm.write().overwrite().save(dir.resolve("model").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
    List<Row> a = inJvm.transform(rows).select(Candidate.POSITIVE_PROBABILITY).collectAsList();
    List<Row> b = mllib.transform(rows).select(Candidate.POSITIVE_PROBABILITY).collectAsList();
    List<Row> c = loaded.transform(rows).select(Candidate.POSITIVE_PROBABILITY).collectAsList();
    double largest = 0;
    for (int i = 0; i < a.size(); i++) {
      largest = Math.max(largest, Math.abs(a.get(i).getDouble(0) - b.get(i).getDouble(0)));
      assertEquals(a.get(i).getDouble(0), c.get(i).getDouble(0), 0.0);
    }
    assertTrue(largest < 1e-3, "largest difference " + largest + " over " + a.size() + " rows");
    assertNotEquals(a.get(0), a.get(1));
  }

  /**
   * Candidates fitted on one shared preparation give the models each gets from its own, and the
   * probabilities computed on the collected validation arrays are those of the pipeline's
   * transform, exactly.
   */
  @Test
  void sharedPreparationGivesTheSameModelsAndProbabilities() {
    Dataset<Row> rows = FittedFixture.examples().where(col("segment").equalTo("A"));
    Dataset<Row> train = rows.where(col("snapshot_date").lt(
        Date.valueOf(GeneratedExamples.SNAPSHOTS.get(2))));
    Dataset<Row> validation = rows.where(col("snapshot_date").geq(
        Date.valueOf(GeneratedExamples.SNAPSHOTS.get(2))));
    PipelineModel imputation = Candidate.imputation(GeneratedExamples.FEATURES,
        FeatureTransforms.none()).fit(train);
    Candidate.Prepared prepared = Candidate.prepare(train, imputation,
        GeneratedExamples.FEATURES, FeatureTransforms.none(), "label", true);
    Candidate.Prepared validationRows = prepared.apply(validation, "label");
    for (Candidate c : List.of(
        new Candidate(Candidate.LOGISTIC_REGRESSION, new TreeMap<>(Map.of("reg_param", "0.1",
            "elastic_net", "0.0", "max_iter", "100"))),
        new Candidate(Candidate.GBT, new TreeMap<>(Map.of("max_depth", "3", "max_iter", "5",
            "step_size", "0.1"))))) {
      PipelineModel shared = c.fit(prepared, "label", 42);
      PipelineModel own = c.fit(train, prepared.labels().length, imputation,
          GeneratedExamples.FEATURES, FeatureTransforms.none(), "label", 42);
      List<Row> a = shared.transform(validation).select(Candidate.POSITIVE_PROBABILITY)
          .collectAsList();
      List<Row> b = own.transform(validation).select(Candidate.POSITIVE_PROBABILITY)
          .collectAsList();
      double[] onArrays = Candidate.positiveProbabilities(shared, validationRows);
      assertEquals(a.size(), onArrays.length);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(b.get(i).getDouble(0), a.get(i).getDouble(0), 0.0, c.describe());
        assertEquals(a.get(i).getDouble(0), onArrays[i], 0.0, c.describe());
      }
      assertNotEquals(onArrays[0], onArrays[1], c.describe());
    }
  }

  @Test
  void unknownAlgorithmIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Candidate("svm", new TreeMap<>()));
    assertEquals("classifier algorithm must be logistic_regression or gbt but was 'svm'",
        e.getMessage());
  }
}
