package io.lapse.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdBoundary;
import io.lapse.models.bgnbd.BgNbdSimulator;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.paretonbd.ParetoNbdFitOptions;
import io.lapse.models.paretonbd.ParetoNbdFitter;
import io.lapse.models.paretonbd.ParetoNbdParams;
import io.lapse.models.paretonbd.ParetoNbdSimulator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParetoNbdSegmentTrainerTest {

  private static final LocalDate D = LocalDate.of(2025, 6, 30);
  private static final BgNbdBoundary BOUNDARY = new BgNbdBoundary(1e-3, 1e3, 1e-3, 1e5);

  /** 3,000 customers from CDNOW's published Pareto/NBD parameters, observed 26 to 78 weeks. */
  private static SufficientStatistics simulated(long seed) {
    Random random = new Random(seed);
    double[] weeks = new double[3000];
    for (int i = 0; i < weeks.length; i++) {
      weeks[i] = 26 + 52 * random.nextDouble();
    }
    return BgNbdSimulator.toSufficientStatistics(ParetoNbdSimulator.simulatePurchaseTimes(
        new ParetoNbdParams(0.553, 10.578, 0.606, 11.669), weeks, seed), weeks);
  }

  private static Map<String, SegmentModel> fit(Map<String, SufficientStatistics> stats) {
    return new ParetoNbdSegmentTrainer(ParetoNbdFitOptions.defaults(), BOUNDARY, 200)
        .fit(stats, D).stream()
        .collect(Collectors.toMap(SegmentModel::segment, Function.identity()));
  }

  @Test
  void fitsEachSegmentAndFallsBackWithTheReason() {
    Map<String, SufficientStatistics> stats = new TreeMap<>(Map.of(
        Segmenter.ALL, simulated(5), "good", simulated(6),
        "one_time", SufficientStatistics.builder().add(0, 0, 30, 400).add(0, 0, 40, 300).build(),
        "small", SufficientStatistics.builder().add(0, 0, 30, 150).build()));
    Map<String, SegmentModel> models = fit(stats);

    SegmentModel global = models.get(Segmenter.ALL);
    assertEquals(SegmentModel.PARETO_NBD, global.model());
    assertFalse(global.isFallback());
    assertEquals(List.of("r", "alpha", "s", "beta"), List.copyOf(global.params().keySet()));
    assertEquals(ParetoNbdFitter.fit(stats.get(Segmenter.ALL)).logLikelihood(),
        global.logLikelihood(), 1e-9);
    assertEquals(3000, global.customers());
    assertTrue(global.modelVersion().startsWith("pareto_nbd-2025-06-30-"), global.modelVersion());

    SegmentModel good = models.get("good");
    assertEquals("good", good.fittedSegment());
    assertNull(good.fallbackReason());
    assertTrue(!good.params().equals(global.params()), "own data, own fit");

    SegmentModel small = models.get("small");
    assertTrue(small.isFallback());
    assertTrue(small.fallbackReason().startsWith("min_customers: 150 customers"),
        small.fallbackReason());
    assertEquals(global.params(), small.params());
    assertEquals(global.modelVersion(), small.modelVersion());

    // Without a repeat purchase there is no interior optimum (no purchase rate to estimate).
    SegmentModel oneTime = models.get("one_time");
    assertTrue(oneTime.isFallback(), oneTime.toString());
    assertTrue(oneTime.fallbackReason().startsWith("boundary")
        || oneTime.fallbackReason().startsWith("not_converged"), oneTime.fallbackReason());
    assertEquals(700, oneTime.customers());
  }
}
