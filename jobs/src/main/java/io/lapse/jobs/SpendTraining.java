package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.Segmenter;
import io.lapse.jobs.lake.Table;
import io.lapse.models.spend.GammaGammaSegmentTrainer;
import io.lapse.models.spend.RepeatSpend;
import io.lapse.models.spend.SegmentSpend;
import io.lapse.models.training.SegmentModel;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The train job's Gamma-Gamma step: one gamma_gamma row of segment_models per segment. */
final class SpendTraining {

  private SpendTraining() {}

  /**
   * @param buyers features as of D of the customers with a purchase
   * @param segmentCustomers customers per segment, as the other models count them
   */
  static List<SegmentModel> fit(JobContext ctx, Dataset<Row> buyers,
      Map<String, Long> segmentCustomers) {
    Dataset<Row> perCustomer =
        RepeatSpend.perCustomer(ctx.outputs().read(Table.ACTIVITY_DAILY), ctx.asOf());
    Dataset<Row> repeat = RepeatSpend.repeatCustomers(perCustomer,
        buyers.select(col("customer_id"), col(Segmenter.SEGMENT)));
    try (SegmentSpend spend = SegmentSpend.of(repeat,
        ctx.config().spend.gammaGamma().maxDriverRows())) {
      return new GammaGammaSegmentTrainer(ctx.config().spend.gammaGamma())
          .fit(spend.bySegment(), segmentCustomers, ctx.asOf());
    }
  }
}
