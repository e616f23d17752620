package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.try_element_at;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a business counts as engagement: which event types are actions, of which kind, with which
 * weight (degree) and order. Event types listed as non-engagement are accepted and make a
 * customer "seen" (lifecycle stage Reach) without counting as engagement. Any other event type is
 * unknown and follows {@link #unknownTypePolicy}: {@code ignore} accepts it like a non-engagement
 * event (it is counted in {@link EngagementDaily#OTHER_EVENTS}), {@code quarantine} rejects it as
 * {@code unknown_event_type}; either way it is counted, never dropped.
 *
 * @param actions the engagement actions, one per event type
 * @param nonEngagementTypes known event types that are not engagement (impressions, email opens)
 * @param unknownTypePolicy one of {@link #POLICIES}
 * @param purchaseKind the kind whose events are purchases (amounts, Activate/Nurture stages)
 */
public record EngagementProfile(
    List<EngagementAction> actions,
    List<String> nonEngagementTypes,
    String unknownTypePolicy,
    String purchaseKind) {

  public static final String IGNORE = "ignore";
  public static final String QUARANTINE = "quarantine";
  public static final List<String> POLICIES = List.of(IGNORE, QUARANTINE);

  /** Added by {@link #classify}: the action's kind, null for non-engagement and unknown types. */
  public static final String KIND = "kind";
  /** Added by {@link #classify}: the action's weight, null when not an action. */
  public static final String WEIGHT = "weight";
  /** Added by {@link #classify}: the action's order (1, 2, 3), null when not an action. */
  public static final String ENGAGEMENT_ORDER = "engagement_order";

  public EngagementProfile {
    Objects.requireNonNull(actions, "actions");
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("engagement profile must define at least one action");
    }
    actions = List.copyOf(actions);
    Set<String> seen = new HashSet<>();
    for (EngagementAction a : actions) {
      if (!seen.add(a.eventType())) {
        throw new IllegalArgumentException(
            "engagement profile lists event type '" + a.eventType() + "' more than once");
      }
    }
    List<String> passive = new ArrayList<>();
    for (String t : Objects.requireNonNullElse(nonEngagementTypes, List.<String>of())) {
      String type = t == null ? "" : t.trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        throw new IllegalArgumentException(
            "engagement profile non-engagement-types has an empty entry");
      }
      if (!seen.add(type)) {
        throw new IllegalArgumentException("engagement profile lists event type '" + type
            + "' both as an action and as non-engagement, or twice");
      }
      passive.add(type);
    }
    nonEngagementTypes = List.copyOf(passive);
    if (!POLICIES.contains(unknownTypePolicy)) {
      throw new IllegalArgumentException("engagement profile unknown-type-policy must be one of "
          + POLICIES + " but was '" + unknownTypePolicy + "'");
    }
    Set<String> kinds = new LinkedHashSet<>();
    actions.forEach(a -> kinds.add(a.kind()));
    if (!kinds.contains(purchaseKind)) {
      throw new IllegalArgumentException("engagement profile purchase-kind must be one of its"
          + " kinds " + kinds + " but was '" + purchaseKind + "'");
    }
  }

  /**
   * The default profile. Weights rank effort and commitment (a page view is cheap, a purchase or
   * referral is not); orders follow who the customer engages with: themselves (1), the company (2),
   * other customers (3).
   */
  public static EngagementProfile defaults() {
    return new EngagementProfile(
        List.of(
            new EngagementAction("visit", "visit", 1.0, 1),
            new EngagementAction("page_view", "visit", 0.25, 1),
            new EngagementAction("purchase", "purchase", 5.0, 1),
            new EngagementAction("review", "contribute", 3.0, 1),
            new EngagementAction("comment", "contribute", 2.0, 1),
            new EngagementAction("post", "contribute", 3.0, 1),
            new EngagementAction("idea", "contribute", 4.0, 1),
            new EngagementAction("suggestion", "contribute", 4.0, 1),
            new EngagementAction("share", "advocate", 3.0, 3),
            new EngagementAction("referral", "advocate", 5.0, 3),
            new EngagementAction("invite", "advocate", 4.0, 3),
            new EngagementAction("answer", "help", 4.0, 3),
            new EngagementAction("support_reply", "help", 4.0, 3),
            new EngagementAction("event", "attend", 3.0, 2),
            new EngagementAction("meetup", "attend", 3.0, 2),
            new EngagementAction("survey", "feedback", 2.0, 2),
            new EngagementAction("complaint", "feedback", 1.0, 2),
            new EngagementAction("campaign_click", "feedback", 1.0, 2)),
        List.of("impression", "email_open", "signup"),
        IGNORE,
        "purchase");
  }

  /** The distinct kinds in the order they first appear; one column per kind downstream. */
  public List<String> kinds() {
    Set<String> kinds = new LinkedHashSet<>();
    actions.forEach(a -> kinds.add(a.kind()));
    return List.copyOf(kinds);
  }

  /** Action and non-engagement types: anything else is unknown. */
  public Set<String> knownTypes() {
    Set<String> known = new LinkedHashSet<>();
    actions.forEach(a -> known.add(a.eventType()));
    known.addAll(nonEngagementTypes);
    return known;
  }

  /** The event types of the purchase kind: the only ones whose amount is read. */
  public Set<String> purchaseTypes() {
    Set<String> types = new LinkedHashSet<>();
    actions.stream().filter(a -> a.kind().equals(purchaseKind))
        .forEach(a -> types.add(a.eventType()));
    return types;
  }

  public boolean quarantinesUnknownTypes() {
    return unknownTypePolicy.equals(QUARANTINE);
  }

  /** True where the (normalized, lower-case) event type is an action or a non-engagement type. */
  public Column isKnownType(Column eventType) {
    return eventType.isin(knownTypes().toArray());
  }

  /**
   * Adds {@link #KIND}, {@link #WEIGHT} and {@link #ENGAGEMENT_ORDER} from the {@code event_type}
   * column (null where the type is not an engagement action).
   */
  public Dataset<Row> classify(Dataset<Row> events) {
    Column type = col(EventReader.EVENT_TYPE);
    List<Column> kinds = new ArrayList<>();
    List<Column> weights = new ArrayList<>();
    List<Column> orders = new ArrayList<>();
    for (EngagementAction a : actions) {
      kinds.add(lit(a.eventType()));
      kinds.add(lit(a.kind()));
      weights.add(lit(a.eventType()));
      weights.add(lit(a.weight()));
      orders.add(lit(a.eventType()));
      orders.add(lit(a.order()));
    }
    return events
        .withColumn(KIND, try_element_at(map(kinds.toArray(Column[]::new)), type))
        .withColumn(WEIGHT,
            try_element_at(map(weights.toArray(Column[]::new)), type).cast(DataTypes.DoubleType))
        .withColumn(ENGAGEMENT_ORDER,
            try_element_at(map(orders.toArray(Column[]::new)), type).cast(DataTypes.IntegerType));
  }
}
