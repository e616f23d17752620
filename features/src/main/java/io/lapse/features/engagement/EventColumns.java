package io.lapse.features.engagement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Source column names of a clickstream, mapped onto lapse's event contract. An optional column is
 * the empty string when the source has none.
 *
 * @param userId source column of the user id (required)
 * @param timestamp source column of the event time (required)
 * @param eventType source column of the event type (required)
 * @param sessionId source column of the session id; empty: sessions come from the inactivity gap
 * @param page source column of the page or URL; empty when there is none
 * @param referrerId source column of the referring user's id; empty when there is none
 * @param eventId source column of the event id; empty: duplicates are found on all mapped columns
 * @param amount source column of the amount of purchase events; empty: purchase amounts are 0
 */
public record EventColumns(
    String userId,
    String timestamp,
    String eventType,
    String sessionId,
    String page,
    String referrerId,
    String eventId,
    String amount) {

  public EventColumns {
    userId = required("user-id", userId);
    timestamp = required("timestamp", timestamp);
    eventType = required("event-type", eventType);
    sessionId = optional(sessionId);
    page = optional(page);
    referrerId = optional(referrerId);
    eventId = optional(eventId);
    amount = optional(amount);
  }

  /** user_id, timestamp, event_type; no optional columns. */
  public static EventColumns defaults() {
    return new EventColumns("user_id", "timestamp", "event_type", "", "", "", "", "");
  }

  /** The mapped columns by their configuration key, optional ones only when set. */
  public Map<String, String> mapped() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("user-id", userId);
    m.put("timestamp", timestamp);
    m.put("event-type", eventType);
    putIfSet(m, "session-id", sessionId);
    putIfSet(m, "page", page);
    putIfSet(m, "referrer-id", referrerId);
    putIfSet(m, "event-id", eventId);
    putIfSet(m, "amount", amount);
    return m;
  }

  private static void putIfSet(Map<String, String> m, String key, String column) {
    if (!column.isEmpty()) {
      m.put(key, column);
    }
  }

  private static String required(String key, String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException(
          "event column " + key + " must name a source column but was '"
              + Objects.toString(column, "") + "'");
    }
    return column;
  }

  private static String optional(String column) {
    return column == null ? "" : column.trim();
  }
}
