package io.lapse.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdBoundary;
import io.lapse.models.bgnbd.BgNbdFitException;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdSimulator;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BgNbdSegmentTrainerTest {

  private static final LocalDate D = LocalDate.of(2025, 6, 30);
  private static final FitOptions OPTIONS = FitOptions.defaults().withGradientTolerance(1e-7);
  private static final BgNbdBoundary BOUNDARY = new BgNbdBoundary(1e-3, 1e3, 1e-3, 1e5);

  /** 3,000 customers from CDNOW's published parameters, observed 26 to 78 weeks: interior. */
  private static SufficientStatistics simulated() {
    Random random = new Random(5);
    double[] weeks = new double[3000];
    for (int i = 0; i < weeks.length; i++) {
      weeks[i] = 26 + 52 * random.nextDouble();
    }
    return BgNbdSimulator.toSufficientStatistics(BgNbdSimulator.simulatePurchaseTimes(
        new BgNbdParams(0.243, 4.414, 0.793, 2.426), weeks, 17), weeks);
  }

  /** No repeat purchase at all: the fit converges to r near 0 (r = 1.6e-5, LL = -6e-5). */
  private static SufficientStatistics oneTimeBuyers() {
    return SufficientStatistics.builder().add(0, 0, 30, 400).add(0, 0, 40, 300)
        .add(0, 0, 50, 300).build();
  }

  /**
   * 1% repeat once: the fit converges to a = 509, b = 0.002, inside the bounds but with an
   * observed information that is not positive definite.
   */
  private static SufficientStatistics almostNoRepeat() {
    return SufficientStatistics.builder().add(0, 0, 30, 990).add(1, 10, 30, 10).build();
  }

  /** Everyone alike: r and alpha run off to infinity together until the line search fails. */
  private static SufficientStatistics identical() {
    return SufficientStatistics.builder().add(2, 20, 30, 500).build();
  }

  private static Map<String, SegmentModel> fit(Map<String, SufficientStatistics> stats) {
    return new BgNbdSegmentTrainer(OPTIONS, BOUNDARY, 200).fit(stats, D).stream()
        .collect(Collectors.toMap(SegmentModel::segment, Function.identity()));
  }

  @Test
  void segmentsThatCannotHaveTheirOwnFitUseTheGlobalOneWithTheReason() {
    Map<String, SufficientStatistics> stats = new TreeMap<>(Map.of(
        Segmenter.ALL, simulated(), "good", simulated(), "one_time", oneTimeBuyers(),
        "alike", identical(), "small", SufficientStatistics.builder().add(0, 0, 30, 150).build()));
    Map<String, SegmentModel> models = fit(stats);

    SegmentModel global = models.get(Segmenter.ALL);
    assertFalse(global.isFallback());
    assertNull(global.fallbackReason());
    SegmentModel good = models.get("good");
    assertEquals("good", good.fittedSegment());
    assertNull(good.fallbackReason());
    assertEquals(global.params(), good.params()); // same data, same fit: an honest own fit

    for (String segment : new String[] {"one_time", "alike", "small"}) {
      SegmentModel m = models.get(segment);
      assertEquals(Segmenter.ALL, m.fittedSegment(), segment);
      assertTrue(m.isFallback(), segment);
      assertEquals(global.params(), m.params(), segment);
      assertEquals(global.modelVersion(), m.modelVersion(), segment);
      assertEquals(stats.get(segment).customers(), m.customers(), segment);
    }
    assertTrue(models.get("one_time").fallbackReason().startsWith(
        "boundary: r=1.57"), models.get("one_time").fallbackReason());
    assertTrue(models.get("one_time").fallbackReason().contains("< min-shape 0.001000 (own fit r="),
        models.get("one_time").fallbackReason());
    assertTrue(models.get("alike").fallbackReason().startsWith(
        "not_converged: BG/NBD fit did not converge after "), models.get("alike").fallbackReason());
    assertEquals("min_customers: 150 customers < min-customers 200",
        models.get("small").fallbackReason());
  }

  @Test
  void aFitWithoutInteriorMaximumFallsBackEvenInsideTheBounds() {
    SegmentModel m = fit(Map.of(Segmenter.ALL, simulated(), "rare", almostNoRepeat())).get("rare");
    assertEquals(Segmenter.ALL, m.fittedSegment());
    assertTrue(m.fallbackReason().startsWith("boundary: no interior maximum (the observed"
        + " information is not positive definite, standard errors NaN) (own fit r=0.009"),
        m.fallbackReason());
  }

  @Test
  void aGlobalFitThatDoesNotConvergeStillStopsTheRunNamingAll() {
    BgNbdFitException e = assertThrows(BgNbdFitException.class,
        () -> fit(Map.of(Segmenter.ALL, identical(), "good", simulated())));
    assertTrue(e.getMessage().startsWith("BG/NBD fit of segment 'ALL' as of 2025-06-30 failed:"
        + " BG/NBD fit did not converge after "), e.getMessage());
    assertTrue(e.getMessage().contains("lapse.models.bgnbd.max-iterations"), e.getMessage());
  }

  @Test
  void aGlobalFitOnTheBoundaryIsKeptSinceNothingIsLeftToFallBackTo() {
    SegmentModel global = fit(Map.of(Segmenter.ALL, oneTimeBuyers())).get(Segmenter.ALL);
    assertFalse(global.isFallback());
    assertTrue(global.params().get("r") < 1e-3, "r was " + global.params().get("r"));
  }

  @Test
  void minCustomersMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BgNbdSegmentTrainer(OPTIONS, BOUNDARY, 0));
    assertEquals("minCustomers must be >= 1 but was 0", e.getMessage());
  }
}
