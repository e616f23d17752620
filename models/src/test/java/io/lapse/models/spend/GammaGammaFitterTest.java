package io.lapse.models.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GammaGammaFitterTest {

  @Test
  void cdnowSampleReproducesThePublishedFit() throws Exception {
    RepeatSpendStatistics stats = CdnowSpend.statistics();
    assertEquals(946, stats.customers());
    GammaGammaFit fit = GammaGammaFitter.fit(stats);
    System.out.println("CDNOW Gamma-Gamma " + fit + " correlation " + stats.correlation());
    assertTrue(fit.converged(), fit.toString());
    assertWithin(6.25, fit.params().p(), "p");
    assertWithin(3.74, fit.params().q(), "q");
    assertWithin(15.44, fit.params().gamma(), "gamma");
  }

  static void assertWithin(double published, double fitted, String name) {
    double relative = Math.abs(fitted - published) / Math.abs(published);
    assertTrue(relative <= 0.005, name + ": fitted " + fitted + " vs published " + published
        + " (relative difference " + relative + " > 0.5%)");
  }
}
