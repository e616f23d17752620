package io.lapse.models.registry;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.models.classification.FittedClassifier;
import io.lapse.models.classification.FittedFixture;
import io.lapse.models.classification.SegmentClassifiers;
import io.lapse.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunRecorderTest {

  @Test
  void recordsDecisionsFallbacksAndArtifactsDeterministically() {
    SegmentClassifiers fitted = FittedFixture.classifiers();
    String root = TestSpark.tempDir("artifacts").toString();
    RunRecorder recorder = new RunRecorder(root, ChampionPolicy.defaults().withTolerance(0.01));
    String data = DataFingerprint.of(FittedFixture.examples());
    double a = fitted.bySegment().get("A").validationMetric();
    // A's champion is clearly better than the new model: the new one stays a challenger.
    Map<String, Incumbent> champions = Map.of("A", new Incumbent("run-old", a + 0.05));
    List<ModelRun> runs = recorder.recordClassifiers(fitted, data, champions);
    Map<String, ModelRun> bySegment = new TreeMap<>();
    runs.forEach(r -> bySegment.put(r.segment(), r));

    assertEquals(ModelStatus.CHALLENGER, bySegment.get("A").status());
    assertTrue(bySegment.get("A").reason().contains("is worse than champion run-old"),
        bySegment.get("A").reason());
    ModelRun tiny = bySegment.get("tiny");
    // No champion for tiny: its borrowed global model is champion if it beats its baselines.
    assertEquals(fitted.bySegment().get("tiny").beatsBaseline() ? ModelStatus.CHAMPION
        : ModelStatus.REJECTED, tiny.status());
    assertTrue(tiny.isFallback());
    assertEquals("ALL", tiny.fittedSegment());
    assertTrue(tiny.reason().endsWith("; fallback: segment 'tiny': 40 rows < min-rows 200; uses"
        + " the global model ALL"), tiny.reason());
    assertEquals("42", tiny.hyperParameters().get("seed"));
    assertFalse(bySegment.get("A").runId().equals(tiny.runId()));

    // The run id's only data input is the fingerprint: equal on equal rows, not on others.
    assertEquals(data, DataFingerprint.of(FittedFixture.examples()));
    assertFalse(data.equals(DataFingerprint.of(FittedFixture.examples().limit(1639))));

    // The saved artifact scores exactly as the fitted model.
    FittedClassifier a0 = fitted.bySegment().get("A");
    PipelineModel loaded = ModelArtifacts.load(bySegment.get("A").artifactPath());
    Dataset<Row> rows = FittedFixture.examples().where(col("segment").equalTo("A")).limit(20);
    assertEquals(probabilities(a0.model(), rows), probabilities(loaded, rows));

    // The rows go into the table and come back; the champion in force is the latest champion.
    Dataset<Row> table = ModelRuns.toDataFrame(TestSpark.session(), runs);
    assertEquals(ModelRuns.SCHEMA, table.schema());
    assertEquals(bySegment.get("tiny"), ModelRuns.fromRow(
        table.where(col("segment").equalTo("tiny")).first()));
    assertEquals(Optional.empty(), ModelRuns.currentChampion(table, ModelRun.CLASSIFIER, "A"));
  }

  private static List<Object> probabilities(PipelineModel m, Dataset<Row> rows) {
    return m.transform(rows).select("_probability").collectAsList().stream()
        .map(r -> (Object) r.get(0)).toList();
  }
}
