package io.lapse.models.training;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.ActivityDaily;
import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Kaplan-Meier curves of the return time: days from an active day to the customer's next active
 * day. The spell that is still open at D is right-censored at D. Spells are counted per segment
 * and for all customers ({@link Segmenter#ALL}).
 */
public final class ReturnTimeCurves {

  private ReturnTimeCurves() {}

  /**
   * @param activityDaily (customer_id, activity_date, ...) rows, any dates
   * @param segments (customer_id, segment) for the customers to include
   * @param customersBySegment segment sizes, recorded on the models' rows
   * @return one model per segment, plus ALL, keyed and ordered by segment
   */
  public static List<SegmentModel> estimate(
      Dataset<Row> activityDaily, Dataset<Row> segments, LocalDate asOf,
      Map<String, Long> customersBySegment) {
    Date d = Date.valueOf(asOf);
    Column day = col(ActivityDaily.ACTIVITY_DATE);
    Column next = lead(day, 1).over(Window.partitionBy(ActivityDaily.CUSTOMER_ID).orderBy(day));
    List<Row> counts =
        activityDaily
            .where(day.leq(lit(d)))
            .select(col(ActivityDaily.CUSTOMER_ID), day, next.as("next_day"))
            .join(segments.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT),
                CustomerFeatures.CUSTOMER_ID)
            .select(
                col(Segmenter.SEGMENT),
                coalesce(datediff(col("next_day"), day), datediff(lit(d), day)).as("duration"),
                col("next_day").isNotNull().as("event"))
            // A spell that starts on D itself has no observed time at risk.
            .where(col("duration").gt(0))
            .groupBy("segment", "duration", "event")
            .count()
            .collectAsList();

    Map<String, TreeMap<Integer, long[]>> bySegment = new TreeMap<>();
    for (Row r : counts) {
      String segment = r.getString(0);
      int duration = r.getInt(1);
      boolean event = r.getBoolean(2);
      long n = r.getLong(3);
      add(bySegment, segment, duration, event, n);
      if (!segment.equals(Segmenter.ALL)) {
        add(bySegment, Segmenter.ALL, duration, event, n);
      }
    }
    List<SegmentModel> models = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Integer, long[]>> e : bySegment.entrySet()) {
      TreeMap<Integer, long[]> spells = e.getValue();
      double[] times = new double[spells.size()];
      long[] events = new long[spells.size()];
      long[] censored = new long[spells.size()];
      int i = 0;
      for (Map.Entry<Integer, long[]> s : spells.entrySet()) {
        times[i] = s.getKey();
        events[i] = s.getValue()[0];
        censored[i] = s.getValue()[1];
        i++;
      }
      KaplanMeierCurve curve = KaplanMeier.estimate(times, events, censored);
      String content = java.util.Arrays.toString(times) + java.util.Arrays.toString(events)
          + java.util.Arrays.toString(censored);
      models.add(new SegmentModel(
          e.getKey(), SegmentModel.RETURN_TIME_KM,
          SegmentModels.version(SegmentModel.RETURN_TIME_KM, asOf, e.getKey(), content),
          e.getKey(), customersBySegment.getOrDefault(e.getKey(), 0L), curve.observations(), Map.of(), Map.of(), null, null, null, curve,
          null));
    }
    return models;
  }

  private static void add(Map<String, TreeMap<Integer, long[]>> bySegment, String segment,
      int duration, boolean event, long n) {
    long[] c = bySegment.computeIfAbsent(segment, k -> new TreeMap<>())
        .computeIfAbsent(duration, k -> new long[2]);
    c[event ? 0 : 1] += n;
  }
}
