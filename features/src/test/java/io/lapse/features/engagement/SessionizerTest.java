package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.testing.TestSpark;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SessionizerTest {

  private final SparkSession spark = TestSpark.session();
  private final EngagementProfile profile = EngagementProfile.defaults();

  /** "customer date" -> "sessions/seconds". */
  private Map<String, String> daily(Dataset<Row> events, SessionSpec spec) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : Sessionizer.daily(events, profile, spec).collectAsList()) {
      out.put(r.getAs(Sessionizer.CUSTOMER_ID) + " " + r.getAs(Sessionizer.ACTIVITY_DATE),
          r.getAs(Sessionizer.SESSIONS) + "/" + r.getAs(Sessionizer.SESSION_SECONDS));
    }
    return out;
  }

  @Test
  void gapSessionsSplitOnlyAboveTheGapAndAtMidnight() {
    Dataset<Row> events = new EventRows()
        .add("a", "2024-03-01 10:00:00", "visit")
        .add("a", "2024-03-01 10:20:00", "page_view")
        // exactly 30 minutes later: still the same session
        .add("a", "2024-03-01 10:50:00", "page_view")
        // an email open is no visit: it neither extends nor opens a session
        .add("a", "2024-03-01 11:15:00", "email_open")
        // 30 min 1 s after the last action: a new session
        .add("a", "2024-03-01 11:20:01", "visit")
        .add("a", "2024-03-01 11:25:01", "page_view")
        // 23:50 and 00:10 are 20 minutes apart but on two days: two sessions
        .add("a", "2024-03-01 23:50:00", "visit")
        .add("a", "2024-03-02 00:10:00", "visit")
        .add("a", "2024-03-03 09:00:00", "email_open")
        .add("a", "2024-03-04 09:00:00", "visit", null, null, null, "duplicate_event")
        .toDataset(spark);
    assertEquals(Map.of(
            "a 2024-03-01", "3/3300.0", // 3000 s + 300 s + 0 s
            "a 2024-03-02", "1/0.0"),
        daily(events, SessionSpec.defaults()));
    // With a 60-minute gap the two morning sessions merge: 10:00:00..11:25:01 = 5101 s.
    assertEquals(Map.of("a 2024-03-01", "2/5101.0", "a 2024-03-02", "1/0.0"),
        daily(events, new SessionSpec(60)));
  }

  @Test
  void sessionIdsGroupActionsWhateverTheirGapsAndOthersFallBackToTheGap() {
    Dataset<Row> events = new EventRows()
        .add("b", "2024-03-01 09:00:00", "visit", "s1", null, null, null)
        .add("b", "2024-03-01 09:10:00", "visit", "s2", null, null, null)
        // 45 minutes after 09:00 but the same id: one session of 2700 s
        .add("b", "2024-03-01 09:45:00", "comment", "s1", null, null, null)
        .add("b", "2024-03-01 12:00:00", "visit")
        .add("b", "2024-03-01 12:10:00", "visit")
        // the same id on another customer is another session
        .add("c", "2024-03-01 09:30:00", "visit", "s1", null, null, null)
        .toDataset(spark);
    assertEquals(Map.of("b 2024-03-01", "3/3300.0", "c 2024-03-01", "1/0.0"),
        daily(events, SessionSpec.defaults()));
    Row s1 = Sessionizer.sessions(events, profile, SessionSpec.defaults())
        .where("customer_id = 'b' AND session_id = 's1'").first();
    assertEquals(2L, (long) s1.getAs(Sessionizer.ACTIONS));
    assertEquals(2700.0, (double) s1.getAs(Sessionizer.DURATION_SECONDS));
    assertEquals(1L, Sessionizer.sessions(events, profile, SessionSpec.defaults())
        .where("customer_id = 'b' AND session_id = 'gap-1'").count());
  }
}
