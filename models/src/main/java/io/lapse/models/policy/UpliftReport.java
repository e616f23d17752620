package io.lapse.models.policy;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The reengagement_uplift reporting table: per as-of date, segment, action (with its reward kind),
 * unit (inactivity in days, or in multiples of the customer's latency), reward preference group
 * ({@code all}: every contact) and inactivity bucket,
 * what the experiments (and reported campaign contacts) measured, with a 95% interval and the
 * number of contacts the estimate rests on, and whether the policy used it instead of the prior.
 */
public final class UpliftReport {

  /** Level of the interval columns. */
  public static final double LEVEL = 0.95;
  /** The normal quantile of {@link #LEVEL}. */
  static final double Z = 1.959963984540054;

  public static final StructType SCHEMA = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("action", DataTypes.StringType, false)
      .add("unit", DataTypes.StringType, false)
      .add("preference_group", DataTypes.StringType, false)
      .add("reward_kind", DataTypes.StringType, false)
      .add("bucket", DataTypes.IntegerType, false)
      .add("bucket_from", DataTypes.DoubleType, false)
      .add("bucket_to", DataTypes.DoubleType, false)
      .add("treated", DataTypes.LongType, false)
      .add("control", DataTypes.LongType, false)
      .add("treated_responses", DataTypes.LongType, false)
      .add("control_responses", DataTypes.LongType, false)
      .add("treated_response_rate", DataTypes.DoubleType, true)
      .add("control_response_rate", DataTypes.DoubleType, true)
      .add("uplift", DataTypes.DoubleType, true)
      .add("uplift_low", DataTypes.DoubleType, true)
      .add("uplift_high", DataTypes.DoubleType, true)
      .add("smoothed_uplift", DataTypes.DoubleType, true)
      .add("replaces_prior", DataTypes.BooleanType, false);

  private UpliftReport() {}

  public static Dataset<Row> toDataFrame(SparkSession spark, LocalDate asOf,
      List<UpliftBucket> buckets) {
    return toDataFrame(spark, asOf, buckets, RewardPreferences.none());
  }

  /** With each action's reward kind from {@code rewards}. */
  public static Dataset<Row> toDataFrame(SparkSession spark, LocalDate asOf,
      List<UpliftBucket> buckets, RewardPreferences rewards) {
    List<Row> rows = new ArrayList<>(buckets.size());
    for (UpliftBucket b : buckets) {
      double[] ci = b.interval(Z);
      rows.add(RowFactory.create(Date.valueOf(asOf), b.segment(), b.action(), b.unit().key(),
          b.group(), rewards.kindOf(b.action()), b.bucket(), b.from(), b.to(), b.treated(), b.control(), b.treatedResponses(),
          b.controlResponses(),
          b.treated() == 0 ? null : b.treatedResponses() / (double) b.treated(),
          b.control() == 0 ? null : b.controlResponses() / (double) b.control(),
          nullIfNaN(b.rawUplift()), nullIfNaN(ci[0]), nullIfNaN(ci[1]),
          nullIfNaN(b.smoothedUplift()), b.eligible()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
