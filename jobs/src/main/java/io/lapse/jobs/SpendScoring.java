package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.CustomerFeatures;
import io.lapse.jobs.lake.Table;
import io.lapse.models.spend.RepeatSpend;
import io.lapse.models.spend.SpendScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The score job's customer value step: expected_mean_spend and clv appended to scores. */
final class SpendScoring {

  private SpendScoring() {}

  /**
   * @param buyers features as of D of the customers with a purchase
   * @param scores the scores so far, one row per customer
   * @param models segment_models as of D
   */
  static Dataset<Row> append(JobContext ctx, Dataset<Row> buyers, Dataset<Row> scores,
      Dataset<Row> models) {
    Dataset<Row> perCustomer =
        RepeatSpend.perCustomer(ctx.outputs().read(Table.ACTIVITY_DAILY), ctx.asOf());
    Dataset<Row> value = new SpendScorer(ctx.config().spend.value())
        .score(buyers, perCustomer, models);
    List<String> order = new ArrayList<>(Arrays.asList(scores.columns()));
    order.addAll(SpendScorer.COLUMNS);
    return scores.join(value, new String[] {CustomerFeatures.CUSTOMER_ID}, "left")
        .select(order.stream().map(c -> col(c)).toArray(Column[]::new));
  }
}
