package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CandidateSelectionTest {

  private static final double NAN = Double.NaN;

  @Test
  void simplerCandidateWithinOneStandardErrorIsChosen() {
    // the generated-data case: GBT (third) ahead of the logistic regressions by 0.003
    CandidateSelection s = CandidateSelection.choose(new double[] {0.8048, 0.8053, 0.8079},
        new double[] {0.0035, 0.0040, NAN}, 1.0);
    assertEquals(0, s.chosen());
    assertEquals(2, s.best());
    assertEquals("candidate 1 of 3 trails the best (candidate 3, 0.8079) by 0.0031 <= 1.0 x SE"
        + " 0.0035", s.reason());
  }

  @Test
  void bestIsChosenWhenEverySimplerOneTrailsByMoreThanTheStandardErrors() {
    CandidateSelection s = CandidateSelection.choose(new double[] {0.7496, 0.7494, 0.7600},
        new double[] {0.0030, 0.0050, NAN}, 1.0);
    assertEquals(2, s.chosen());
    assertEquals("candidate 3 of 3 is the best (0.7600); every simpler one trails it by more"
        + " than 1.0 SE (1: 0.0104 behind, SE 0.0030; 2: 0.0106 behind, SE 0.0050)", s.reason());
  }

  @Test
  void secondCandidateIsChosenWhenTheFirstTrailsTooFar() {
    CandidateSelection s = CandidateSelection.choose(new double[] {0.70, 0.7590, 0.7600},
        new double[] {0.0030, 0.0020, NAN}, 1.0);
    assertEquals(1, s.chosen());
  }

  @Test
  void zeroStandardErrorsChoosesTheBest() {
    CandidateSelection s = CandidateSelection.choose(new double[] {0.8048, 0.8053, 0.8079},
        new double[] {NAN, NAN, NAN}, 0.0);
    assertEquals(2, s.chosen());
    assertEquals("candidate 3 of 3 is the best (0.8079)", s.reason());
  }

  @Test
  void unknownStandardErrorOrMetricIsNeverChosenOverTheBest() {
    assertEquals(2, CandidateSelection.choose(new double[] {0.8078, NAN, 0.8079},
        new double[] {NAN, 0.01, NAN}, 1.0).chosen());
    assertEquals(1, CandidateSelection.choose(new double[] {NAN, 0.6},
        new double[] {0.5, NAN}, 1.0).chosen());
  }

  @Test
  void firstCandidateWinsTiesAndAllNanChoosesTheFirst() {
    assertEquals(0, CandidateSelection.choose(new double[] {0.8, 0.8},
        new double[] {NAN, NAN}, 1.0).chosen());
    assertEquals(0, CandidateSelection.choose(new double[] {NAN, NAN},
        new double[] {NAN, NAN}, 1.0).chosen());
  }
}
