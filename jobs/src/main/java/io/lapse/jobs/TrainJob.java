package io.lapse.jobs;

import io.lapse.features.Segmenter;
import io.lapse.jobs.lake.Table;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.training.BgNbdSegmentTrainer;
import io.lapse.models.training.ReturnTimeCurves;
import io.lapse.models.training.SegmentModel;
import io.lapse.models.training.SegmentModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits BG/NBD and the return-time Kaplan-Meier curve per segment as of D into segment_models.
 */
public final class TrainJob {

  private TrainJob() {}

  public static List<SegmentModel> run(JobContext ctx) {
    var config = ctx.config();
    Dataset<Row> features = FeaturesJob.transactionFeaturesOf(ctx);
    Map<String, SufficientStatistics> stats = BgNbdSegmentTrainer.sufficientStatistics(features);
    List<SegmentModel> models = new ArrayList<>(
        new BgNbdSegmentTrainer(config.bgnbd, config.segmentMinCustomers).fit(stats, ctx.asOf()));
    Map<String, Long> sizes = new TreeMap<>();
    stats.forEach((segment, s) -> sizes.put(segment, s.customers()));
    models.addAll(ReturnTimeCurves.estimate(
        ctx.outputs().read(Table.ACTIVITY_DAILY),
        features.select("customer_id", Segmenter.SEGMENT), ctx.asOf(), sizes));
    ctx.outputs().write(Table.SEGMENT_MODELS,
        SegmentModels.toDataFrame(ctx.spark(), ctx.asOf(), models), "as_of_date = DATE'" + ctx.asOf() + "'");
    return models;
  }
}
