package io.lapse.benchmarks.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TransactionExamplesTest {

  private static final LocalDate S = LocalDate.of(2025, 1, 31);

  private static Dataset<Row> activity(Object[][] days) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType)
        .add("activity_date", DataTypes.DateType).add("transactions", DataTypes.IntegerType)
        .add("amount", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (Object[] d : days) {
      rows.add(RowFactory.create(d[0], Date.valueOf((String) d[1]), 1, 10.0));
    }
    return TestSpark.session().createDataFrame(rows, schema);
  }

  /**
   * T = 10, H = 7, snapshot 2025-01-31, data to 2025-02-28. By hand (onset = last day + 11, a
   * return on the onset day cancels it):
   * <ul>
   *   <li>a: last 01-25 (recency 6), away since: onset 02-05 within 7 days: label 1, 5 days.
   *   <li>b: last 01-30, returns 02-05 (before onset 02-10), last 02-05, onset 02-16 (after the
   *       horizon 02-07): label 0, event after 16 days.
   *   <li>c: last 01-28, returns on 02-08 = its onset day: cancelled; next onset 02-19 from 02-08:
   *       label 0, 19 days.
   *   <li>d: last 01-31 and 02-20: onset 02-11 from 01-31 (returns after it): label 0 (02-11 is
   *       after 02-07), 11 days.
   *   <li>e: last 01-15 (recency 16 > T): already dis-engaged, not an example.
   *   <li>f: first active 02-02, after S: not an example.
   *   <li>g: last 01-31, returns 02-10 = onset day, stays: next onset 02-21; then data ends.
   *       Label 0, 21 days.
   * </ul>
   * With data only to 02-05 (before S + H), labels without an observed onset are unknown (null)
   * and durations are censored at 02-05.
   */
  @Test
  void labelsAndDurationsMatchAHandComputedCase() {
    Dataset<Row> daily = activity(new Object[][] {
        {"a", "2025-01-20"}, {"a", "2025-01-25"},
        {"b", "2025-01-30"}, {"b", "2025-02-05"},
        {"c", "2025-01-28"}, {"c", "2025-02-08"},
        {"d", "2025-01-31"}, {"d", "2025-02-20"},
        {"e", "2025-01-15"},
        {"f", "2025-02-02"},
        {"g", "2025-01-31"}, {"g", "2025-02-10"}});
    Dataset<Row> ex = TransactionExamples.build(daily, List.of(S), LocalDate.of(2025, 2, 28), 10,
        7);
    assertEquals("[[a,1.0,true,5,2025-02-05], [b,0.0,true,16,2025-02-16],"
        + " [c,0.0,true,19,2025-02-19], [d,0.0,true,11,2025-02-11], [g,0.0,true,21,2025-02-21]]",
        rows(ex));

    Dataset<Row> early = TransactionExamples.build(daily, List.of(S), LocalDate.of(2025, 2, 5),
        10, 7);
    assertEquals("[[a,1.0,true,5,2025-02-05], [b,null,false,5,null], [c,null,false,5,null],"
        + " [d,null,false,5,null], [g,null,false,5,null]]", rows(early));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TransactionExamples.build(daily, List.of(S), S, 10, 7));
    assertEquals("snapshot 2025-01-31 must be before the end of the data 2025-01-31",
        e.getMessage());
  }

  private static String rows(Dataset<Row> ex) {
    return ex.select("customer_id", TransactionExamples.LABEL, TransactionExamples.EVENT,
            TransactionExamples.DURATION_DAYS, TransactionExamples.ONSET_DATE)
        .orderBy("customer_id").collectAsList().toString();
  }
}
