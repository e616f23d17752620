package io.lapse.models.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The segment_policies table: one row per as-of date, segment and timing unit. */
public final class SegmentPolicyTable {

  private static final StructType RUNG = new StructType()
      .add("rung", DataTypes.IntegerType, false)
      .add("action", DataTypes.StringType, false)
      .add("t", DataTypes.DoubleType, false)
      .add("expected_value", DataTypes.DoubleType, false)
      .add("uplift", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("cost", DataTypes.DoubleType, false)
      .add("inactive_share", DataTypes.DoubleType, false);
  private static final StructType CURVE_POINT = new StructType()
      .add("action", DataTypes.StringType, false)
      .add("t", DataTypes.DoubleType, false)
      .add("survival", DataTypes.DoubleType, false)
      .add("uplift", DataTypes.DoubleType, false)
      .add("w", DataTypes.DoubleType, false);
  private static final StructType ARM = new StructType()
      .add("bucket", DataTypes.IntegerType, false)
      .add("t", DataTypes.DoubleType, false)
      .add("share", DataTypes.DoubleType, false)
      .add("probability_best", DataTypes.DoubleType, false);
  private static final StructType GROUP_RUNG = new StructType()
      .add("preference_group", DataTypes.StringType, false)
      .add("rung", DataTypes.IntegerType, false)
      .add("action", DataTypes.StringType, false)
      .add("reward_kind", DataTypes.StringType, false)
      .add("t", DataTypes.DoubleType, false)
      .add("expected_value", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false);
  public static final StructType SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("timing_unit", DataTypes.StringType, false)
      .add("customers", DataTypes.LongType, false)
      .add("spells", DataTypes.LongType, false)
      .add("never_return_share", DataTypes.DoubleType, false)
      .add("value_per_customer", DataTypes.DoubleType, false)
      .add("no_action", DataTypes.BooleanType, false)
      .add("t_star", DataTypes.DoubleType, true)
      .add("t_star_low", DataTypes.DoubleType, true)
      .add("t_star_high", DataTypes.DoubleType, true)
      .add("interval_level", DataTypes.DoubleType, true)
      .add("moved_outside_previous_interval", DataTypes.BooleanType, false)
      .add("ladder_expected_value", DataTypes.DoubleType, false)
      .add("uplift_source", DataTypes.StringType, false)
      .add("ladder", DataTypes.createArrayType(RUNG, false), false)
      .add("w_curve", DataTypes.createArrayType(CURVE_POINT, false), false)
      .add("t_star_source", DataTypes.StringType, false)
      .add("t_star_held", DataTypes.BooleanType, false)
      .add("timing_arms", DataTypes.createArrayType(ARM, false), false)
      .add("preference_ladders", DataTypes.createArrayType(GROUP_RUNG, false), false);

  private SegmentPolicyTable() {}

  public static Dataset<Row> toDataFrame(SparkSession spark, LocalDate asOf,
      List<SegmentPolicies.Entry> entries) {
    return toDataFrame(spark, asOf, entries, RewardPreferences.none());
  }

  /** With the reward kinds of the preference ladders' actions from {@code rewards}. */
  public static Dataset<Row> toDataFrame(SparkSession spark, LocalDate asOf,
      List<SegmentPolicies.Entry> entries, RewardPreferences rewards) {
    List<Row> rows = new ArrayList<>();
    for (SegmentPolicies.Entry e : entries) {
      rows.add(row(asOf, e, rewards));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Each segment's latest policy before D (t*, its interval and source), by "segment/unit" (the key
   * {@link SegmentPolicies#optimize} looks up).
   *
   * @param table segment_policies rows of any dates
   */
  public static Map<String, PreviousPolicy> previousPolicies(Dataset<Row> table, LocalDate asOf) {
    Map<String, PreviousPolicy> out = new TreeMap<>();
    // Tables written before t_star_source existed read it as null: t* from the prior.
    Dataset<Row> withSource = java.util.Arrays.asList(table.columns()).contains("t_star_source")
        ? table : table.withColumn("t_star_source", lit(null).cast(DataTypes.StringType));
    Dataset<Row> before = withSource.where(col("as_of_date").lt(lit(Date.valueOf(asOf))));
    for (Row r : before
        .withColumn("_latest", max("as_of_date").over(
            Window.partitionBy("segment", "timing_unit")))
        .where(col("as_of_date").equalTo(col("_latest")))
        .select(concat(col("segment"), lit("/"), col("timing_unit")), col("t_star_low"),
            col("t_star_high"), col("interval_level"), col("t_star"), col("t_star_source"))
        .collectAsList()) {
      TStarInterval interval = r.isNullAt(1) || r.isNullAt(2) ? null
          : new TStarInterval(r.getDouble(1), r.getDouble(2), r.getDouble(3), 0, 0);
      out.put(r.getString(0), new PreviousPolicy(r.isNullAt(4) ? null : r.getDouble(4),
          interval, r.isNullAt(5) ? SegmentPolicies.PRIOR : r.getString(5)));
    }
    return out;
  }

  private static Row row(LocalDate asOf, SegmentPolicies.Entry e, RewardPreferences rewards) {
    SegmentPolicy p = e.policy();
    List<Row> groups = new ArrayList<>();
    for (PreferenceLadder l : e.preferenceLadders()) {
      for (Rung r : l.ladder()) {
        groups.add(RowFactory.create(l.group(), r.rung(), r.action(), rewards.kindOf(r.action()),
            r.t(), r.expectedValue(), r.upliftSource()));
      }
    }
    List<Row> arms = new ArrayList<>();
    for (TimingArm a : e.timingArms()) {
      arms.add(RowFactory.create(a.bucket(), a.t(), a.share(), a.probabilityBest()));
    }
    List<Row> ladder = new ArrayList<>();
    for (Rung r : p.ladder()) {
      ladder.add(RowFactory.create(r.rung(), r.action(), r.t(), r.expectedValue(), r.uplift(),
          r.upliftSource(), r.cost(), r.inactiveShare()));
    }
    List<Row> curve = new ArrayList<>();
    for (ActionCurve c : p.curves()) {
      for (int i = 0; i < p.times().length; i++) {
        curve.add(RowFactory.create(c.action(), p.times()[i], p.survival()[i], c.uplift()[i],
            c.w()[i]));
      }
    }
    TStarInterval i = p.interval();
    return RowFactory.create(Date.valueOf(asOf), p.segment(), p.unit().key(), e.customers(),
        p.spells(), p.plateau(), p.value(), p.noAction(), p.tStar(),
        i == null ? null : i.low(), i == null ? null : i.high(), i == null ? null : i.level(),
        e.moved(), p.ladderValue(), p.upliftSource(),
        scala.jdk.javaapi.CollectionConverters.asScala(ladder).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(curve).toSeq(), e.tStarSource(), e.held(),
        scala.jdk.javaapi.CollectionConverters.asScala(arms).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(groups).toSeq());
  }
}
