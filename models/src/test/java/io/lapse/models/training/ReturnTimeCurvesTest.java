package io.lapse.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Hand-made histories as of 2025-02-10: c1 (segment A, latency 8 days) active on Jan 1, 11, 31
 * and after D; c2 (B, latency 5) on Jan 1 and 6; c3 (B, no latency) on D only.
 */
class ReturnTimeCurvesTest {

  private static final LocalDate D = LocalDate.of(2025, 2, 10);

  private static Dataset<Row> activity(SparkSession spark) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("activity_date", DataTypes.DateType);
    return spark.createDataFrame(List.of(
        RowFactory.create("c1", Date.valueOf("2025-01-01")),
        RowFactory.create("c1", Date.valueOf("2025-01-11")),
        RowFactory.create("c1", Date.valueOf("2025-01-31")),
        RowFactory.create("c1", Date.valueOf("2025-02-15")),
        RowFactory.create("c2", Date.valueOf("2025-01-01")),
        RowFactory.create("c2", Date.valueOf("2025-01-06")),
        RowFactory.create("c3", Date.valueOf("2025-02-10"))), schema);
  }

  private static Dataset<Row> customers(SparkSession spark) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("segment", DataTypes.StringType).add("latency", DataTypes.DoubleType);
    return spark.createDataFrame(List.of(RowFactory.create("c1", "A", 8.0),
        RowFactory.create("c2", "B", 5.0), RowFactory.create("c3", "B", null)), schema);
  }

  /**
   * Spells in days: c1 10 and 20 returned, 10 open at D (the day after D is not seen); c2 5
   * returned, 35 open; c3's spell starts on D and has no time at risk.
   */
  @Test
  void spellsInDaysAreCensoredAtTheAsOfDate() {
    SparkSession spark = TestSpark.session();
    Map<String, SegmentModel> bySegment = new TreeMap<>();
    ReturnTimeCurves.estimate(activity(spark), customers(spark), D, Map.of("A", 1L, "B", 2L))
        .forEach(m -> bySegment.put(m.segment(), m));
    assertEquals(List.of("A", "ALL", "B"), List.copyOf(bySegment.keySet()));
    KaplanMeierCurve a = bySegment.get("A").curve();
    assertArrayEquals(new double[] {10, 20}, a.times());
    assertArrayEquals(new long[] {1, 1}, a.events());
    assertArrayEquals(new long[] {1, 0}, a.censored());
    assertArrayEquals(new double[] {2.0 / 3, 0.0}, a.survival(), 1e-12);
    KaplanMeierCurve all = bySegment.get("ALL").curve();
    assertArrayEquals(new double[] {5, 10, 20, 35}, all.times());
    assertEquals(5, all.observations());
    assertEquals(2L, bySegment.get("B").customers());
  }

  /** The same spells over each customer's latency, rounded up to half units; c3 is left out. */
  @Test
  void spellsInLatencyUnitsRoundUpToTheGridStep() {
    SparkSession spark = TestSpark.session();
    Map<String, KaplanMeierCurve> curves = ReturnTimeCurves.inLatencyUnits(activity(spark),
        customers(spark), "latency", D, 0.5);
    assertEquals(List.of("A", "ALL", "B"), List.copyOf(curves.keySet()));
    // c1: 10 / 8 = 1.25 -> 1.5 (returned and open), 20 / 8 = 2.5.
    assertArrayEquals(new double[] {1.5, 2.5}, curves.get("A").times());
    assertArrayEquals(new long[] {1, 1}, curves.get("A").events());
    assertArrayEquals(new long[] {1, 0}, curves.get("A").censored());
    // c2: 5 / 5 = 1 returned, 35 / 5 = 7 open.
    assertArrayEquals(new double[] {1.0, 7.0}, curves.get("B").times());
    assertArrayEquals(new long[] {1, 0}, curves.get("B").events());
    assertArrayEquals(new double[] {1.0, 1.5, 2.5, 7.0}, curves.get("ALL").times());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReturnTimeCurves.inLatencyUnits(activity(spark), customers(spark), "latency", D,
            0));
    assertEquals("latency grid step must be > 0 but was 0.0", e.getMessage());
  }

  /**
   * Treated contacts: c1's spell from Jan 11 was acted on Jan 21 (10 days in, before its return on
   * Jan 31): censored at 9 days. c1's spell from Jan 1 was contacted on Jan 11, the day it ended:
   * censored at 9 too (the return may be the response). c2's spell from Jan 6 had a contact
   * planned after D: unchanged, open at 35 days.
   */
  @Test
  void spellsActedOnAreCensoredTheDayBeforeTheContact() {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("spell_start", DataTypes.DateType).add("contact_date", DataTypes.DateType);
    Dataset<Row> treated = spark.createDataFrame(List.of(
        RowFactory.create("c1", Date.valueOf("2025-01-11"), Date.valueOf("2025-01-21")),
        RowFactory.create("c1", Date.valueOf("2025-01-01"), Date.valueOf("2025-01-11")),
        RowFactory.create("c2", Date.valueOf("2025-01-06"), Date.valueOf("2025-02-20"))), schema);
    Map<String, SegmentModel> bySegment = new TreeMap<>();
    ReturnTimeCurves.estimate(activity(spark), customers(spark), D, Map.of("A", 1L, "B", 2L),
        java.util.Optional.of(treated)).forEach(m -> bySegment.put(m.segment(), m));
    KaplanMeierCurve a = bySegment.get("A").curve();
    assertArrayEquals(new double[] {9, 10}, a.times());
    assertArrayEquals(new long[] {0, 0}, a.events());
    assertArrayEquals(new long[] {2, 1}, a.censored());
    KaplanMeierCurve b = bySegment.get("B").curve();
    assertArrayEquals(new double[] {5, 35}, b.times());
    assertArrayEquals(new long[] {1, 0}, b.events());
  }

  /**
   * The dates of the onset snapshots in one query give each date's own curves: Jan 5 (only c1
   * and c2's first days, all open), Jan 20, D, and a date before any activity (no curve).
   */
  @Test
  void curvesOfSeveralDatesInOneQueryEqualEachDateAlone() {
    SparkSession spark = TestSpark.session();
    List<LocalDate> dates = List.of(LocalDate.of(2024, 12, 1), LocalDate.of(2025, 1, 5),
        LocalDate.of(2025, 1, 20), D);
    Map<LocalDate, Map<String, KaplanMeierCurve>> together =
        ReturnTimeCurves.curvesByDate(activity(spark), customers(spark), dates);
    assertEquals(dates, List.copyOf(together.keySet()));
    assertEquals(Map.of(), together.get(dates.get(0)));
    for (LocalDate d : dates) {
      Map<String, KaplanMeierCurve> alone = new TreeMap<>();
      ReturnTimeCurves.estimate(activity(spark), customers(spark), d, Map.of())
          .forEach(m -> alone.put(m.segment(), m.curve()));
      assertEquals(alone.keySet(), together.get(d).keySet(), "segments as of " + d);
      alone.forEach((segment, curve) -> {
        KaplanMeierCurve other = together.get(d).get(segment);
        String where = segment + " as of " + d;
        assertArrayEquals(curve.times(), other.times(), where);
        assertArrayEquals(curve.survival(), other.survival(), where);
        assertArrayEquals(curve.standardError(), other.standardError(), where);
        assertArrayEquals(curve.atRisk(), other.atRisk(), where);
        assertArrayEquals(curve.events(), other.events(), where);
        assertArrayEquals(curve.censored(), other.censored(), where);
      });
    }
    assertEquals(3, together.get(D).size(), "A, B and ALL as of D");
  }
}
