package io.lapse.features.engagement;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The simulated clickstream the tests are calibrated on. Not a default: the generate job's
 * clickstream is lapse.generate.clickstream in reference.conf (the same two segments over a
 * longer history); these tests keep their own so that their expectations do not move with it.
 */
public final class ClickstreamScenario {

  private ClickstreamScenario() {}

  /**
   * 500 users showing up in the first 180 days of 2024, simulated to 2024-12-31. Two segments:
   * "core" engages every other day for about 200 days with plenty of community actions, "casual"
   * one day in five for about 90 days, mostly visits.
   */
  public static ClickstreamSimulator.Spec year2024() {
    return new ClickstreamSimulator.Spec(20261124L, 500, LocalDate.parse("2024-01-01"),
        LocalDate.parse("2024-12-31"), 180, 0.05, 0.2, 0.5, 0.05, List.of(
            new ClickstreamSimulator.SegmentProfile("core", 0.35, 0.5, 200, 0.4, Map.ofEntries(
                Map.entry("purchase", 0.10), Map.entry("review", 0.04),
                Map.entry("comment", 0.10), Map.entry("post", 0.05), Map.entry("idea", 0.02),
                Map.entry("suggestion", 0.02), Map.entry("share", 0.06),
                Map.entry("referral", 0.02), Map.entry("invite", 0.02),
                Map.entry("answer", 0.06), Map.entry("support_reply", 0.02),
                Map.entry("event", 0.02), Map.entry("meetup", 0.02), Map.entry("survey", 0.03),
                Map.entry("complaint", 0.01), Map.entry("campaign_click", 0.05))),
            new ClickstreamSimulator.SegmentProfile("casual", 0.65, 0.2, 90, 0.1, Map.of(
                "purchase", 0.05, "comment", 0.03, "share", 0.02, "survey", 0.02,
                "campaign_click", 0.05, "review", 0.01))));
  }
}
