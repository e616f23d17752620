package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.features.engagement.CommunityRoleRule;
import io.lapse.features.engagement.CommunityRoleSpec;
import io.lapse.features.engagement.DisengagementSpec;
import io.lapse.features.engagement.EngagementAction;
import io.lapse.features.engagement.EngagementFeatureSpec;
import io.lapse.features.engagement.EngagementProfile;
import io.lapse.features.engagement.EventColumns;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.engagement.SessionSpec;
import io.lapse.features.engagement.LabelSpec;
import io.lapse.features.engagement.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * lapse.input.events, lapse.input.identity and lapse.engagement resolved into the engagement
 * stages' specs.
 *
 * @param events the clickstream source; {@link EventSourceSpec#isConfigured()} is false when the
 *     path is empty
 * @param identity optional user-to-customer mapping
 * @param transactionsEventType event type accepted transactions join the engagement view as;
 *     empty when they stay out of it
 * @param sessions sessionizing of events without a session id
 * @param features the feature spec, with the profile, roles and dis-engagement rule
 * @param training snapshots and horizon of the training examples
 * @param label the question the training label answers
 */
public record EngagementSettings(
    EventSourceSpec events,
    Optional<CustomersSource> identity,
    String transactionsEventType,
    SessionSpec sessions,
    EngagementFeatureSpec features,
    TrainingSpec training,
    LabelSpec label) {

  public EngagementSettings {
    EngagementProfile profile = features.profile();
    try {
      label.requireKinds(profile.kinds());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("lapse.engagement.training.label-kinds: "
          + e.getMessage(), e);
    }
    if (!transactionsEventType.isEmpty()
        && !profile.purchaseTypes().contains(transactionsEventType)) {
      throw new IllegalArgumentException("lapse.engagement.transactions-event-type must be an"
          + " action of the purchase kind '" + profile.purchaseKind() + "' " + profile.purchaseTypes()
          + " (or empty) but was '" + transactionsEventType + "'");
    }
  }

  public EngagementProfile profile() {
    return features.profile();
  }

  public boolean hasEvents() {
    return events.isConfigured();
  }

  public boolean includesTransactions() {
    return !transactionsEventType.isEmpty();
  }

  static EngagementSettings from(Config c) {
    Config e = c.getConfig("lapse.input.events");
    Config cols = e.getConfig("columns");
    EventSourceSpec events = new EventSourceSpec(e.getString("format"), e.getString("path"),
        e.getBoolean("csv-header"), e.getString("csv-delimiter"), e.getString("timestamp-format"),
        new EventColumns(cols.getString("user-id"), cols.getString("timestamp"),
            cols.getString("event-type"), cols.getString("session-id"), cols.getString("page"),
            cols.getString("referrer-id"), cols.getString("event-id"), cols.getString("amount")),
        e.getString("event-type"));
    String identityPath = c.getString("lapse.input.identity.path");
    Optional<CustomersSource> identity = identityPath.isBlank() ? Optional.empty()
        : Optional.of(new CustomersSource(identityPath, c.getString("lapse.input.identity.format")));

    Config g = c.getConfig("lapse.engagement");
    EngagementProfile profile = profile(g.getConfig("profile"));
    Config r = g.getConfig("roles");
    List<CommunityRoleRule> rules = new ArrayList<>();
    int i = 0;
    for (Config rule : r.getConfigList("rules")) {
      String where = "lapse.engagement.roles.rules[" + i++ + "]";
      requireOnlyKeys(rule, Set.of("role", "kinds", "min-share"), where);
      rules.add(new CommunityRoleRule(rule.getString("role"), rule.getStringList("kinds"),
          rule.getDouble("min-share")));
    }
    CommunityRoleSpec roles = new CommunityRoleSpec(r.getInt("window-days"),
        r.getInt("min-actions"), r.getStringList("excluded-kinds"), rules);
    Config d = g.getConfig("disengagement");
    Map<String, Integer> segmentDays = new TreeMap<>();
    d.getConfig("segment-days").root().keySet()
        .forEach(k -> segmentDays.put(k, d.getConfig("segment-days").getInt("\"" + k + "\"")));
    DisengagementSpec disengagement = new DisengagementSpec(d.getString("threshold"),
        d.getInt("fixed-days"), segmentDays, d.getDouble("latency-multiplier"),
        d.getInt("latency-floor-days"));
    Config f = g.getConfig("features");
    EngagementFeatureSpec features = new EngagementFeatureSpec(profile,
        f.getIntList("frequency-windows-days"), f.getInt("breadth-window-days"),
        f.getDouble("degree-half-life-days"), f.getInt("trend-window-days"),
        f.getInt("slope-weeks"), f.getInt("session-window-days"),
        f.getDouble("at-risk-latency-ratio"), roles, disengagement);
    Config t = g.getConfig("training");
    TrainingSpec training = new TrainingSpec(t.getInt("horizon-days"),
        t.getInt("snapshot-spacing-days"), t.getInt("snapshot-count"));
    return new EngagementSettings(events, identity,
        g.getString("transactions-event-type").trim().toLowerCase(java.util.Locale.ROOT),
        new SessionSpec(g.getInt("sessions.inactivity-gap-minutes")), features, training,
        new LabelSpec(LabelSpec.Definition.parse(t.getString("label")),
            t.getStringList("label-kinds")));
  }

  private static EngagementProfile profile(Config p) {
    List<EngagementAction> actions = new ArrayList<>();
    int i = 0;
    for (Config a : p.getConfigList("actions")) {
      String where = "lapse.engagement.profile.actions[" + i++ + "]";
      requireOnlyKeys(a, Set.of("event-type", "kind", "weight", "order"), where);
      try {
        actions.add(new EngagementAction(a.getString("event-type"), a.getString("kind"),
            a.getDouble("weight"), a.getInt("order")));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
      }
    }
    return new EngagementProfile(actions, p.getStringList("non-engagement-types"),
        p.getString("unknown-type-policy"), p.getString("purchase-kind"));
  }

  /** List elements are not covered by the reference check of unknown keys, so they are here. */
  static void requireOnlyKeys(Config item, Set<String> allowed, String where) {
    requireOnlyKeys(item, allowed, Set.of(), where);
  }

  /** As above, where the {@code optional} keys may be absent. */
  static void requireOnlyKeys(Config item, Set<String> required, Set<String> optional,
      String where) {
    Set<String> allowed = new java.util.TreeSet<>(required);
    allowed.addAll(optional);
    for (String key : item.root().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + " has unknown key '" + key + "'; keys: "
            + allowed);
      }
    }
    for (String key : required) {
      if (!item.hasPath(key)) {
        throw new IllegalArgumentException(where + " lacks key '" + key + "'");
      }
    }
  }
}
