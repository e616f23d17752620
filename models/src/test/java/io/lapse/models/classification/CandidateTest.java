package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

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

  @Test
  void unknownAlgorithmIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Candidate("svm", new TreeMap<>()));
    assertEquals("classifier algorithm must be logistic_regression or gbt but was 'svm'",
        e.getMessage());
  }
}
