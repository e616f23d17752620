package io.lapse.features.engagement;

import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link EngagementFeatures}.
 *
 * @param profile the engagement profile the daily table was built with
 * @param frequencyWindowsDays windows (days through D) of the per-kind frequencies; strictly
 *     ascending, each >= 1
 * @param breadthWindowDays window of breadth (distinct kinds)
 * @param degreeHalfLifeDays half-life of the engagement degree's exponential decay (> 0)
 * @param trendWindowDays trend compares this many days through D with the same number before
 * @param slopeWeeks number of weekly buckets the trend slope is fitted over (>= 2)
 * @param sessionWindowDays window of the windowed session features
 * @param atRiskLatencyRatio recency / personal latency above which a customer is at risk (> 0)
 * @param roles community roles
 * @param disengagement the dis-engagement rule (lifecycle stage Lapsed and the labels)
 */
public record EngagementFeatureSpec(
    EngagementProfile profile,
    List<Integer> frequencyWindowsDays,
    int breadthWindowDays,
    double degreeHalfLifeDays,
    int trendWindowDays,
    int slopeWeeks,
    int sessionWindowDays,
    double atRiskLatencyRatio,
    CommunityRoleSpec roles,
    DisengagementSpec disengagement) {

  public EngagementFeatureSpec {
    Objects.requireNonNull(profile, "profile");
    frequencyWindowsDays = List.copyOf(frequencyWindowsDays);
    if (frequencyWindowsDays.isEmpty()) {
      throw new IllegalArgumentException("engagement frequency-windows-days must not be empty");
    }
    for (int i = 0; i < frequencyWindowsDays.size(); i++) {
      if (frequencyWindowsDays.get(i) < 1
          || (i > 0 && frequencyWindowsDays.get(i) <= frequencyWindowsDays.get(i - 1))) {
        throw new IllegalArgumentException("engagement frequency-windows-days must be strictly"
            + " ascending and >= 1 but was " + frequencyWindowsDays);
      }
    }
    requireAtLeast("breadth-window-days", breadthWindowDays, 1);
    if (!(degreeHalfLifeDays > 0) || Double.isInfinite(degreeHalfLifeDays)) {
      throw new IllegalArgumentException(
          "engagement degree-half-life-days must be > 0 but was " + degreeHalfLifeDays);
    }
    requireAtLeast("trend-window-days", trendWindowDays, 1);
    requireAtLeast("slope-weeks", slopeWeeks, 2);
    requireAtLeast("session-window-days", sessionWindowDays, 1);
    if (!(atRiskLatencyRatio > 0) || Double.isInfinite(atRiskLatencyRatio)) {
      throw new IllegalArgumentException(
          "engagement at-risk-latency-ratio must be > 0 but was " + atRiskLatencyRatio);
    }
    Objects.requireNonNull(roles, "roles").requireKinds(profile.kinds());
    Objects.requireNonNull(disengagement, "disengagement");
  }

  public static EngagementFeatureSpec defaults() {
    return new EngagementFeatureSpec(EngagementProfile.defaults(), List.of(7, 30, 90, 365), 90,
        30.0, 30, 8, 30, 2.0, CommunityRoleSpec.defaults(), DisengagementSpec.defaults());
  }

  public EngagementFeatureSpec withDisengagement(DisengagementSpec d) {
    return new EngagementFeatureSpec(profile, frequencyWindowsDays, breadthWindowDays,
        degreeHalfLifeDays, trendWindowDays, slopeWeeks, sessionWindowDays, atRiskLatencyRatio,
        roles, d);
  }

  public EngagementFeatureSpec withProfile(EngagementProfile p, CommunityRoleSpec r) {
    return new EngagementFeatureSpec(p, frequencyWindowsDays, breadthWindowDays,
        degreeHalfLifeDays, trendWindowDays, slopeWeeks, sessionWindowDays, atRiskLatencyRatio,
        r, disengagement);
  }

  private static void requireAtLeast(String key, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(
          "engagement " + key + " must be >= " + least + " but was " + value);
    }
  }
}
