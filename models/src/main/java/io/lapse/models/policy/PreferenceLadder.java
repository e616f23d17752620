package io.lapse.models.policy;

import java.io.Serializable;
import java.util.List;

/**
 * The ladder a segment's policy offers one reward preference group: the group's reward kinds
 * first ({@link RewardPreferences#ladder}), each rung at its best time on the segment's curve
 * with the group's measured uplift where it has enough contacts.
 */
public record PreferenceLadder(String segment, TimingUnit unit, String group, List<Rung> ladder)
    implements Serializable {

  public PreferenceLadder {
    ladder = List.copyOf(ladder);
  }
}
