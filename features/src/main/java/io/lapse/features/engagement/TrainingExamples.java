package io.lapse.features.engagement;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training examples of a run: at each snapshot S, the engagement features, labels and
 * survival times of {@link DisengagementLabels}, the transaction features as of S and the segment
 * each customer had at S (never a later one, which would leak the outcome into rfm segments).
 *
 * <p>The examples of S read data up to S + H only: features up to S, the label and the survival
 * times (censored at S + H) after it. So they are the same whichever later night computes them,
 * which lets the features job keep a snapshot's rows from night to night, and no training
 * snapshot's survival time reads the validation period any more than its label does.
 */
public final class TrainingExamples {

  private static final String[] KEYS = {CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID};

  private TrainingExamples() {}

  /**
   * @param engagementDaily engagement_daily rows, any dates
   * @param activityDaily activity_daily rows, any dates
   * @param thresholdSegments (customer_id, segment) when the dis-engagement threshold is per
   *     segment
   * @param snapshots the snapshot dates, each at least H days before {@code dataEnd}
   * @param dataEnd the last day of data (the run's D); only bounds what is read, since every
   *     snapshot's rows end at S + H
   */
  public static Dataset<Row> build(Dataset<Row> engagementDaily, Dataset<Row> activityDaily,
      Optional<Dataset<Row>> thresholdSegments, List<LocalDate> snapshots, int horizonDays,
      LocalDate dataEnd, EngagementFeatureSpec features, LabelSpec label, Segmenter segmenter,
      Optional<Dataset<Row>> customers) {
    Dataset<Row> examples = DisengagementLabels.trainingExamples(engagementDaily,
        thresholdSegments, snapshots, horizonDays, dataEnd, features, label, true)
        .drop(DisengagementLabels.SEGMENT);
    Dataset<Row> transactionFeatures = null;
    for (LocalDate s : snapshots) {
      Dataset<Row> atS = CustomerFeatures.asOf(activityDaily, s);
      transactionFeatures = transactionFeatures == null ? atS : transactionFeatures.union(atS);
    }
    List<String> engagementColumns = List.of(examples.columns());
    List<String> extra = new ArrayList<>(List.of(KEYS));
    CustomerFeatures.COLUMNS.stream().filter(c -> !engagementColumns.contains(c))
        .forEach(extra::add);
    Dataset<Row> joined = examples.join(
        transactionFeatures.selectExpr(extra.toArray(String[]::new)), KEYS, "left");
    return segmenter.assign(joined, customers);
  }
}
