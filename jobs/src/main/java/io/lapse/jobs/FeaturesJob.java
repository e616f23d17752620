package io.lapse.jobs;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.jobs.config.CustomersSource;
import io.lapse.jobs.lake.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Computes customer features and segments as of D into the features table (partition D). */
public final class FeaturesJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private FeaturesJob() {}

  public static void run(JobContext ctx) {
    Dataset<Row> activity = ctx.outputs().read(Table.ACTIVITY_DAILY);
    Dataset<Row> features = CustomerFeatures.asOf(activity, ctx.asOf());
    Dataset<Row> segmented = new Segmenter(ctx.config().segments)
        .assign(features, ctx.config().customers.map(c -> readCustomers(ctx, c)));
    ctx.outputs().write(Table.FEATURES, segmented,
        CustomerFeatures.AS_OF_DATE + " = DATE'" + ctx.asOf() + "'", CustomerFeatures.AS_OF_DATE);
    LOG.info("features as of {} computed", ctx.asOf());
  }

  static Dataset<Row> readCustomers(JobContext ctx, CustomersSource source) {
    var reader = ctx.spark().read();
    if (source.format().equals("csv")) {
      reader = reader.option("header", "true");
    }
    return reader.format(source.format()).load(source.path());
  }

  /** The features of D, which must have been computed. */
  static Dataset<Row> featuresOf(JobContext ctx) {
    Dataset<Row> features = ctx.outputs().read(Table.FEATURES)
        .where(CustomerFeatures.AS_OF_DATE + " = DATE'" + ctx.asOf() + "'");
    return features;
  }
}
