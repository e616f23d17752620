package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lapse.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EngagementDailyTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void countsKindsOrdersDegreeAmountsAndTheDaysFirstReferrer() {
    EngagementProfile profile = EngagementProfile.defaults();
    Dataset<Row> events = new EventRows()
        .add("c", "2024-03-01 10:00:00", "visit", null, "r2", null, null)
        .add("c", "2024-03-01 09:59:00", "page_view", null, "r1", null, null)
        .add("c", "2024-03-01 10:02:00", "page_view", null, "c", null, null) // self: ignored
        .add("c", "2024-03-01 10:03:00", "purchase", null, null, 20.0, null)
        .add("c", "2024-03-01 10:04:00", "purchase", null, null, 5.5, null)
        .add("c", "2024-03-01 10:05:00", "review", null, null, 99.0, null) // not a purchase
        .add("c", "2024-03-01 10:06:00", "share")
        .add("c", "2024-03-01 10:07:00", "survey")
        .add("c", "2024-03-01 10:08:00", "email_open")
        .add("c", "2024-03-01 10:09:00", "teleport") // unknown, accepted under ignore
        .add("c", "2024-03-01 10:10:00", "purchase", null, null, 1000.0, "duplicate_event")
        .add("c", "2024-03-02 08:00:00", "impression")
        .toDataset(spark);
    Dataset<Row> daily = EngagementDaily.fromEvents(events, profile, SessionSpec.defaults());
    assertEquals(EngagementDaily.columns(profile), List.of(daily.columns()));
    List<Row> rows = daily.orderBy(EngagementDaily.ACTIVITY_DATE).collectAsList();
    assertEquals(2, rows.size());
    Row d1 = rows.get(0);
    assertEquals(3L, (long) d1.getAs("actions_visit"));
    assertEquals(2L, (long) d1.getAs("actions_purchase"));
    assertEquals(1L, (long) d1.getAs("actions_contribute"));
    assertEquals(1L, (long) d1.getAs("actions_advocate"));
    assertEquals(0L, (long) d1.getAs("actions_help"));
    assertEquals(0L, (long) d1.getAs("actions_attend"));
    assertEquals(1L, (long) d1.getAs("actions_feedback"));
    assertEquals(8L, (long) d1.getAs(EngagementDaily.ACTIONS));
    assertEquals(6L, (long) d1.getAs("order_1_actions")); // 3 visits, 2 purchases, 1 review
    assertEquals(1L, (long) d1.getAs("order_2_actions")); // survey
    assertEquals(1L, (long) d1.getAs("order_3_actions")); // share
    // 1 + 2 x 0.25 + 2 x 5 + 3 + 3 + 2
    assertEquals(19.5, (double) d1.getAs(EngagementDaily.WEIGHTED_DEGREE), 1e-12);
    assertEquals(10L, (long) d1.getAs(EngagementDaily.EVENTS));
    assertEquals(2L, (long) d1.getAs(EngagementDaily.OTHER_EVENTS));
    assertEquals(25.5, (double) d1.getAs(EngagementDaily.PURCHASE_AMOUNT), 1e-12);
    // r1's page view at 09:59 is the day's earliest referred event.
    assertEquals("r1", d1.getAs(EngagementDaily.REFERRER_ID));
    // 09:59..10:07 of actions: one session of 480 s.
    assertEquals(1L, (long) d1.getAs(EngagementDaily.SESSIONS));
    assertEquals(480.0, (double) d1.getAs(EngagementDaily.SESSION_SECONDS), 1e-12);

    Row d2 = rows.get(1);
    assertEquals(0L, (long) d2.getAs(EngagementDaily.ACTIONS));
    assertEquals(1L, (long) d2.getAs(EngagementDaily.OTHER_EVENTS));
    assertEquals(0L, (long) d2.getAs(EngagementDaily.SESSIONS));
    assertEquals(0.0, (double) d2.getAs(EngagementDaily.PURCHASE_AMOUNT));
    assertNull(d2.getAs(EngagementDaily.REFERRER_ID));
  }
}
