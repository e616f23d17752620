package io.lapse.models.spend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lapse.models.optim.DampedNewton;
import io.lapse.testing.TestSpark;
import java.util.Iterator;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The fit at scale: customers generated on the cluster from the model, fitted through
 * {@link SegmentSpend} (more distinct totals than the driver takes, so by one cluster aggregate
 * per trial gamma), timed. Off unless {@code -Dlapse.spend.scale.customers=N} is given: at 10
 * million it runs for minutes; {@code -Dlapse.spend.scale.max-driver-rows=1} forces the cluster
 * sums.
 */
class GammaGammaScaleTest {

  private static final GammaGammaParams TRUTH = new GammaGammaParams(6.0, 4.0, 15.0);

  @Test
  void fitsGeneratedCustomersOnTheCluster() {
    long customers = Long.getLong("lapse.spend.scale.customers", 0);
    assumeTrue(customers > 0, "set -Dlapse.spend.scale.customers=N to run");
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("segment", DataTypes.StringType, false)
        .add(RepeatSpend.X, DataTypes.IntegerType, false)
        .add(RepeatSpend.TOTAL, DataTypes.DoubleType, false);
    int partitions = 8;
    long perPartition = customers / partitions;
    // Rows are drawn lazily, one partition per seed, so that no partition is held in memory.
    MapPartitionsFunction<Long, Row> draw = seeds -> seeds.hasNext()
        ? draws(seeds.next(), perPartition) : java.util.Collections.emptyIterator();
    Dataset<Row> generated = spark.range(0, partitions, 1, partitions).as(Encoders.LONG())
        .mapPartitions(draw, ExpressionEncoder.apply(schema))
        .where(col("segment").equalTo(lit("ALL")))
        .cache();
    long rows = generated.count();
    long started = System.nanoTime();
    long maxDriverRows = Long.getLong("lapse.spend.scale.max-driver-rows", DampedNewton.MAX_ROWS);
    try (SegmentSpend spend = SegmentSpend.of(generated, maxDriverRows)) {
      RepeatSpendStatistics stats = spend.bySegment().get("ALL");
      long prepared = System.nanoTime();
      GammaGammaFit fit = GammaGammaFitter.fit(stats);
      long fitted = System.nanoTime();
      System.out.printf("Gamma-Gamma at %d customers: statistics %.1f s, fit %.1f s (%d passes,"
              + " cluster sums: %s): %s%n", rows, (prepared - started) / 1e9,
          (fitted - prepared) / 1e9, fit.passes(), stats.sums() instanceof SparkGammaSums, fit);
      assertEquals(rows, stats.customers());
      assertTrue(fit.converged(), fit.toString());
      // Within four asymptotic standard errors, as in GammaGammaFitterTest.
      double[] errors = GammaGammaFitter.standardErrors(fit.params(), stats);
      System.out.printf("standard errors p %.4g, q %.4g, gamma %.4g%n", errors[0], errors[1],
          errors[2]);
      double[] estimate = fit.params().toArray();
      double[] truth = TRUTH.toArray();
      for (int i = 0; i < 3; i++) {
        assertEquals(truth[i], estimate[i], 4 * errors[i], "parameter " + i);
      }
    } finally {
      generated.unpersist();
    }
  }

  /** Customers drawn from the model; static so the task carries no test instance. */
  private static Iterator<Row> draws(long seed, long count) {
    RandomGenerator random = new MersenneTwister(seed);
    GammaDistribution nu = new GammaDistribution(random, TRUTH.q(), 1 / TRUTH.gamma());
    PoissonDistribution extra = new PoissonDistribution(random, 2.0,
        PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
    return new Iterator<Row>() {
      private long drawn;

      @Override
      public boolean hasNext() {
        return drawn < count;
      }

      @Override
      public Row next() {
        drawn++;
        int x = 1 + extra.sample();
        double scale = 1 / nu.sample();
        // The sum of x gamma(p, nu) spends is gamma(p x, nu).
        double total = new GammaDistribution(random, TRUTH.p() * x, scale).sample();
        return RowFactory.create("ALL", x, total);
      }
    };
  }
}
