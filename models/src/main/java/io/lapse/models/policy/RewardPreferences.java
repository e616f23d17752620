package io.lapse.models.policy;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Which kinds of reward a customer is offered first. Every action has a reward kind (for example
 * {@code material}: a coupon; {@code experiential}: early access, an invitation;
 * {@code reputational}: recognition, a badge, a feature of their contribution; {@code none}: a
 * plain message). Customers without a preference group get the ladder of the default kinds' actions
 * in order of cost. A preference group (a community role, or {@link #HIGH_ORDER} for customers
 * without such a role who act at engagement order 3) is offered its kinds' actions first, in the
 * order of its kinds and then of cost, and then the default kinds' actions by cost.
 *
 * @param kindByAction reward kind by action name; an action not listed is {@link #NO_KIND}
 * @param defaultKinds the kinds of the ladder of customers without a preference group
 * @param kindsByGroup per preference group, the kinds offered first, in order
 */
public record RewardPreferences(Map<String, String> kindByAction, List<String> defaultKinds,
    Map<String, List<String>> kindsByGroup) implements Serializable {

  /** The kind of an action without one. */
  public static final String NO_KIND = "none";
  /** The group of customers without a preferring role who act at engagement order 3. */
  public static final String HIGH_ORDER = "order-3";
  /** The pooled group of the measured uplift: every contact, whatever its group. */
  public static final String ALL_GROUPS = "all";

  public RewardPreferences {
    kindByAction = Map.copyOf(kindByAction);
    defaultKinds = List.copyOf(defaultKinds);
    kindsByGroup = Collections.unmodifiableMap(new TreeMap<>(kindsByGroup));
    Set<String> kinds = new TreeSet<>(kindByAction.values());
    if (kindByAction.isEmpty()) {
      kinds.add(NO_KIND);
    }
    // A group's kinds need no action (a kind without actions adds nothing to its ladder), but
    // default kinds without any action would leave most customers without a ladder.
    if (defaultKinds.stream().noneMatch(kinds::contains)) {
      throw new IllegalArgumentException("reward-preferences default-kinds " + defaultKinds
          + " match no action's reward-kind (kinds: " + kinds + ")");
    }
    for (Map.Entry<String, List<String>> g : kindsByGroup.entrySet()) {
      if (g.getKey().isBlank() || g.getKey().equals(ALL_GROUPS)) {
        throw new IllegalArgumentException("reward-preferences group '" + g.getKey()
            + "' is blank or the reserved name '" + ALL_GROUPS + "'");
      }
      if (g.getValue().isEmpty()) {
        throw new IllegalArgumentException("reward-preferences group '" + g.getKey()
            + "' must list at least one kind");
      }
    }
  }

  /**
   * The kinds of {@link PolicySpec#defaults()}'s actions (coupons material, recognition
   * reputational, early access experiential, the e-mail none); the default ladder of none and
   * material; reputational first for sharers, builders, storytellers and curators (then
   * experiential for sharers and builders), experiential first for connectors, innovators (then
   * reputational) and order-3 customers.
   */
  public static RewardPreferences defaults() {
    return new RewardPreferences(
        Map.of("email", NO_KIND, "coupon", "material", "double_coupon", "material",
            "recognition", "reputational", "early_access", "experiential"),
        List.of(NO_KIND, "material"),
        Map.of("sharer", List.of("reputational", "experiential"),
            "builder", List.of("reputational", "experiential"),
            "storyteller", List.of("reputational"), "curator", List.of("reputational"),
            "connector", List.of("experiential"),
            "innovator", List.of("experiential", "reputational"),
            HIGH_ORDER, List.of("experiential")));
  }

  /** Every action in the default ladder, no groups. */
  public static RewardPreferences none() {
    return new RewardPreferences(Map.of(), List.of(NO_KIND), Map.of());
  }

  public String kindOf(String action) {
    return kindByAction.getOrDefault(action, NO_KIND);
  }

  /** The actions of the default ladder: those of the default kinds, in the given (cost) order. */
  public List<PolicyAction> defaultLadder(List<PolicyAction> byCost) {
    return byCost.stream().filter(a -> defaultKinds.contains(kindOf(a.name()))).toList();
  }

  /**
   * The actions of a group's ladder: its kinds' actions in the order of its kinds (each kind's in
   * the given cost order), then the default ladder's actions not yet listed.
   */
  public List<PolicyAction> ladder(List<PolicyAction> byCost, String group) {
    List<String> preferred = kindsByGroup.get(group);
    if (preferred == null) {
      throw new IllegalArgumentException("no reward preference group '" + group + "' (groups: "
          + kindsByGroup.keySet() + ")");
    }
    Set<PolicyAction> order = new LinkedHashSet<>();
    for (String kind : preferred) {
      byCost.stream().filter(a -> kind.equals(kindOf(a.name()))).forEach(order::add);
    }
    order.addAll(defaultLadder(byCost));
    return List.copyOf(order);
  }

  /**
   * A customer's preference group: the community role when it has preferences, else
   * {@link #HIGH_ORDER} when the customer acted at order 3 and that group has preferences, else
   * null (the default ladder).
   */
  public String groupOf(String communityRole, Double order3Actions) {
    if (communityRole != null && kindsByGroup.containsKey(communityRole)) {
      return communityRole;
    }
    if (order3Actions != null && order3Actions > 0 && kindsByGroup.containsKey(HIGH_ORDER)) {
      return HIGH_ORDER;
    }
    return null;
  }

  /** {@link #groupOf} as a column of the role and order-3 columns. */
  public Column groupColumn(Column communityRole, Column order3Actions) {
    Column none = lit(null).cast(DataTypes.StringType);
    if (kindsByGroup.isEmpty()) {
      return none;
    }
    return when(communityRole.isin(kindsByGroup.keySet().toArray()), communityRole)
        .when(order3Actions.gt(0).and(lit(kindsByGroup.containsKey(HIGH_ORDER))), HIGH_ORDER)
        .otherwise(none);
  }

}
