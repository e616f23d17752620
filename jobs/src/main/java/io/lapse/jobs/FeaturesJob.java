package io.lapse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.features.engagement.EngagementDaily;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.features.engagement.TrainingExamples;
import io.lapse.features.engagement.TrainingSpec;
import io.lapse.jobs.config.EngagementSettings;
import io.lapse.jobs.lake.Table;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes customer features and segments as of D into the features table (partition D): the
 * transaction features, the engagement features of everyone seen on or before D (customers
 * without transactions have nulls in the transaction columns), and the segment. Then, when the
 * onset models are on, the training examples of the snapshots before D into training_examples,
 * computing only the snapshots it does not hold yet or holds stale.
 */
public final class FeaturesJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);
  /**
   * Column of training_examples: the last day of data an example reads, its snapshot + H. The
   * validation snapshot's is the D of the run that planned the table's snapshots.
   */
  public static final String CUTOFF_DATE = "cutoff_date";
  /** Column of training_examples: what its snapshot was computed from (SnapshotFingerprints). */
  public static final String FINGERPRINT = "snapshot_fingerprint";
  private static final String[] KEYS = {CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID};

  private FeaturesJob() {}

  public static void run(JobContext ctx) {
    LocalDate asOf = ctx.asOf();
    Segmenter segmenter = new Segmenter(ctx.config().segments);
    Optional<Dataset<Row>> customers = ctx.reader().source(ctx.config().customers);
    Dataset<Row> transactionFeatures =
        CustomerFeatures.asOf(ctx.outputs().read(Table.ACTIVITY_DAILY), asOf);
    Optional<Dataset<Row>> daily = ctx.outputs().readIfExists(Table.ENGAGEMENT_DAILY);
    Dataset<Row> features = transactionFeatures;
    if (daily.isPresent()) {
      EngagementSettings engagement = ctx.config().engagement;
      Optional<Dataset<Row>> thresholdSegments = engagement.features().disengagement()
          .needsSegments()
          ? Optional.of(staticSegments(segmenter, transactionFeatures.select(
              CustomerFeatures.CUSTOMER_ID).union(daily.get().select(EngagementDaily.CUSTOMER_ID)),
              customers)) : Optional.empty();
      Dataset<Row> engaged = EngagementFeatures.asOf(daily.get(), customers, thresholdSegments,
          asOf, engagement.features());
      features = transactionFeatures.join(engaged, KEYS, "full_outer");
    }
    ctx.outputs().writeAsOf(Table.FEATURES, segmenter.assign(features, customers), asOf);
    LOG.info("features as of {} computed", asOf);
    // Only the onset models read the examples: without them the snapshots are not computed.
    if (ctx.config().onsetEnabled) {
      daily.ifPresent(d -> writeTrainingExamples(ctx, d, segmenter, customers));
    }
  }

  /**
   * Training examples ({@link TrainingExamples}) at the snapshots of the plan for D, computed only
   * for the snapshots the table does not hold as they would be computed tonight.
   *
   * <p>The rows of snapshot S read only the daily tables up to S + H, the settings and each
   * customer's segment from the customers table (see {@link TrainingExamples}). A stored snapshot
   * is stale, and recomputed, when its {@value #FINGERPRINT} (settings, and every daily row up to
   * S + H, see {@link SnapshotFingerprints}) differs from tonight's, or when a customer's stored
   * segment differs from the one the customers table gives tonight (segments by customer column,
   * the one source read as of D; rfm segments are computed at S). Only the new and stale snapshots
   * are written, and the snapshots no longer in the plan are removed in the same commit, so the
   * table holds exactly the plan's snapshots.
   */
  private static void writeTrainingExamples(JobContext ctx, Dataset<Row> daily,
      Segmenter segmenter, Optional<Dataset<Row>> customers) {
    EngagementSettings engagement = ctx.config().engagement;
    LocalDate asOf = ctx.asOf();
    Row first = daily.agg(functions.min(EngagementDaily.ACTIVITY_DATE)).first();
    if (first.isNullAt(0)) {
      LOG.warn("no training examples: engagement_daily is empty");
      return;
    }
    TrainingSpec.SnapshotPlan plan;
    try {
      plan = engagement.training().plan(first.getDate(0).toLocalDate(), asOf,
          ctx.config().onset.classifier().validationSnapshots());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; or set"
          + " lapse.models.onset.enabled = false to score without the onset models", e);
    }
    if (plan.isShort()) {
      LOG.warn("training examples at {} snapshots, fewer than lapse.engagement.training"
          + ".snapshot-count {}: the data starts {} (training {}, validation {})",
          plan.dates().size(), plan.wanted(), first.getDate(0), plan.training(),
          plan.validation());
    }
    List<LocalDate> snapshots = plan.dates();
    int horizon = engagement.training().horizonDays();
    Dataset<Row> activity = ctx.outputs().read(Table.ACTIVITY_DAILY);
    Map<String, Dataset<Row>> inputs = new LinkedHashMap<>();
    inputs.put(Table.ACTIVITY_DAILY.relativePath(), activity);
    inputs.put(Table.ENGAGEMENT_DAILY.relativePath(), daily);
    SnapshotFingerprints fingerprints = new SnapshotFingerprints(inputs, List.of(
        engagement.features(), engagement.label(), horizon, ctx.config().segments));
    Map<LocalDate, String> wanted = new TreeMap<>();
    snapshots.forEach(s -> wanted.put(s, fingerprints.of(s, horizon)));

    Optional<Dataset<Row>> stored = ctx.outputs().readIfExists(Table.TRAINING_EXAMPLES);
    Map<LocalDate, String> storedFingerprints = stored.map(FeaturesJob::storedFingerprints)
        .orElse(Map.of());
    Set<LocalDate> kept = new TreeSet<>();
    wanted.forEach((s, f) -> {
      if (f.equals(storedFingerprints.get(s))) {
        kept.add(s);
      }
    });
    if (!kept.isEmpty() && "customer-column".equals(ctx.config().segments.source())) {
      kept.removeAll(segmentsChanged(stored.get(), kept, segmenter, customers));
    }
    List<LocalDate> computed = snapshots.stream().filter(s -> !kept.contains(s)).toList();
    List<LocalDate> stale = computed.stream().filter(storedFingerprints::containsKey).toList();
    List<LocalDate> dropped = storedFingerprints.keySet().stream()
        .filter(s -> !wanted.containsKey(s)).toList();
    LOG.info("training examples at {} snapshots ({} through {}): new {}, stale {}, kept {},"
        + " dropped {}", snapshots.size(), snapshots.get(0), snapshots.get(snapshots.size() - 1),
        computed.stream().filter(s -> !stale.contains(s)).toList(), stale, List.copyOf(kept),
        dropped);
    if (computed.isEmpty() && dropped.isEmpty()) {
      return;
    }
    Dataset<Row> rows;
    if (computed.isEmpty()) {
      rows = stored.get().where(lit(false));
    } else {
      // Every customer who can be an example gets a threshold segment, bought or not: a
      // threshold that depended on buying after S would make the features of S change later.
      Optional<Dataset<Row>> thresholdSegments = engagement.features().disengagement()
          .needsSegments()
          ? Optional.of(staticSegments(segmenter, daily, customers)) : Optional.empty();
      Column fingerprint = lit(null).cast("string");
      for (LocalDate s : computed) {
        fingerprint = when(col(CustomerFeatures.AS_OF_DATE).equalTo(lit(Date.valueOf(s))),
            lit(wanted.get(s))).otherwise(fingerprint);
      }
      rows = TrainingExamples.build(daily, activity, thresholdSegments, computed, horizon, asOf,
              engagement.features(), engagement.label(), segmenter, customers)
          .withColumn(CUTOFF_DATE, date_add(col(CustomerFeatures.AS_OF_DATE), horizon))
          .withColumn(FINGERPRINT, fingerprint);
    }
    String predicate = "NOT " + inDates(snapshots);
    if (!computed.isEmpty()) {
      predicate = inDates(computed) + " OR " + predicate;
    }
    ctx.outputs().write(Table.TRAINING_EXAMPLES, rows, predicate);
  }

  /** The fingerprint of each stored snapshot; none for rows of a release before fingerprints. */
  private static Map<LocalDate, String> storedFingerprints(Dataset<Row> stored) {
    boolean fingerprinted = List.of(stored.columns()).contains(FINGERPRINT);
    Map<LocalDate, String> found = new TreeMap<>();
    stored.groupBy(CustomerFeatures.AS_OF_DATE)
        .agg(fingerprinted ? functions.min(FINGERPRINT) : lit(null).cast("string"),
            fingerprinted ? functions.max(FINGERPRINT) : lit(null).cast("string"))
        .collectAsList().forEach(r -> found.put(r.getDate(0).toLocalDate(),
            r.isNullAt(1) || !r.getString(1).equals(r.getString(2)) ? "" : r.getString(1)));
    return found;
  }

  /** The snapshots of {@code dates} where a customer's segment is no longer the stored one. */
  private static Set<LocalDate> segmentsChanged(Dataset<Row> stored, Set<LocalDate> dates,
      Segmenter segmenter, Optional<Dataset<Row>> customers) {
    Dataset<Row> rows = stored.where(inDates(dates))
        .select(CustomerFeatures.AS_OF_DATE, CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT);
    Dataset<Row> now = segmenter.assign(rows.select(CustomerFeatures.CUSTOMER_ID).distinct(),
        customers).withColumnRenamed(Segmenter.SEGMENT, "segment_now");
    Set<LocalDate> changed = new TreeSet<>();
    rows.join(now, CustomerFeatures.CUSTOMER_ID)
        .where(functions.not(col(Segmenter.SEGMENT).eqNullSafe(col("segment_now"))))
        .select(CustomerFeatures.AS_OF_DATE).distinct().collectAsList()
        .forEach(r -> changed.add(r.getDate(0).toLocalDate()));
    return changed;
  }

  private static String inDates(Collection<LocalDate> dates) {
    return CustomerFeatures.AS_OF_DATE + " IN (" + dates.stream().map(d -> "DATE'" + d + "'")
        .collect(Collectors.joining(", ")) + ")";
  }

  /** Segments for the segment threshold, which config validation allows only for static sources. */
  private static Dataset<Row> staticSegments(Segmenter segmenter, Dataset<Row> customerIds,
      Optional<Dataset<Row>> customers) {
    Dataset<Row> ids = customerIds.select(CustomerFeatures.CUSTOMER_ID);
    if (customers.isPresent()) {
      ids = ids.union(customers.get().select(
          col(CustomerFeatures.CUSTOMER_ID).cast("string").as(CustomerFeatures.CUSTOMER_ID)));
    }
    return segmenter.assign(ids.distinct(), customers)
        .select(CustomerFeatures.CUSTOMER_ID, Segmenter.SEGMENT);
  }
}
