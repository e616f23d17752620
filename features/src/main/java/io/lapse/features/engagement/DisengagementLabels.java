package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Dis-engagement onsets and training examples.
 *
 * <p>Onset: the first day on which recency exceeds the threshold T of {@link DisengagementSpec},
 * i.e. last engaged day + floor(T) + 1 when no engagement follows by then. T is evaluated with
 * what is known on the last engaged day (its personal latency), which does not change while the
 * customer stays away. A customer who comes back and stays away again has a further onset.
 *
 * <p>Training example at snapshot S for each customer engaged on or before S and not dis-engaged
 * at S (recency at S &lt;= T): the features as of S, and
 *
 * <ul>
 *   <li>{@link #LABEL}: dis-engagement begins within H days, i.e. the next onset falls in
 *       (S, S + H]. It depends only on engaged days up to S + H: an onset at o &lt;= S + H is
 *       decided by the absence of engagement in (last engaged day, o]. Null when S + H is after
 *       the end of the data and no onset was observed by then (unknown, not false).
 *   <li>{@link #EVENT} / {@link #DURATION_DAYS}: for survival models, days from S to the next
 *       onset when it is observed by the end of the data (event true), else days from S to the
 *       end of the data (event false: right-censored). Unlike the label these read the whole
 *       data after S.
 * </ul>
 */
public final class DisengagementLabels {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String LAST_ENGAGED_DATE = "last_engaged_date";
  public static final String THRESHOLD_DAYS = "disengagement_threshold_days";
  public static final String ONSET_DATE = "onset_date";
  /** The next engaged day after the onset (the return), null when none by the end of the data. */
  public static final String RETURN_DATE = "return_date";

  public static final String SEGMENT = EngagementFeatures.SEGMENT;
  public static final String HORIZON_DAYS = "horizon_days";
  public static final String LABEL = "disengages_within_horizon";
  public static final String EVENT = "event";
  public static final String DURATION_DAYS = "duration_days";

  private DisengagementLabels() {}

  /**
   * Every observed onset: one row per engaged day after which the customer stayed away long
   * enough, with the onset on or before {@code dataEnd}. Columns: customer_id,
   * last_engaged_date, disengagement_threshold_days, onset_date, return_date.
   */
  public static Dataset<Row> onsets(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> segments, LocalDate dataEnd, DisengagementSpec spec) {
    Dataset<Row> daily = upTo(engagementDaily, dataEnd);
    return candidates(daily, segments, spec)
        .where(col(ONSET_DATE).leq(lit(Date.valueOf(dataEnd))))
        .select(CUSTOMER_ID, LAST_ENGAGED_DATE, THRESHOLD_DAYS, ONSET_DATE, RETURN_DATE);
  }

  /** Training examples with the end of the data taken as the last day of the table. */
  public static Dataset<Row> trainingExamples(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> segments, List<LocalDate> snapshotDates, int horizonDays,
      EngagementFeatureSpec spec) {
    Row last = engagementDaily.agg(max(EngagementDaily.ACTIVITY_DATE)).first();
    if (last.isNullAt(0)) {
      throw new IllegalArgumentException("training examples need engagement data but the table is"
          + " empty");
    }
    return trainingExamples(engagementDaily, segments, snapshotDates, horizonDays,
        last.getDate(0).toLocalDate(), spec);
  }

  /**
   * Training examples at each snapshot date: the {@link EngagementFeatures} columns, then
   * {@link #SEGMENT}, {@link #HORIZON_DAYS}, {@link #ONSET_DATE} (next observed onset),
   * {@link #LABEL}, {@link #EVENT}, {@link #DURATION_DAYS}. Rows after {@code dataEnd} are
   * ignored.
   */
  public static Dataset<Row> trainingExamples(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> segments, List<LocalDate> snapshotDates, int horizonDays,
      LocalDate dataEnd, EngagementFeatureSpec spec) {
    return trainingExamples(engagementDaily, segments, snapshotDates, horizonDays, dataEnd, spec,
        LabelSpec.onset());
  }

  /**
   * Training examples whose {@link #LABEL} answers {@code label}'s question (see
   * {@link LabelSpec}); {@link #EVENT} and {@link #DURATION_DAYS} always describe the next onset
   * and are null for customers already dis-engaged at the snapshot.
   */
  public static Dataset<Row> trainingExamples(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> segments, List<LocalDate> snapshotDates, int horizonDays,
      LocalDate dataEnd, EngagementFeatureSpec spec, LabelSpec label) {
    return trainingExamples(engagementDaily, segments, snapshotDates, horizonDays, dataEnd, spec,
        label, false);
  }

  /**
   * As above; with {@code censorAtHorizon} the survival times are right-censored at S + H (or the
   * end of the data, if earlier) instead of the end of the data, and {@link #ONSET_DATE} is the
   * next onset within (S, S + H]: every column then reads data up to S + H only, like the label,
   * so the rows of a snapshot do not change as later data arrives.
   */
  public static Dataset<Row> trainingExamples(Dataset<Row> engagementDaily,
      Optional<Dataset<Row>> segments, List<LocalDate> snapshotDates, int horizonDays,
      LocalDate dataEnd, EngagementFeatureSpec spec, LabelSpec label, boolean censorAtHorizon) {
    label.requireKinds(spec.profile().kinds());
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizon days must be >= 1 but was " + horizonDays);
    }
    if (snapshotDates.isEmpty()) {
      throw new IllegalArgumentException("training examples need at least one snapshot date");
    }
    for (LocalDate s : snapshotDates) {
      if (!s.isBefore(dataEnd)) {
        throw new IllegalArgumentException("snapshot date " + s
            + " must be before the end of the data " + dataEnd);
      }
    }
    Dataset<Row> daily = upTo(engagementDaily, dataEnd);
    Date end = Date.valueOf(dataEnd);
    boolean onsetLabel = label.definition() == LabelSpec.Definition.ONSET;
    Column lapsedAtSnapshot = col(EngagementFeatures.LIFECYCLE_STAGE)
        .equalTo(LifecycleStage.LAPSED.code());
    Column population = col(EngagementFeatures.ENGAGED_DAYS).gt(0);
    if (onsetLabel) {
      population = population.and(functions.not(lapsedAtSnapshot));
    }
    Dataset<Row> features = EngagementFeatures.atDates(daily, Optional.empty(), segments,
            snapshotDates, spec)
        .where(population);
    Dataset<Row> observed = candidates(daily, segments, spec.disengagement())
        .where(col(ONSET_DATE).leq(lit(end)))
        .select(col(CUSTOMER_ID).as("o_customer"), col(LAST_ENGAGED_DATE).as("o_from"),
            col(ONSET_DATE).as("o_onset"));
    // The next onset after S starts from the last engaged day on or before S or a later one;
    // every such onset is after S because the customer is not dis-engaged at S. The last engaged
    // day is taken from the daily table rather than the features so that the wide feature
    // aggregation is planned and computed once.
    Dataset<Row> lastEngaged = daily.where(col(EngagementDaily.ACTIONS).gt(0))
        .withColumn("n_as_of", explode(EngagementFeatures.asOfDates(snapshotDates)))
        .where(col(EngagementDaily.ACTIVITY_DATE).leq(col("n_as_of")))
        .groupBy(col("n_as_of"), col(EngagementDaily.CUSTOMER_ID).as("n_customer"))
        .agg(max(EngagementDaily.ACTIVITY_DATE).as("n_last"));
    Column nextCondition = col("n_customer").equalTo(col("o_customer"))
        .and(col("o_from").geq(col("n_last")));
    if (censorAtHorizon) {
      nextCondition = nextCondition.and(col("o_onset").leq(date_add(col("n_as_of"), horizonDays)));
    }
    Dataset<Row> next = lastEngaged
        .join(observed, nextCondition)
        .groupBy(col("n_as_of"), col("n_customer"))
        .agg(min("o_onset").as(ONSET_DATE));
    Dataset<Row> joined = features
        .join(next, col(EngagementFeatures.AS_OF_DATE).equalTo(col("n_as_of"))
            .and(col(CUSTOMER_ID).equalTo(col("n_customer"))), "left")
        .drop("n_as_of", "n_customer");
    if (segments.isPresent()) {
      Dataset<Row> seg = segments.get()
          .groupBy(col(CUSTOMER_ID).cast(DataTypes.StringType).as("s_customer"))
          .agg(min(col(SEGMENT).cast(DataTypes.StringType)).as(SEGMENT));
      joined = joined.join(seg, col(CUSTOMER_ID).equalTo(col("s_customer")), "left")
          .drop("s_customer");
    } else {
      joined = joined.withColumn(SEGMENT, lit(null).cast(DataTypes.StringType));
    }
    Column s = col(EngagementFeatures.AS_OF_DATE);
    Column onset = col(ONSET_DATE);
    Column horizonEnd = date_add(s, horizonDays);
    Column labelObserved = horizonEnd.leq(lit(end));
    Column censoredAt = censorAtHorizon ? least(horizonEnd, lit(end)) : lit(end);
    Column labelValue;
    if (onsetLabel) {
      labelValue = when(onset.leq(horizonEnd), lit(true)).when(labelObserved, lit(false));
    } else {
      joined = joined.join(nextEngagedDay(daily, snapshotDates, label),
          col(EngagementFeatures.AS_OF_DATE).equalTo(col("e_as_of"))
              .and(col(CUSTOMER_ID).equalTo(col("e_customer"))), "left")
          .drop("e_as_of", "e_customer");
      Column nextEngaged = col("e_next");
      labelValue = when(nextEngaged.leq(horizonEnd), lit(false)).when(labelObserved, lit(true));
    }
    // Survival times describe the next onset; a customer already past the threshold has no next
    // onset to wait for in this spell.
    Column survivalRow = functions.not(lapsedAtSnapshot);
    return joined
        .withColumn(ONSET_DATE, when(survivalRow, onset))
        .withColumn(HORIZON_DAYS, lit(horizonDays))
        .withColumn(LABEL, labelValue.cast(DataTypes.BooleanType))
        .withColumn(EVENT, when(survivalRow, onset.isNotNull()))
        .withColumn(DURATION_DAYS, when(survivalRow,
            when(onset.isNotNull(), datediff(onset, s)).otherwise(datediff(censoredAt, s))))
        .select(columns(spec).stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * (e_as_of, e_customer, e_next): the first day after each snapshot with an action of the
   * label's kinds; absent when there is none in the data.
   */
  private static Dataset<Row> nextEngagedDay(Dataset<Row> daily, List<LocalDate> snapshotDates,
      LabelSpec label) {
    Column counted = col(EngagementDaily.ACTIONS).gt(0);
    if (!label.kinds().isEmpty()) {
      counted = lit(false);
      for (String k : label.kinds()) {
        counted = counted.or(col(EngagementDaily.actionsColumn(k)).gt(0));
      }
    }
    return daily.where(counted)
        .withColumn("e_as_of", explode(EngagementFeatures.asOfDates(snapshotDates)))
        .where(col(EngagementDaily.ACTIVITY_DATE).gt(col("e_as_of")))
        .groupBy(col("e_as_of"), col(EngagementDaily.CUSTOMER_ID).as("e_customer"))
        .agg(min(EngagementDaily.ACTIVITY_DATE).as("e_next"));
  }

  /** The training examples' columns in order. */
  public static List<String> columns(EngagementFeatureSpec spec) {
    List<String> c = new java.util.ArrayList<>(EngagementFeatures.columns(spec));
    c.addAll(List.of(SEGMENT, HORIZON_DAYS, ONSET_DATE, LABEL, EVENT, DURATION_DAYS));
    return List.copyOf(c);
  }

  /**
   * Per engaged day g: T from the latency of engaged days up to g, the candidate onset g +
   * floor(T) + 1, kept when the next engaged day (if any) comes after it.
   */
  private static Dataset<Row> candidates(Dataset<Row> daily, Optional<Dataset<Row>> segments,
      DisengagementSpec spec) {
    if (spec.needsSegments() && segments.isEmpty()) {
      throw new IllegalArgumentException("disengagement threshold 'segment' needs a segments"
          + " table (customer_id, segment) but none was given");
    }
    Column day = col(EngagementDaily.ACTIVITY_DATE);
    Dataset<Row> engaged = daily.where(col(EngagementDaily.ACTIONS).gt(0))
        .select(col(EngagementDaily.CUSTOMER_ID).as(CUSTOMER_ID), day.as(LAST_ENGAGED_DATE));
    Column g = col(LAST_ENGAGED_DATE);
    Dataset<Row> spells = engaged
        .withColumn("gap", datediff(g, lag(g, 1).over(byWindow())))
        .withColumn("latency", percentile(col("gap"), lit(0.5)).over(
            byWindow().rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn(RETURN_DATE, lead(g, 1).over(byWindow()));
    Column segment;
    if (segments.isPresent()) {
      Dataset<Row> seg = segments.get()
          .groupBy(col(CUSTOMER_ID).cast(DataTypes.StringType).as("s_customer"))
          .agg(min(col(SEGMENT).cast(DataTypes.StringType)).as("s_segment"));
      spells = spells.join(seg, col(CUSTOMER_ID).equalTo(col("s_customer")), "left");
      segment = col("s_segment");
    } else {
      segment = lit(null).cast(DataTypes.StringType);
    }
    Column threshold = spec.thresholdDays(col("latency"), segment);
    Column onset = date_add(g, floor(threshold).cast(DataTypes.IntegerType).plus(1));
    return spells
        .withColumn(THRESHOLD_DAYS, threshold)
        .withColumn(ONSET_DATE, onset)
        .where(col(RETURN_DATE).isNull().or(col(RETURN_DATE).gt(col(ONSET_DATE))));
  }

  private static WindowSpec byWindow() {
    return Window.partitionBy(CUSTOMER_ID).orderBy(LAST_ENGAGED_DATE);
  }

  private static Dataset<Row> upTo(Dataset<Row> daily, LocalDate dataEnd) {
    return daily.where(col(EngagementDaily.ACTIVITY_DATE).leq(lit(Date.valueOf(dataEnd))));
  }
}
