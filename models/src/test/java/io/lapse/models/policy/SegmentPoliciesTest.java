package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.Segmenter;
import io.lapse.models.km.KaplanMeierCurve;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stability: a t* found from evidence stays put while new estimates stay inside its interval. */
class SegmentPoliciesTest {

  static final KaplanMeierCurve KM = PolicyOptimizerTest.curve(PolicyOptimizerTest.spells(20_000,
      7));
  static final PolicySpec SPEC = PolicyOptimizerTest.spec(List.of(new PolicyAction("coupon",
      PolicyOptimizerTest.C, PolicyOptimizerTest.R))).withBootstrap(new BootstrapSpec(0, 0.9, 1));
  static final ExperimentSpec NO_ARMS = new ExperimentSpec("x", 0.1);

  static SegmentPolicies.Entry optimize(Map<String, PreviousPolicy> previous) {
    List<SegmentPolicies.Entry> entries = SegmentPolicies.optimize(
        Map.of(SPEC, Map.of(Segmenter.ALL, KM)), Map.of("S1", 1000L), 200, Map.of(),
        CampaignUplift.none(SPEC.campaignHistory()), previous, NO_ARMS, LocalDate.of(2025, 6, 30));
    return entries.get(0);
  }

  @Test
  void evidenceStaysPutInsideItsIntervalAndMovesOutsideIt() {
    double found = optimize(Map.of()).policy().tStar();
    TStarInterval wide = new TStarInterval(found - 3, found + 3, 0.9, 200, 0);

    SegmentPolicies.Entry kept = optimize(Map.of("ALL/days",
        new PreviousPolicy(found - 2, wide, SegmentPolicies.EVIDENCE)));
    assertTrue(kept.held());
    assertFalse(kept.moved());
    assertEquals(found - 2, kept.policy().tStar());
    assertEquals(wide, kept.policy().interval(), "the interval it is held to stays too");
    double[] w = kept.policy().curves().get(0).w();
    assertEquals(w[(int) (found - 2) - 1], kept.policy().ladder().get(0).expectedValue(), 1e-12);

    // A previous t* from the prior is no evidence to hold on to.
    SegmentPolicies.Entry fromPrior = optimize(Map.of("ALL/days",
        new PreviousPolicy(found - 2, wide, SegmentPolicies.PRIOR)));
    assertFalse(fromPrior.held());
    assertEquals(found, fromPrior.policy().tStar());

    // New evidence outside the interval moves t* and raises the flag.
    TStarInterval narrow = new TStarInterval(found + 5, found + 8, 0.9, 200, 0);
    SegmentPolicies.Entry moved = optimize(Map.of("ALL/days",
        new PreviousPolicy(found + 6, narrow, SegmentPolicies.EVIDENCE)));
    assertTrue(moved.moved());
    assertFalse(moved.held());
    assertEquals(found, moved.policy().tStar());
  }

  /**
   * Sharers are offered recognition first, everyone else the e-mail ladder; evidence measured on
   * sharers that recognition wins none of them back takes it out of their ladder.
   */
  @Test
  void preferenceGroupsGetTheirKindsFirstUntilTheirEvidenceSaysOtherwise() {
    PolicyAction email = new PolicyAction("email", 0.1, 0.05);
    PolicyAction recognition = new PolicyAction("recognition", 0.3, 0.08);
    PolicySpec spec = PolicyOptimizerTest.spec(List.of(email, recognition))
        .withBootstrap(new BootstrapSpec(0, 0.9, 1));
    RewardPreferences rewards = new RewardPreferences(
        Map.of("email", "none", "recognition", "reputational"), List.of("none"),
        Map.of("sharer", List.of("reputational")));
    CampaignUplift none = CampaignUplift.none(spec.campaignHistory());

    SegmentPolicies.Entry e = SegmentPolicies.optimize(Map.of(spec, Map.of(Segmenter.ALL, KM)),
        Map.of("S1", 1000L), 200, Map.of(), none, Map.of(), NO_ARMS, rewards,
        LocalDate.of(2025, 6, 30)).get(0);
    assertEquals(List.of("email"), e.policy().ladder().stream().map(Rung::action).toList(),
        "recognition is not a default kind");
    PreferenceLadder sharers = e.preferenceLadders().get(0);
    assertEquals("sharer", sharers.group());
    assertEquals("recognition", sharers.ladder().get(0).action());

    PolicyBook book = new PolicyBook(List.of(e.policy()), Map.of(), null, e.preferenceLadders());
    assertEquals("recognition", book.plan("S1", 1, null, 400, null, "sharer").next().action());
    assertEquals("email", book.plan("S1", 1, null, 400, null, null).next().action());

    List<UpliftBucket> noneBack = new java.util.ArrayList<>();
    for (int b = 0; b < 26; b++) {
      noneBack.add(new UpliftBucket(TimingUnit.DAYS, "sharer", Segmenter.ALL, "recognition", b,
          7 * b, 7 * b + 7, 500, 500, 50, 50, Double.NaN, 0.0, 0.0, true));
    }
    SegmentPolicies.Entry measured = SegmentPolicies.optimize(
        Map.of(spec, Map.of(Segmenter.ALL, KM)), Map.of("S1", 1000L), 200, Map.of(),
        CampaignUplift.of(spec.campaignHistory(), noneBack), Map.of(), NO_ARMS, rewards,
        LocalDate.of(2025, 6, 30)).get(0);
    assertEquals(List.of("email"), measured.preferenceLadders().get(0).ladder().stream()
        .map(Rung::action).toList(), "recognition measured useless on sharers");
    assertEquals(e.policy().ladder(), measured.policy().ladder(),
        "the sharers' evidence does not touch the default ladder");
  }
}
