package io.lapse.models.survival;

import static org.apache.spark.sql.functions.col;

import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Kaplan-Meier of the time to onset on a set of rows: the baseline curve a survival model has to
 * beat. Spark counts (duration, event) pairs; the estimator runs on the driver on those counts.
 */
public final class OnsetKaplanMeier {

  private OnsetKaplanMeier() {}

  public static KaplanMeierCurve estimate(Dataset<Row> rows, String durationColumn,
      String eventColumn) {
    List<Row> counts = rows
        .groupBy(col(durationColumn).cast(DataTypes.DoubleType).as("d"),
            col(eventColumn).cast(DataTypes.BooleanType).as("e"))
        .count()
        .orderBy("d", "e")
        .collectAsList();
    double[] times = new double[counts.size()];
    long[] events = new long[counts.size()];
    long[] censored = new long[counts.size()];
    for (int i = 0; i < counts.size(); i++) {
      Row r = counts.get(i);
      times[i] = r.getDouble(0);
      (r.getBoolean(1) ? events : censored)[i] = r.getLong(2);
    }
    return KaplanMeier.estimate(times, events, censored);
  }

  /**
   * The area under the curve up to its last time: the restricted mean time to onset. The plain
   * mean is undefined when the curve ends above zero, as it does with censoring.
   */
  public static double restrictedMean(KaplanMeierCurve curve) {
    double[] t = curve.times();
    if (t.length == 0) {
      return 0.0;
    }
    double area = t[0];
    for (int k = 0; k + 1 < t.length; k++) {
      area += curve.survival()[k] * (t[k + 1] - t[k]);
    }
    return area;
  }
}
