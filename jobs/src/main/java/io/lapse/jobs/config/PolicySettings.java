package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.models.policy.BootstrapSpec;
import io.lapse.models.policy.CampaignUpliftSpec;
import io.lapse.models.policy.ExperimentSpec;
import io.lapse.models.policy.PolicyAction;
import io.lapse.models.policy.PolicySpec;
import io.lapse.models.policy.RewardPreferences;
import io.lapse.models.policy.TimingUnit;
import io.lapse.models.policy.WinBackStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * lapse.policy, lapse.input.campaign-contacts and lapse.export resolved.
 *
 * @param enabled whether the nightly runs the policy stage
 * @param valueSource where V comes from: config (the configured V), models (per segment, BG/NBD
 *     expected transactions x mean spend per active day) or clv (per segment, the mean CLV of
 *     scores)
 * @param spec the policy model's spec (times in days)
 * @param latencySpec with timing-unit = latency, the spec of the policy in latency units
 * @param experiment lapse's randomized holdout on its due actions
 * @param winBack the step for customers past the last rung; empty: they are past_ladder
 * @param rewards the actions' reward kinds and which kinds each preference group gets first
 * @param campaignContacts optional campaign history
 * @param exportPath folder of the export job's CSV files
 */
public record PolicySettings(boolean enabled, String valueSource, PolicySpec spec,
    Optional<PolicySpec> latencySpec, ExperimentSpec experiment, Optional<WinBackStep> winBack,
    RewardPreferences rewards,
    Optional<CustomersSource> campaignContacts,
    String exportPath) {

  public static final List<String> VALUE_SOURCES = List.of("config", "models", "clv");

  /** V per segment from BG/NBD and the mean spend per active day. */
  public boolean valueFromModels() {
    return "models".equals(valueSource);
  }

  /** V per segment from the mean CLV of the segment's scores. */
  public boolean valueFromClv() {
    return "clv".equals(valueSource);
  }

  static PolicySettings from(Config c) {
    Config p = c.getConfig("lapse.policy");
    String valueSource = p.getString("value-source");
    if (!VALUE_SOURCES.contains(valueSource)) {
      throw new IllegalArgumentException("lapse.policy.value-source must be one of "
          + VALUE_SOURCES + " but was '" + valueSource + "'");
    }
    List<PolicyAction> actions = new ArrayList<>();
    Map<String, String> kinds = new java.util.LinkedHashMap<>();
    int i = 0;
    for (Config a : p.getConfigList("actions")) {
      String where = "lapse.policy.actions[" + i++ + "]";
      EngagementSettings.requireOnlyKeys(a, Set.of("name", "cost", "response-rate"),
          Set.of("discount", "fatigue-probability", "reward-kind"), where);
      kinds.put(a.getString("name"), a.hasPath("reward-kind") ? a.getString("reward-kind")
          : RewardPreferences.NO_KIND);
      try {
        // List elements get no defaults from reference.conf: an action without a discount or a
        // fatigue has none.
        actions.add(new PolicyAction(a.getString("name"), a.getDouble("cost"),
            a.getDouble("response-rate"), a.hasPath("discount") ? a.getDouble("discount") : 0.0,
            a.hasPath("fatigue-probability") ? a.getDouble("fatigue-probability") : 0.0));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    PolicySpec spec = new PolicySpec(p.getDouble("value-per-customer"), actions, TimingUnit.DAYS,
        p.getDouble("max-days"), p.getDouble("step-days"),
        p.getDouble("reachability-half-life-days"), p.getInt("due-window-days"),
        new CampaignUpliftSpec(p.getInt("campaign-history.bucket-days"),
            p.getInt("campaign-history.response-window-days"),
            p.getLong("campaign-history.min-contacts-per-group"),
            p.getDouble("latency.bucket-width")),
        new BootstrapSpec(p.getInt("bootstrap.replicates"), p.getDouble("bootstrap.level"),
            p.getLong("bootstrap.seed")),
        p.getInt("campaign-history.response-window-days"));
    TimingUnit unit = TimingUnit.parse(p.getString("timing-unit"));
    Optional<PolicySpec> latency = unit == TimingUnit.LATENCY
        ? Optional.of(spec.withGrid(TimingUnit.LATENCY, p.getDouble("latency.max-time"),
            p.getDouble("latency.time-step"))
            .withReachabilityHalfLife(p.getDouble("latency.reachability-half-life"))
            .withResponseWindow(p.getDouble("latency.response-window")))
        : Optional.empty();
    ExperimentSpec experiment;
    try {
      experiment = new ExperimentSpec(p.getString("experiment.id"),
          p.getDouble("experiment.control-share"), p.getDouble("experiment.explore-share"),
          p.getInt("experiment.arm-octaves"), p.getDouble("experiment.stop-exploring-at"),
          p.getInt("experiment.thompson-draws"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("lapse.policy.experiment: " + e.getMessage(), e);
    }
    String winBackAction = p.getString("win-back.action");
    Optional<WinBackStep> winBack = Optional.empty();
    if (!winBackAction.isBlank()) {
      if (actions.stream().anyMatch(a -> a.name().equals(winBackAction))) {
        throw new IllegalArgumentException("lapse.policy.win-back.action must differ from the"
            + " ladder's actions but '" + winBackAction + "' is one of them");
      }
      try {
        winBack = Optional.of(new WinBackStep(winBackAction,
            p.getInt("win-back.days-after-last-rung")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("lapse.policy." + e.getMessage(), e);
      }
    }
    RewardPreferences rewards;
    try {
      Map<String, List<String>> groups = new java.util.TreeMap<>();
      // groups = null drops the default groups (HOCON merges objects, a null resets them).
      if (p.hasPath("reward-preferences.groups")) {
        Config g = p.getConfig("reward-preferences.groups");
        for (String group : g.root().keySet()) {
          groups.put(group, g.getStringList(com.typesafe.config.ConfigUtil.joinPath(group)));
        }
      }
      rewards = new RewardPreferences(kinds,
          p.getStringList("reward-preferences.default-kinds"), groups);
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException("lapse.policy." + e.getMessage(), e);
    }
    String contacts = c.getString("lapse.input.campaign-contacts.path");
    return new PolicySettings(p.getBoolean("enabled"), valueSource, spec,
        latency, experiment, winBack, rewards,
        contacts.isBlank() ? Optional.empty() : Optional.of(new CustomersSource(contacts,
            c.getString("lapse.input.campaign-contacts.format"))),
        ConfigValues.writableFolder(c.getString("lapse.export.path"), "lapse.export.path"));
  }
}
