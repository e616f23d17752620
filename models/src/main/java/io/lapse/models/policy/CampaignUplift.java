package io.lapse.models.policy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.ml.SchemaCheck;
import io.lapse.features.Segmenter;
import io.lapse.features.input.InputSchemaException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Uplift observed in campaign history: per segment, action and inactivity bucket, the response
 * rate of treated contacts minus that of control contacts (held out at random, not contacted),
 * smoothed to be non-increasing in inactivity.
 *
 * <p>Input {@code campaign_contacts}: {@link #CUSTOMER_ID}, {@link #CONTACT_TS} (timestamp or
 * date), {@link #ACTION}, {@link #GROUP} ({@code treated} or {@code control}, case and spaces
 * ignored), {@link #COST} (optional). A contact's inactivity is the days from the customer's last
 * engaged day before the contact day to the contact day (contacts of customers without an earlier
 * engaged day are left out: they are not in an inactivity spell). It responded when the customer
 * has an engaged day from the contact day through the end of the response window. The contact day
 * counts for both groups alike (an engaged day on it may precede the contact), so it adds noise to
 * both rates but no bias to their difference. Duplicate rows (same customer, day and action) are
 * one contact.
 *
 * <p>Smoothing: the uplift of a bucket is its win-back share (the share of the contacts who would
 * not have come back within the window that the action brings back: uplift / (1 - control rate))
 * times the share who would not have come back (1 - control rate). The win-back share is fitted
 * with MLlib {@link IsotonicRegression} (isotonic = false) on the eligible buckets, feature the
 * bucket's middle day, weight {@link UpliftBucket#weight()} x (1 - control rate)^2 (its inverse
 * variance up to the p(1-p) factors). A win-back share that falls with inactivity is the
 * assumption that longer-gone customers are harder to win back; the fit pools adjacent buckets
 * that contradict it instead of letting noise pick t*. The uplift itself is not monotone and
 * must not be made so: shortly after the last visit most control customers come back anyway,
 * so the uplift rises with inactivity before it falls.
 *
 * <p>Segments are taken from the caller's (customer_id, segment) table (the current segment, not
 * the one at contact time); an {@code ALL} entry pools every segment, as the return-time curves
 * do.
 *
 * <p>Every contact is bucketed twice, once per {@link TimingUnit}: by its inactivity in days (for
 * the policies in days) and by that inactivity over the customer's latency (for the policies in
 * latency units). The latency is the contact's {@link #LATENCY_DAYS} when it has one (lapse's
 * assignments record the latency they were planned with), else the customer's as of the run from
 * the segments table. The run's latency is an approximation for reported contacts: a customer who
 * came back after the contact has a new gap in it. Contacts of customers without a latency count
 * in days only.
 */
public final class CampaignUplift {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String CONTACT_TS = "contact_ts";
  public static final String ACTION = "action";
  public static final String GROUP = "group";
  public static final String COST = "cost";
  /** Optional, in contacts: the reward preference group the contact was planned for. */
  public static final String PREFERENCE_GROUP = "preference_group";
  /** Optional, in contacts and segments: the customer's latency in days (> 0). */
  public static final String LATENCY_DAYS = "latency_days";
  public static final String TREATED = "treated";
  public static final String CONTROL = "control";

  private final CampaignUpliftSpec spec;
  /** The buckets of one unit, preference group, segment and action. */
  private record Key(TimingUnit unit, String group, String segment, String action) {}

  /** Buckets by index, per key. */
  private final Map<Key, List<UpliftBucket>> buckets;

  private CampaignUplift(CampaignUpliftSpec spec, Map<Key, List<UpliftBucket>> buckets) {
    this.spec = spec;
    this.buckets = buckets;
  }

  /** Measured buckets as they are (already smoothed where eligible). */
  static CampaignUplift of(CampaignUpliftSpec spec, List<UpliftBucket> list) {
    Map<Key, List<UpliftBucket>> m = new TreeMap<>(KEY_ORDER);
    for (UpliftBucket b : list) {
      m.computeIfAbsent(key(b), k -> new ArrayList<>()).add(b);
    }
    return new CampaignUplift(spec, m);
  }

  private static final java.util.Comparator<Key> KEY_ORDER = java.util.Comparator
      .comparing(Key::unit).thenComparing(Key::group).thenComparing(Key::segment)
      .thenComparing(Key::action);

  private static Key key(UpliftBucket b) {
    return new Key(b.unit(), b.group(), b.segment(), b.action());
  }

  /** No history: every segment keeps the prior. */
  public static CampaignUplift none(CampaignUpliftSpec spec) {
    return new CampaignUplift(spec, Map.of());
  }

  /**
   * @param contacts campaign contacts (columns above)
   * @param engagementDaily (customer_id, activity_date, actions) rows; a day is engaged when
   *     actions > 0
   * @param segments (customer_id, segment[, latency_days]) of the customers to include
   * @param asOf contacts whose response window ends after this date are left out
   */
  public static CampaignUplift estimate(Dataset<Row> contacts, Dataset<Row> engagementDaily,
      Dataset<Row> segments, LocalDate asOf, CampaignUpliftSpec spec) {
    requireColumns("campaign contacts", contacts, CUSTOMER_ID, CONTACT_TS, ACTION, GROUP);
    requireColumns("engagement daily", engagementDaily, "customer_id", "activity_date", "actions");
    requireColumns("segments", segments, "customer_id", Segmenter.SEGMENT);
    int window = spec.responseWindowDays();
    boolean hasCost = Arrays.asList(contacts.columns()).contains(COST);
    Column contactLatency = SchemaCheck.optional(contacts, LATENCY_DAYS, DataTypes.DoubleType);
    Column contactGroup = SchemaCheck.optional(contacts, PREFERENCE_GROUP, DataTypes.StringType);
    Column runLatency = SchemaCheck.optional(segments, LATENCY_DAYS, DataTypes.DoubleType);

    Dataset<Row> c = contacts
        .select(col(CUSTOMER_ID).as("c_customer"), col(CONTACT_TS).as("c_ts"),
            col(ACTION).as("c_action"), lower(trim(col(GROUP))).as("c_group"),
            (hasCost ? col(COST).cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType))
                .as("c_cost"),
            contactLatency.as("c_latency"), contactGroup.as("c_pref"))
        .withColumn("c_day", to_date(col("c_ts")))
        // One contact per customer, day and action: lapse's own assignment of a contact and
        // CRM's report of sending it (a timestamp that day) are the same contact.
        .dropDuplicates("c_customer", "c_day", "c_action")
        .where(date_add(col("c_day"), window - 1).leq(lit(Date.valueOf(asOf))));
    Dataset<Row> engaged = engagementDaily
        .where(col("actions").gt(0))
        .select(col("customer_id").as("e_customer"), col("activity_date").as("e_day"))
        .distinct();
    Column before = col("e_day").lt(col("c_day"));
    Column inWindow = col("e_day").geq(col("c_day"))
        .and(col("e_day").lt(date_add(col("c_day"), window)));
    Dataset<Row> perContact = c
        .join(engaged, col("c_customer").equalTo(col("e_customer"))
            .and(col("e_day").lt(date_add(col("c_day"), window))), "left")
        .groupBy("c_customer", "c_ts", "c_action", "c_group", "c_cost", "c_day", "c_latency",
            "c_pref")
        .agg(max(when(before, col("e_day"))).as("last_engaged"),
            max(when(inWindow, lit(1)).otherwise(lit(0))).as("responded"))
        .where(col("last_engaged").isNotNull())
        .withColumn("inactive_days", datediff(col("c_day"), col("last_engaged")));

    Column isTreated = col("c_group").equalTo(TREATED);
    Column isControl = col("c_group").equalTo(CONTROL);
    Column isOther = isTreated.or(isControl).isNull().or(isTreated.or(isControl).equalTo(false));
    Column latency = coalesce(col("c_latency"), col("s_latency"));
    Column inLatencies = when(latency.gt(0), col("inactive_days").divide(latency));
    // One row per unit and group the contact counts in: days and, with a latency, latencies;
    // the pooled group and, where the contact has one, its preference group.
    Column dayBucket = floor(col("inactive_days").divide(spec.bucketDays()))
        .cast(DataTypes.IntegerType);
    Column latencyBucket = floor(inLatencies.divide(spec.latencyBucketWidth()))
        .cast(DataTypes.IntegerType);
    List<Column> cells = new ArrayList<>();
    for (TimingUnit unit : TimingUnit.values()) {
      Column bucket = unit == TimingUnit.DAYS ? dayBucket : latencyBucket;
      cells.add(struct(lit(unit.key()).as("unit"), lit(RewardPreferences.ALL_GROUPS).as("grp"),
          bucket.as("bucket")));
      cells.add(struct(lit(unit.key()).as("unit"), col("c_pref").as("grp"), bucket.as("bucket")));
    }
    Column byUnit = explode(array(cells.toArray(Column[]::new)));
    List<Row> rows = perContact
        .join(segments.select(col("customer_id").as("s_customer"), col(Segmenter.SEGMENT),
                runLatency.as("s_latency")),
            col("c_customer").equalTo(col("s_customer")))
        .withColumn("u", byUnit)
        .where(col("u.bucket").isNotNull().and(col("u.grp").isNotNull()))
        .groupBy(col("u.unit").as("unit"), col("u.grp").as("grp"), col(Segmenter.SEGMENT),
            col("c_action"), col("u.bucket").as("bucket"))
        .agg(sum(when(isTreated, 1L).otherwise(0L)).as("treated"),
            sum(when(isControl, 1L).otherwise(0L)).as("control"),
            sum(when(isTreated, col("responded")).otherwise(0)).cast("long").as("t_resp"),
            sum(when(isControl, col("responded")).otherwise(0)).cast("long").as("c_resp"),
            sum(when(isTreated, col("c_cost"))).as("t_cost"),
            sum(when(isOther, 1L).otherwise(0L)).as("other"),
            first(when(isOther, col("c_group")), true).as("other_example"))
        .collectAsList();

    long other = 0;
    String otherExample = null;
    // key -> bucket -> {treated, control, tResp, cResp, cost sum}
    Map<Key, TreeMap<Integer, double[]>> counts = new TreeMap<>(KEY_ORDER);
    for (Row r : rows) {
      TimingUnit unit = TimingUnit.parse(r.getString(0));
      String group = r.getString(1);
      if (unit == TimingUnit.DAYS && group.equals(RewardPreferences.ALL_GROUPS)) {
        // Every contact has one pooled row in days: count the bad groups once.
        other += r.getLong(10);
        if (otherExample == null && !r.isNullAt(11)) {
          otherExample = r.getString(11);
        }
      }
      double[] v = {r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8),
          r.isNullAt(9) ? 0.0 : r.getDouble(9)};
      add(counts, new Key(unit, group, r.getString(2), r.getString(3)), r.getInt(4), v);
      if (!Segmenter.ALL.equals(r.getString(2))) {
        add(counts, new Key(unit, group, Segmenter.ALL, r.getString(3)), r.getInt(4), v);
      }
    }
    if (other > 0) {
      throw new InputSchemaException("campaign contacts group must be '" + TREATED + "' or '"
          + CONTROL + "' but " + other + " contacts had another value, e.g. '" + otherExample
          + "'");
    }

    SparkSession spark = contacts.sparkSession();
    Map<Key, List<UpliftBucket>> result = new TreeMap<>(KEY_ORDER);
    for (var e : counts.entrySet()) {
      Key k = e.getKey();
      double width = spec.bucketWidth(k.unit());
      List<UpliftBucket> list = new ArrayList<>();
      for (var b : e.getValue().entrySet()) {
        double[] v = b.getValue();
        long treated = (long) v[0];
        long control = (long) v[1];
        double raw = treated == 0 || control == 0 ? Double.NaN : v[2] / treated - v[3] / control;
        list.add(new UpliftBucket(k.unit(), k.group(), k.segment(), k.action(), b.getKey(),
            b.getKey() * width, (b.getKey() + 1) * width, treated, control, (long) v[2],
            (long) v[3], treated == 0 ? Double.NaN : v[4] / treated, raw, Double.NaN,
            treated >= spec.minContactsPerGroup() && control >= spec.minContactsPerGroup()));
      }
      result.put(k, smooth(spark, list, spec));
    }
    return new CampaignUplift(spec, result);
  }

  /**
   * Fits the eligible buckets' win-back share with a non-increasing isotonic regression and turns
   * it back into uplift: uplift = win-back share x (1 - control response rate).
   */
  static List<UpliftBucket> smooth(SparkSession spark, List<UpliftBucket> list,
      CampaignUpliftSpec spec) {
    List<Row> points = new ArrayList<>();
    for (UpliftBucket b : list) {
      if (b.eligible() && b.controlRate() < 1) {
        double notReturning = 1 - b.controlRate();
        // The win-back share's variance is the uplift's over (1 - p_control)^2.
        points.add(RowFactory.create(middle(b), b.rawUplift() / notReturning,
            b.weight() * notReturning * notReturning));
      }
    }
    if (points.isEmpty()) {
      return List.copyOf(list);
    }
    StructType schema = new StructType().add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
    IsotonicRegressionModel model = new IsotonicRegression().setIsotonic(false)
        .setFeaturesCol("x").setLabelCol("y").setWeightCol("w")
        .fit(spark.createDataFrame(points, schema));
    List<UpliftBucket> out = new ArrayList<>(list.size());
    for (UpliftBucket b : list) {
      out.add(b.eligible() && b.controlRate() < 1
          ? b.withSmoothed(model.predict(middle(b)) * (1 - b.controlRate())) : b);
    }
    return List.copyOf(out);
  }

  private static double middle(UpliftBucket b) {
    return (b.from() + b.to()) / 2.0;
  }

  private static void add(Map<Key, TreeMap<Integer, double[]>> counts, Key key, int bucket,
      double[] v) {
    double[] c = counts.computeIfAbsent(key, k -> new TreeMap<>())
        .computeIfAbsent(bucket, k -> new double[5]);
    for (int i = 0; i < v.length; i++) {
      c[i] += v[i];
    }
  }

  private static void requireColumns(String what, Dataset<Row> df, String... names) {
    SchemaCheck.problems(what, df.schema(), SchemaCheck.Column.any(names)).ifPresent(m -> {
      throw new InputSchemaException(m);
    });
  }

  public CampaignUpliftSpec spec() {
    return spec;
  }

  /**
   * The bucket index of time t in buckets of {@code width}. The policy grid's t are multiples of
   * its step, computed in floating point: a t on a bucket edge belongs to the next bucket.
   */
  static int bucketOf(double t, double width) {
    return (int) Math.floor(t / width + 1e-9);
  }

  /** Every bucket, by unit, group, segment, action and bucket index. */
  public List<UpliftBucket> buckets() {
    List<UpliftBucket> all = new ArrayList<>();
    buckets.values().forEach(all::addAll);
    return Collections.unmodifiableList(all);
  }

  /** The pooled day buckets of a segment and action, by index; empty when there are none. */
  public List<UpliftBucket> buckets(String segment, String action) {
    return buckets(segment, action, TimingUnit.DAYS);
  }

  /** The pooled buckets in a unit of a segment and action, by index; empty when none. */
  public List<UpliftBucket> buckets(String segment, String action, TimingUnit unit) {
    return buckets(segment, action, unit, RewardPreferences.ALL_GROUPS);
  }

  /** The buckets of one preference group, unit, segment and action, by index. */
  public List<UpliftBucket> buckets(String segment, String action, TimingUnit unit,
      String group) {
    return buckets.getOrDefault(new Key(unit, group, segment, action), List.of());
  }

  /** {@link #over(UpliftModel, String, TimingUnit)} in days. */
  public UpliftModel over(UpliftModel prior, String segment) {
    return over(prior, segment, TimingUnit.DAYS);
  }

  /** {@link #over(UpliftModel, String, TimingUnit, String)} of all contacts. */
  public UpliftModel over(UpliftModel prior, String segment, TimingUnit unit) {
    return over(prior, segment, unit, RewardPreferences.ALL_GROUPS);
  }

  /**
   * The segment's uplift for a policy timed in {@code unit} and offered to a preference group:
   * the smoothed observed uplift of the group where t falls into an eligible bucket of the
   * group's, else that of all contacts where t falls into an eligible bucket, else {@code prior}.
   */
  public UpliftModel over(UpliftModel prior, String segment, TimingUnit unit, String group) {
    Objects.requireNonNull(prior, "prior uplift");
    double width = spec.bucketWidth(unit);
    return new UpliftModel() {
      @Override
      public double uplift(PolicyAction action, double t, double survival, double plateau) {
        UpliftBucket b = find(action, t);
        return b != null ? b.smoothedUplift() : prior.uplift(action, t, survival, plateau);
      }

      @Override
      public double naturalReturn(PolicyAction action, double t, double survival,
          double survivalAfterWindow) {
        UpliftBucket b = find(action, t);
        return b != null ? b.controlResponses() / (double) b.control()
            : prior.naturalReturn(action, t, survival, survivalAfterWindow);
      }

      @Override
      public String source(PolicyAction action, double t) {
        return find(action, t) != null ? CAMPAIGN_HISTORY : prior.source(action, t);
      }

      private UpliftBucket find(PolicyAction action, double t) {
        int index = bucketOf(t, width);
        for (String g : group.equals(RewardPreferences.ALL_GROUPS)
            ? List.of(group) : List.of(group, RewardPreferences.ALL_GROUPS)) {
          for (UpliftBucket b : buckets(segment, action.name(), unit, g)) {
            if (b.bucket() == index && b.eligible()) {
              return b;
            }
          }
        }
        return null;
      }
    };
  }
}
