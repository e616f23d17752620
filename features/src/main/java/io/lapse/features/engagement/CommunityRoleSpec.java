package io.lapse.features.engagement;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the community role is read from the mix of kinds. Over the last {@code windowDays} days
 * through D, each kind's share of the customer's <em>community actions</em> (actions of every kind
 * except {@code excludedKinds}; visits and purchases would otherwise swamp every mix) is computed.
 * The rules are tried in order and the first whose kinds together reach its min-share names the
 * role; a customer with fewer than {@code minActions} community actions in the window, or matching
 * no rule, gets {@link #NO_ROLE}. Order the rules from the rarest, strongest signal to the
 * commonest.
 *
 * @param windowDays days through D the mix is read over (>= 1)
 * @param minActions the least community actions in the window for any role (>= 1)
 * @param excludedKinds kinds that are not community actions
 * @param rules the roles in precedence order
 */
public record CommunityRoleSpec(
    int windowDays, int minActions, List<String> excludedKinds, List<CommunityRoleRule> rules) {

  public static final String NO_ROLE = "none";

  public CommunityRoleSpec {
    if (windowDays < 1) {
      throw new IllegalArgumentException(
          "community roles window-days must be >= 1 but was " + windowDays);
    }
    if (minActions < 1) {
      throw new IllegalArgumentException(
          "community roles min-actions must be >= 1 but was " + minActions);
    }
    excludedKinds = List.copyOf(Objects.requireNonNullElse(excludedKinds, List.of()));
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    Set<String> names = new HashSet<>();
    for (CommunityRoleRule r : rules) {
      if (!names.add(r.role()) || r.role().equals(NO_ROLE)) {
        throw new IllegalArgumentException("community role '" + r.role()
            + "' is defined twice or is the reserved name '" + NO_ROLE + "'");
      }
      for (String k : r.kinds()) {
        if (excludedKinds.contains(k)) {
          throw new IllegalArgumentException("community role '" + r.role() + "' uses kind '" + k
              + "' that excluded-kinds leaves out of the mix");
        }
      }
    }
  }

  /**
   * Over 365 days, at least 5 community actions. Sharer: shares, referrals and invites dominate.
   * Builder: answers others. Connector: attends events and meet-ups. Curator: gives the company
   * feedback. Storyteller: contributes content (posts, reviews, comments). Innovator: contributes
   * and gives feedback in about equal measure, which is how ideas and suggestions show up at the
   * level of kinds.
   */
  public static CommunityRoleSpec defaults() {
    return new CommunityRoleSpec(365, 5, List.of("visit", "purchase"), List.of(
        new CommunityRoleRule("sharer", List.of("advocate"), 0.4),
        new CommunityRoleRule("builder", List.of("help"), 0.3),
        new CommunityRoleRule("connector", List.of("attend"), 0.3),
        new CommunityRoleRule("storyteller", List.of("contribute"), 0.6),
        new CommunityRoleRule("curator", List.of("feedback"), 0.5),
        new CommunityRoleRule("innovator", List.of("contribute", "feedback"), 0.7)));
  }

  void requireKinds(List<String> profileKinds) {
    for (String k : excludedKinds) {
      if (!profileKinds.contains(k)) {
        throw new IllegalArgumentException("community roles excluded-kinds names kind '" + k
            + "' that the engagement profile does not define; kinds: " + profileKinds);
      }
    }
    for (CommunityRoleRule r : rules) {
      for (String k : r.kinds()) {
        if (!profileKinds.contains(k)) {
          throw new IllegalArgumentException("community role '" + r.role() + "' names kind '" + k
              + "' that the engagement profile does not define; kinds: " + profileKinds);
        }
      }
    }
  }
}
