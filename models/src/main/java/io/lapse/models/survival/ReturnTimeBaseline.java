package io.lapse.models.survival;

import io.lapse.models.km.KaplanMeierCurve;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Kaplan-Meier baseline of the classifier: P(dis-engagement begins within H | recency r),
 * read off the segment's return-time curve (days between active days,
 * {@code io.lapse.models.training.ReturnTimeCurves}) for a fixed threshold T.
 *
 * <p>The onset is the last active day + T + 1 and a return on that day cancels it (the convention
 * of {@code DisengagementLabels}), so it needs a gap &gt; T + 1; the customer is known to have a
 * gap &gt; r; and the onset falls within H only when r + H &gt;= T + 1. Hence
 * P = S(T + 1) / S(r) when r &gt;= T + 1 - H, else 0. With H &lt;= T no later spell can start an
 * onset within H, so this is the curve's whole answer. Within one segment it ranks customers
 * exactly as recency does; it differs from the recency rule across segments and in calibration.
 */
public final class ReturnTimeBaseline {

  public static final StructType SCHEMA = new StructType()
      .add("snapshot_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("recency_days", DataTypes.IntegerType, false)
      .add("km_p_disengage", DataTypes.DoubleType, false);

  private ReturnTimeBaseline() {}

  public static double probability(KaplanMeierCurve returnTimes, int thresholdDays,
      int horizonDays, int recencyDays) {
    if (recencyDays < 0) {
      throw new IllegalArgumentException("recency days must be >= 0 but was " + recencyDays);
    }
    if (recencyDays + horizonDays < thresholdDays + 1) {
      return 0.0;
    }
    double atRecency = returnTimes.survivalAt(recencyDays);
    // Outlasting every gap ever observed: the curve has nothing left to say but "gone".
    return atRecency <= 0 ? 1.0
        : Math.min(1.0, returnTimes.survivalAt(thresholdDays + 1.0) / atRecency);
  }

  /**
   * P(no engaged day in the next H days | none for r days) = S(r + H) / S(r) under the no-engagement
   * label: the share of the segment's inactivity spells that, having lasted r days, last H more.
   */
  public static double inactiveProbability(KaplanMeierCurve returnTimes, int horizonDays,
      int recencyDays) {
    if (recencyDays < 0) {
      throw new IllegalArgumentException("recency days must be >= 0 but was " + recencyDays);
    }
    double atRecency = returnTimes.survivalAt(recencyDays);
    return atRecency <= 0 ? 1.0
        : Math.min(1.0, returnTimes.survivalAt((double) recencyDays + horizonDays) / atRecency);
  }

  /**
   * The lookup table of {@link #inactiveProbability} for recency 0..maxRecencyDays, in the schema
   * of {@link #lookup}.
   */
  public static Dataset<Row> inactiveLookup(SparkSession spark,
      Map<LocalDate, Map<String, KaplanMeierCurve>> curves, int horizonDays, int maxRecencyDays) {
    List<Row> rows = new ArrayList<>();
    curves.forEach((snapshot, bySegment) -> bySegment.forEach((segment, curve) -> {
      for (int r = 0; r <= maxRecencyDays; r++) {
        rows.add(RowFactory.create(Date.valueOf(snapshot), segment, r,
            inactiveProbability(curve, horizonDays, r)));
      }
    }));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * A lookup table (snapshot_date, segment, recency_days 0..T, km_p_disengage) to join on the
   * examples: customers with recency above T are already dis-engaged and are not examples.
   *
   * @param curves the return-time curve of each segment, per snapshot, each estimated from data
   *     up to its snapshot
   */
  public static Dataset<Row> lookup(SparkSession spark,
      Map<LocalDate, Map<String, KaplanMeierCurve>> curves, int thresholdDays, int horizonDays) {
    List<Row> rows = new ArrayList<>();
    curves.forEach((snapshot, bySegment) -> bySegment.forEach((segment, curve) -> {
      for (int r = 0; r <= thresholdDays; r++) {
        rows.add(RowFactory.create(Date.valueOf(snapshot), segment, r,
            probability(curve, thresholdDays, horizonDays, r)));
      }
    }));
    return spark.createDataFrame(rows, SCHEMA);
  }
}
