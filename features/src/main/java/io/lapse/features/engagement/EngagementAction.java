package io.lapse.features.engagement;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One event type that counts as an engagement action.
 *
 * @param eventType the event type as it appears in the clickstream (matched trimmed and in lower
 *     case)
 * @param kind the kind of engagement it belongs to; becomes part of column names, so lower-case
 *     letters, digits and underscores, starting with a letter
 * @param weight its contribution to the engagement degree (finite, >= 0)
 * @param order 1: the customer acts; 2: responds to the company (campaigns, surveys, events); 3:
 *     brings in or helps others (referrals, answers)
 */
public record EngagementAction(String eventType, String kind, double weight, int order) {

  static final Pattern KIND_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public EngagementAction {
    if (eventType == null || eventType.isBlank()) {
      throw new IllegalArgumentException("engagement action event-type must not be empty");
    }
    eventType = eventType.trim().toLowerCase(Locale.ROOT);
    if (kind == null || !KIND_NAME.matcher(kind).matches()) {
      throw new IllegalArgumentException("engagement action '" + eventType
          + "' kind must match [a-z][a-z0-9_]* (it names columns) but was '" + kind + "'");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("engagement action '" + eventType
          + "' weight must be a finite number >= 0 but was " + weight);
    }
    if (order < 1 || order > 3) {
      throw new IllegalArgumentException(
          "engagement action '" + eventType + "' order must be 1, 2 or 3 but was " + order);
    }
  }
}
