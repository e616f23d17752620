package io.lapse.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConcordanceIndexTest {

  /**
   * Five subjects (time, event, predicted time): A (2, event, 3), B (4, event, 5), C (4,
   * censored, 4), D (4, event, 5), E (6, censored, 5). Comparable pairs by hand, the earlier
   * event first:
   * A-B, A-C, A-D, A-E (A is the only one before 4): predicted 3 below 5, 4, 5, 5: 4 concordant.
   * B-C and D-C (event and censoring at 4: C outlasts them): 5 above 4, 2 discordant.
   * B-E, D-E: 5 = 5, 2 tied. B-D: two events at 4, not comparable (1 tied event time).
   * C = (4 + 2 / 2) / 8 = 0.625.
   */
  @Test
  void matchesAHandComputedExampleWithTiesAndCensoring() {
    double[] t = {2, 4, 4, 4, 6};
    boolean[] e = {true, true, false, true, false};
    double[] p = {3, 5, 4, 5, 5};
    Concordance c = ConcordanceIndex.ofPredictedTimes(t, e, p);
    assertEquals(8, c.comparablePairs());
    assertEquals(4, c.concordant());
    assertEquals(2, c.discordant());
    assertEquals(2, c.tiedPredictions());
    assertEquals(1, c.tiedEventTimes());
    assertEquals(3, c.events());
    assertEquals(0.625, c.index(), 1e-15);
    // A risk score is the other way round: the same ranking negated gives the same index.
    assertEquals(0.625, ConcordanceIndex.ofRiskScores(t, e, new double[] {-3, -5, -4, -5, -5})
        .index(), 1e-15);
  }

  @Test
  void perfectReversedAndConstantPredictions() {
    double[] t = {1, 2, 3, 4, 5};
    boolean[] all = {true, true, true, true, true};
    assertEquals(1.0, ConcordanceIndex.ofPredictedTimes(t, all, t).index());
    assertEquals(0.0, ConcordanceIndex.ofPredictedTimes(t, all, new double[] {5, 4, 3, 2, 1})
        .index());
    assertEquals(0.5, ConcordanceIndex.ofPredictedTimes(t, all, new double[] {7, 7, 7, 7, 7})
        .index());
    assertEquals(10, ConcordanceIndex.ofPredictedTimes(t, all, t).comparablePairs());
  }

  @Test
  void censoredSubjectsAreNeverTheEarlierOfAPair() {
    // Only the event at 3 anchors pairs: with 4 and 5. The censored 1 and 2 anchor none.
    Concordance c = ConcordanceIndex.ofPredictedTimes(new double[] {1, 2, 3, 4, 5},
        new boolean[] {false, false, true, false, false}, new double[] {9, 9, 1, 2, 0});
    assertEquals(2, c.comparablePairs());
    assertEquals(1, c.concordant());
    assertEquals(1, c.discordant());
  }

  @Test
  void agreesWithTheQuadraticDefinitionOnRandomDataWithManyTies() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 1 + rnd.nextInt(300);
      double[] t = new double[n];
      boolean[] e = new boolean[n];
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = rnd.nextInt(20);
        e[i] = rnd.nextDouble() < 0.6;
        p[i] = rnd.nextInt(10);
      }
      Concordance fast = ConcordanceIndex.ofPredictedTimes(t, e, p);
      long comparable = 0;
      long concordant = 0;
      long discordant = 0;
      long tied = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          boolean usable = e[i] && (t[i] < t[j] || (t[i] == t[j] && !e[j]));
          if (i == j || !usable) {
            continue;
          }
          comparable++;
          if (p[i] < p[j]) {
            concordant++;
          } else if (p[i] > p[j]) {
            discordant++;
          } else {
            tied++;
          }
        }
      }
      assertEquals(comparable, fast.comparablePairs(), "trial " + trial);
      assertEquals(concordant, fast.concordant(), "trial " + trial);
      assertEquals(discordant, fast.discordant(), "trial " + trial);
      assertEquals(tied, fast.tiedPredictions(), "trial " + trial);
    }
  }

  @Test
  void noComparablePairIsNaNAndBadInputsNameTheIndex() {
    assertEquals(Double.NaN, ConcordanceIndex.ofPredictedTimes(new double[] {1, 2},
        new boolean[] {false, false}, new double[] {1, 2}).index());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConcordanceIndex.ofPredictedTimes(new double[] {1, Double.NaN},
            new boolean[] {true, true}, new double[] {1, 2}));
    assertEquals("time at index 1 must be finite but was NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConcordanceIndex.ofPredictedTimes(new double[] {1, 2}, new boolean[] {true},
            new double[] {1, 2}));
    assertEquals("times, events and predictions must have the same length but were 2, 1, 2",
        e.getMessage());
  }
}
