package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardPreferencesTest {

  static final PolicyAction EMAIL = new PolicyAction("email", 0.1, 0.05);
  static final PolicyAction COUPON = new PolicyAction("coupon", 2.0, 0.15);
  static final PolicyAction DOUBLE = new PolicyAction("double_coupon", 4.0, 0.25);
  static final PolicyAction RECOGNITION = new PolicyAction("recognition", 0.3, 0.08);
  static final PolicyAction EARLY = new PolicyAction("early_access", 1.0, 0.12);
  static final List<PolicyAction> BY_COST = List.of(EMAIL, RECOGNITION, EARLY, COUPON, DOUBLE);
  static final RewardPreferences REWARDS = new RewardPreferences(
      Map.of("email", "none", "coupon", "material", "double_coupon", "material",
          "recognition", "reputational", "early_access", "experiential"),
      List.of("none", "material"),
      Map.of("sharer", List.of("reputational", "experiential"),
          "connector", List.of("experiential"), "order-3", List.of("experiential")));

  @Test
  void groupsGetTheirKindsFirstThenTheDefaultLadder() {
    assertEquals(List.of(EMAIL, COUPON, DOUBLE), REWARDS.defaultLadder(BY_COST));
    assertEquals(List.of(RECOGNITION, EARLY, EMAIL, COUPON, DOUBLE),
        REWARDS.ladder(BY_COST, "sharer"));
    assertEquals(List.of(EARLY, EMAIL, COUPON, DOUBLE), REWARDS.ladder(BY_COST, "connector"));
    assertEquals(BY_COST, RewardPreferences.none().defaultLadder(BY_COST));
  }

  @Test
  void theGroupIsAPreferringRoleElseOrderThreeElseNone() {
    assertEquals("sharer", REWARDS.groupOf("sharer", 5.0));
    assertEquals("order-3", REWARDS.groupOf("curator", 1.0), "curator has no preferences here");
    assertEquals("order-3", REWARDS.groupOf(null, 2.0));
    assertNull(REWARDS.groupOf("none", 0.0));
    assertNull(REWARDS.groupOf(null, null));
    assertNull(RewardPreferences.none().groupOf("sharer", 3.0));
  }

  @Test
  void badPreferencesAreRefusedNamingWhat() {
    assertEquals("reward-preferences default-kinds [material] match no action's reward-kind"
        + " (kinds: [none])", assertThrows(IllegalArgumentException.class,
            () -> new RewardPreferences(Map.of("email", "none"), List.of("material"), Map.of()))
        .getMessage());
    assertEquals("reward-preferences group 'all' is blank or the reserved name 'all'",
        assertThrows(IllegalArgumentException.class, () -> new RewardPreferences(Map.of(),
            List.of("none"), Map.of("all", List.of("none")))).getMessage());
    assertEquals("reward-preferences group 'sharer' must list at least one kind",
        assertThrows(IllegalArgumentException.class, () -> new RewardPreferences(Map.of(),
            List.of("none"), Map.of("sharer", List.of()))).getMessage());
  }
}
