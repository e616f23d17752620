package io.lapse.models.classification;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The classifiers fitted once on {@link GeneratedExamples} and shared by the test classes of the
 * JVM (fitting is the slow part).
 */
public final class FittedFixture {

  private static Dataset<Row> examples;
  private static SegmentClassifiers fitted;

  private FittedFixture() {}

  public static synchronized Dataset<Row> examples() {
    if (examples == null) {
      examples = GeneratedExamples.examples(11).cache();
    }
    return examples;
  }

  public static synchronized SegmentClassifiers classifiers() {
    if (fitted == null) {
      fitted = new SegmentClassifierTrainer(GeneratedExamples.spec(), BaselineSpec.defaults())
          .fit(examples());
    }
    return fitted;
  }
}
