package io.lapse.features.engagement;

import java.util.List;
import java.util.Objects;

/**
 * A community role a customer takes when the listed kinds together reach a share of their
 * community actions.
 *
 * @param role the role's name as written to the features
 * @param kinds the kinds whose actions add up to the share
 * @param minShare the least share, in (0, 1]
 */
public record CommunityRoleRule(String role, List<String> kinds, double minShare) {

  public CommunityRoleRule {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("community role name must not be empty");
    }
    kinds = List.copyOf(Objects.requireNonNull(kinds, "kinds"));
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("community role '" + role + "' must list kinds");
    }
    if (!(minShare > 0 && minShare <= 1)) {
      throw new IllegalArgumentException(
          "community role '" + role + "' min-share must be in (0, 1] but was " + minShare);
    }
  }
}
