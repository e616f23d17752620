package io.lapse.models.policy;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The value V of winning a customer back, per segment, from the models' scores. */
public final class PolicyValues {

  public static final String EXPECTED_TRANSACTIONS = "expected_transactions";
  /** The scores column of customer lifetime value (SpendScorer.CLV). */
  public static final String CLV = "clv";

  private PolicyValues() {}

  /**
   * V per segment and for ALL: the mean over the buyers of BG/NBD expected transactions in the
   * score horizon times their mean spend per active day; {@code fallback} where that is not
   * positive.
   *
   * @param features (customer_id, segment, monetary_mean) as of D
   * @param scores (customer_id, expected_transactions) as of D
   */
  public static Map<String, Double> fromExpectedTransactions(Dataset<Row> features,
      Dataset<Row> scores, double fallback) {
    Map<String, Double> values = new TreeMap<>();
    Dataset<Row> joined = features.join(
            scores.select(CustomerFeatures.CUSTOMER_ID, EXPECTED_TRANSACTIONS),
            CustomerFeatures.CUSTOMER_ID)
        .where(col(CustomerFeatures.MONETARY_MEAN).isNotNull()
            .and(col(EXPECTED_TRANSACTIONS).isNotNull()));
    Column value = col(EXPECTED_TRANSACTIONS).multiply(col(CustomerFeatures.MONETARY_MEAN));
    joined.groupBy(Segmenter.SEGMENT).agg(avg(value)).collectAsList()
        .forEach(r -> values.put(r.getString(0), r.getDouble(1)));
    Row all = joined.agg(avg(value)).first();
    if (!all.isNullAt(0)) {
      values.put(Segmenter.ALL, all.getDouble(0));
    }
    values.replaceAll((k, v) -> v > 0 ? v : fallback);
    return values;
  }

  /**
   * V per segment and for ALL: the mean customer lifetime value (scores' clv: BG/NBD expected
   * transactions over the CLV horizon x Gamma-Gamma expected mean spend, discounted) of the
   * segment's scored customers; {@code fallback} where that is not positive or no customer has a
   * CLV. Unlike {@link #fromExpectedTransactions}, one-time buyers are valued at their segment's
   * expected spend rather than their single purchase, and the value is discounted.
   *
   * @param features (customer_id, segment) as of D
   * @param scores (customer_id, clv) as of D
   */
  public static Map<String, Double> fromClv(Dataset<Row> features, Dataset<Row> scores,
      double fallback) {
    Map<String, Double> values = new TreeMap<>();
    Dataset<Row> joined = features.select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT)
        .join(scores.select(CustomerFeatures.CUSTOMER_ID, CLV), CustomerFeatures.CUSTOMER_ID)
        .where(col(CLV).isNotNull());
    joined.groupBy(Segmenter.SEGMENT).agg(avg(col(CLV))).collectAsList()
        .forEach(r -> values.put(r.getString(0), r.getDouble(1)));
    Row all = joined.agg(avg(col(CLV))).first();
    if (!all.isNullAt(0)) {
      values.put(Segmenter.ALL, all.getDouble(0));
    }
    values.replaceAll((k, v) -> v > 0 ? v : fallback);
    return values;
  }
}
