package io.lapse.models.training;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ActivityDaily;
import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Kaplan-Meier curves of the return time: days from an active day to the customer's next active
 * day. The spell that is still open at D is right-censored at D. Spells are counted per segment
 * and for all customers ({@link Segmenter#ALL}).
 */
public final class ReturnTimeCurves {

  private static final String DURATION = "duration";
  private static final String EVENT = "event";
  private static final String AS_OF = "_as_of";

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
    return estimate(activityDaily, segments, asOf, customersBySegment, Optional.empty());
  }

  /**
   * As above, with spells that were acted on censored where the action began: a spell is the
   * customers' own return time only until the first treated contact, after which it measures the
   * action (the return-time curve of the policy must be the one without it).
   *
   * @param treatedContacts (customer_id, spell_start, contact_date): spell_start the spell's
   *     active day; the spell is censored the day before the contact when the contact comes
   *     before its return
   */
  public static List<SegmentModel> estimate(
      Dataset<Row> activityDaily, Dataset<Row> segments, LocalDate asOf,
      Map<String, Long> customersBySegment, Optional<Dataset<Row>> treatedContacts) {
    Dataset<Row> spells = spells(activityDaily, asOf, treatedContacts)
        .join(segments.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT),
            CustomerFeatures.CUSTOMER_ID)
        .select(col(Segmenter.SEGMENT), col(DURATION).cast(DataTypes.DoubleType).as(DURATION),
            col(EVENT));
    List<SegmentModel> models = new ArrayList<>();
    counts(spells).forEach((segment, c) -> {
      KaplanMeierCurve curve = c.curve();
      String content = Arrays.toString(c.times()) + Arrays.toString(c.events())
          + Arrays.toString(c.censored());
      models.add(new SegmentModel(
          segment, SegmentModel.RETURN_TIME_KM,
          SegmentModels.version(SegmentModel.RETURN_TIME_KM, asOf, segment, content),
          segment, customersBySegment.getOrDefault(segment, 0L), curve.observations(), Map.of(),
          Map.of(), null, null, null, curve, null));
    });
    return models;
  }

  /**
   * The curves of several dates in one query: for each date, the same curves (per segment and
   * ALL) as {@link #estimate} as of that date. The onset models need one set per training
   * snapshot; a query per date cost a few Spark jobs each.
   *
   * @param activityDaily (customer_id, activity_date, ...) rows, any dates
   * @param segments (customer_id, segment) for the customers to include, the same at every date
   * @param dates the as-of dates; a date without a spell gets no curve
   */
  public static Map<LocalDate, Map<String, KaplanMeierCurve>> curvesByDate(
      Dataset<Row> activityDaily, Dataset<Row> segments, List<LocalDate> dates) {
    Dataset<Row> asOf = activityDaily.sparkSession().createDataFrame(
        dates.stream().distinct().map(d -> RowFactory.create(Date.valueOf(d))).toList(),
        new StructType().add(AS_OF, DataTypes.DateType, false));
    Column day = col(ActivityDaily.ACTIVITY_DATE);
    Column next = lead(day, 1).over(
        Window.partitionBy(col(AS_OF), col(ActivityDaily.CUSTOMER_ID)).orderBy(day));
    Column end = coalesce(col("next_day"), col(AS_OF));
    Dataset<Row> spells = activityDaily
        .select(col(ActivityDaily.CUSTOMER_ID), day)
        .join(broadcast(asOf), day.leq(col(AS_OF)))
        .select(col(AS_OF), col(ActivityDaily.CUSTOMER_ID), day, next.as("next_day"))
        .select(col(AS_OF), col(ActivityDaily.CUSTOMER_ID), datediff(end, day).as(DURATION),
            col("next_day").isNotNull().as(EVENT))
        .where(col(DURATION).gt(0))
        .join(segments.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT),
            CustomerFeatures.CUSTOMER_ID);
    Map<LocalDate, List<Row>> byDate = new TreeMap<>();
    for (Row r : spells.groupBy(col(AS_OF), col(Segmenter.SEGMENT),
            col(DURATION).cast(DataTypes.DoubleType).as(DURATION), col(EVENT))
        .count().collectAsList()) {
      byDate.computeIfAbsent(r.getDate(0).toLocalDate(), k -> new ArrayList<>())
          .add(RowFactory.create(r.get(1), r.get(2), r.get(3), r.get(4)));
    }
    Map<LocalDate, Map<String, KaplanMeierCurve>> curves = new TreeMap<>();
    for (LocalDate d : dates) {
      Map<String, KaplanMeierCurve> bySegment = new TreeMap<>();
      counts(byDate.getOrDefault(d, List.of()))
          .forEach((segment, c) -> bySegment.put(segment, c.curve()));
      curves.put(d, bySegment);
    }
    return curves;
  }

  /**
   * Return-time curves in units of each customer's personal latency as of D: every spell's days
   * divided by the customer's latency, rounded up to the grid step; per segment and for all
   * customers. Customers without a positive latency are left out (they follow the policy in
   * days).
   *
   * @param activityDaily (customer_id, activity_date, ...) rows, any dates
   * @param latencies (customer_id, segment, latency) of the customers to include
   * @param latencyColumn the latency column of {@code latencies}, in days
   * @param step the grid step of the time axis, in latency units
   */
  public static Map<String, KaplanMeierCurve> inLatencyUnits(Dataset<Row> activityDaily,
      Dataset<Row> latencies, String latencyColumn, LocalDate asOf, double step) {
    return inLatencyUnits(activityDaily, latencies, latencyColumn, asOf, step, Optional.empty());
  }

  /** As above, with treated spells censored as in {@link #estimate}. */
  public static Map<String, KaplanMeierCurve> inLatencyUnits(Dataset<Row> activityDaily,
      Dataset<Row> latencies, String latencyColumn, LocalDate asOf, double step,
      Optional<Dataset<Row>> treatedContacts) {
    if (!(step > 0)) {
      throw new IllegalArgumentException("latency grid step must be > 0 but was " + step);
    }
    Column latency = col(latencyColumn);
    Dataset<Row> spells = spells(activityDaily, asOf, treatedContacts)
        .join(latencies.where(latency.gt(0)).select(col(CustomerFeatures.CUSTOMER_ID),
            col(Segmenter.SEGMENT), latency.as("_latency")), CustomerFeatures.CUSTOMER_ID)
        .select(col(Segmenter.SEGMENT),
            ceil(col(DURATION).divide(col("_latency")).divide(step)).multiply(step)
                .cast(DataTypes.DoubleType).as(DURATION),
            col(EVENT));
    Map<String, KaplanMeierCurve> curves = new TreeMap<>();
    counts(spells).forEach((segment, c) -> curves.put(segment, c.curve()));
    return curves;
  }

  /**
   * (customer_id, duration, event): days from each active day up to D to the next active day, or
   * to D (censored) for the spell still open at D.
   */
  private static Dataset<Row> spells(Dataset<Row> activityDaily, LocalDate asOf,
      Optional<Dataset<Row>> treatedContacts) {
    Date d = Date.valueOf(asOf);
    Column day = col(ActivityDaily.ACTIVITY_DATE);
    Column next = lead(day, 1).over(Window.partitionBy(ActivityDaily.CUSTOMER_ID).orderBy(day));
    Dataset<Row> spells = activityDaily
        .where(day.leq(lit(d)))
        .select(col(ActivityDaily.CUSTOMER_ID), day, next.as("next_day"));
    Column end = coalesce(col("next_day"), lit(d));
    if (treatedContacts.isEmpty()) {
      return spells
          .select(col(ActivityDaily.CUSTOMER_ID), datediff(end, day).as(DURATION),
              col("next_day").isNotNull().as(EVENT))
          .where(col(DURATION).gt(0));
    }
    Dataset<Row> first = treatedContacts.get()
        .where(col("contact_date").leq(lit(d)))
        .groupBy(col(ActivityDaily.CUSTOMER_ID).as("t_customer"), col("spell_start"))
        .agg(min(col("contact_date")).as("contact_date"));
    Column acted = col("contact_date").isNotNull().and(col("contact_date").leq(end));
    return spells
        .join(first, col(ActivityDaily.CUSTOMER_ID).equalTo(col("t_customer"))
            .and(day.equalTo(col("spell_start"))), "left")
        .select(col(ActivityDaily.CUSTOMER_ID),
            when(acted, datediff(col("contact_date"), day).minus(1))
                .otherwise(datediff(end, day)).as(DURATION),
            when(acted, lit(false)).otherwise(col("next_day").isNotNull()).as(EVENT))
        // A spell that starts on D itself has no observed time at risk.
        .where(col(DURATION).gt(0));
  }

  /** Spell counts by time, per segment and for ALL, from (segment, duration, event) spells. */
  private static Map<String, SpellCounts> counts(Dataset<Row> spells) {
    return counts(spells.groupBy(Segmenter.SEGMENT, DURATION, EVENT).count().collectAsList());
  }

  /** As above, from (segment, duration, event, count) rows. */
  private static Map<String, SpellCounts> counts(List<Row> counted) {
    Map<String, TreeMap<Double, long[]>> bySegment = new TreeMap<>();
    for (Row r : counted) {
      String segment = r.getString(0);
      add(bySegment, segment, r.getDouble(1), r.getBoolean(2), r.getLong(3));
      if (!segment.equals(Segmenter.ALL)) {
        add(bySegment, Segmenter.ALL, r.getDouble(1), r.getBoolean(2), r.getLong(3));
      }
    }
    Map<String, SpellCounts> out = new TreeMap<>();
    bySegment.forEach((segment, byTime) -> out.put(segment, new SpellCounts(
        byTime.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
        byTime.values().stream().mapToLong(c -> c[0]).toArray(),
        byTime.values().stream().mapToLong(c -> c[1]).toArray())));
    return out;
  }

  /** Spells ending in a return (events) or still open (censored) at each distinct time. */
  private record SpellCounts(double[] times, long[] events, long[] censored) {
    KaplanMeierCurve curve() {
      return KaplanMeier.estimate(times, events, censored);
    }
  }

  private static void add(Map<String, TreeMap<Double, long[]>> bySegment, String segment,
      double duration, boolean event, long n) {
    long[] c = bySegment.computeIfAbsent(segment, k -> new TreeMap<>())
        .computeIfAbsent(duration, k -> new long[2]);
    c[event ? 0 : 1] += n;
  }
}
