package io.lapse.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.input.InputSchemaException;
import io.lapse.models.km.KaplanMeier;
import io.lapse.models.km.KaplanMeierCurve;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulated campaign history: each contact is a customer whose last engaged day lies d days before
 * the contact, d uniform over 1..55 (buckets of 7 days). Control customers come back within the
 * response window with probability P0, treated ones with P0 + u(d), u(d) = 0.25 exp(-d / 30),
 * non-increasing as the smoothing assumes. Segment S1 has 1,000 contacts per group and bucket,
 * S2 only 30 (below the minimum of 200).
 */
class CampaignUpliftTest {

  static final double P0 = 0.10;
  static final int BUCKET = 7;
  static final int BUCKETS = 8;
  static final int WINDOW = 14;
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  static final LocalDate START = LocalDate.of(2025, 3, 1);

  static final StructType CONTACTS = new StructType()
      .add("customer_id", DataTypes.StringType).add("contact_ts", DataTypes.TimestampType)
      .add("action", DataTypes.StringType).add("group", DataTypes.StringType)
      .add("cost", DataTypes.DoubleType);
  static final StructType DAILY = new StructType()
      .add("customer_id", DataTypes.StringType).add("activity_date", DataTypes.DateType)
      .add("actions", DataTypes.LongType);
  static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType).add("segment", DataTypes.StringType);

  static CampaignUplift history;

  static double trueUplift(int d) {
    return 0.25 * Math.exp(-d / 30.0);
  }

  /** The expected raw uplift of a bucket: u averaged over its days (d uniform, from 1). */
  static double bucketMean(int b) {
    double sum = 0;
    int n = 0;
    for (int d = Math.max(1, b * BUCKET); d < (b + 1) * BUCKET; d++) {
      sum += trueUplift(d);
      n++;
    }
    return sum / n;
  }

  @BeforeAll
  static void simulate() {
    SplittableRandom rnd = new SplittableRandom(2025);
    List<Row> contacts = new ArrayList<>();
    List<Row> daily = new ArrayList<>();
    List<Row> segments = new ArrayList<>();
    int id = 0;
    for (Object[] seg : new Object[][] {{"S1", 1000}, {"S2", 30}}) {
      for (int b = 0; b < BUCKETS; b++) {
        for (String group : new String[] {"treated", "control"}) {
          for (int i = 0; i < (int) seg[1]; i++) {
            String customer = "c" + id++;
            LocalDate contact = START.plusDays(id % 40);
            int lo = Math.max(1, b * BUCKET);
            int d = lo + rnd.nextInt((b + 1) * BUCKET - lo);
            double p = group.equals("treated") ? P0 + trueUplift(d) : P0;
            contacts.add(RowFactory.create(customer,
                Timestamp.valueOf(contact.atTime(10, 0)), "email",
                // Case and spaces of the group are ignored.
                group.equals("treated") && i % 2 == 0 ? " Treated" : group, 0.1));
            daily.add(RowFactory.create(customer, Date.valueOf(contact.minusDays(d)), 1L));
            if (d > 1 && i % 10 == 0) {
              // A day with events but no engagement action is not an engaged day.
              daily.add(RowFactory.create(customer, Date.valueOf(contact.minusDays(d - 1)), 0L));
            }
            if (rnd.nextDouble() < p) {
              daily.add(RowFactory.create(customer,
                  Date.valueOf(contact.plusDays(rnd.nextInt(WINDOW))), 2L));
            } else if (i % 10 == 1) {
              // Back after the window: not a response.
              daily.add(RowFactory.create(customer, Date.valueOf(contact.plusDays(WINDOW)), 1L));
            }
            segments.add(RowFactory.create(customer, (String) seg[0]));
          }
        }
      }
    }
    // (Noise rows for every tenth customer only: the test's Spark time follows the row count.)
    // A contact whose window is still open on the as-of date, and one of a customer without an
    // engaged day before it: both left out.
    contacts.add(RowFactory.create("open", Timestamp.valueOf(AS_OF.minusDays(3).atStartOfDay()),
        "email", "treated", 0.1));
    daily.add(RowFactory.create("open", Date.valueOf(AS_OF.minusDays(10)), 1L));
    segments.add(RowFactory.create("open", "S1"));
    contacts.add(RowFactory.create("new", Timestamp.valueOf(START.atStartOfDay()), "email",
        "treated", 0.1));
    daily.add(RowFactory.create("new", Date.valueOf(START.plusDays(1)), 1L));
    segments.add(RowFactory.create("new", "S1"));
    // The same contact twice is one contact.
    contacts.add(contacts.get(0));

    var spark = TestSpark.session();
    history = CampaignUplift.estimate(spark.createDataFrame(contacts, CONTACTS),
        spark.createDataFrame(daily, DAILY), spark.createDataFrame(segments, SEGMENTS), AS_OF,
        new CampaignUpliftSpec(BUCKET, WINDOW, 200));
  }

  /**
   * Tolerance: the raw uplift of bucket b has standard error sqrt(p1 (1 - p1) / n_t + p0 (1 - p0)
   * / n_c) around the bucket's mean uplift m_b. Isotonic regression is monotone in its input,
   * commutes with adding a constant and leaves a monotone sequence unchanged, so if every raw
   * value is within eps of the monotone m, every smoothed value is within eps too. eps = 4 times
   * the largest standard error holds for all 8 buckets at once with probability > 99.9%
   * (Bonferroni).
   */
  @Test
  void smoothedUpliftMatchesTheSimulatedCurve() {
    List<UpliftBucket> s1 = history.buckets("S1", "email");
    assertEquals(BUCKETS, s1.size());
    double maxSe = 0;
    double maxError = 0;
    for (UpliftBucket b : s1) {
      assertEquals(1000, b.treated(), "open-window, no-history and duplicate contacts left out");
      assertEquals(1000, b.control());
      assertTrue(b.eligible());
      double m = bucketMean(b.bucket());
      double p1 = P0 + m;
      maxSe = Math.max(maxSe, Math.sqrt(p1 * (1 - p1) / b.treated() + P0 * (1 - P0) / b.control()));
      maxError = Math.max(maxError, Math.abs(b.smoothedUplift() - m));
      assertEquals(0.1, b.meanCost(), 1e-12);
    }
    for (int k = 1; k < s1.size(); k++) {
      assertTrue(winBack(s1.get(k)) <= winBack(s1.get(k - 1)) + 1e-12,
          "the win-back share is monotone");
    }
    double tolerance = 4 * maxSe;
    System.out.printf("campaign uplift: max |smoothed - true| %.4f, tolerance %.4f (4 x SE %.4f)%n",
        maxError, tolerance, maxSe);
    assertTrue(maxError <= tolerance, maxError + " > " + tolerance);
  }

  /**
   * Early in a spell most control customers come back anyway (0.6, then 0.3, then 0.1), so an
   * action that wins back a constant 30% of the others has uplift 0.12, 0.21, 0.27: rising. The
   * smoothing keeps that rise (forcing the uplift itself down would pool the three to one value
   * and hide the later, better point).
   */
  @Test
  void upliftRisingWhileControlsComeBackIsKept() {
    long n = 10_000;
    double[] control = {0.6, 0.3, 0.1};
    List<UpliftBucket> buckets = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      long c = Math.round(n * control[b]);
      long t = Math.round(n * (control[b] + 0.3 * (1 - control[b])));
      buckets.add(new UpliftBucket("S1", "email", b, 7 * b, 7 * b + 7, n, n, t, c, Double.NaN,
          (t - c) / (double) n, Double.NaN, true));
    }
    List<UpliftBucket> smoothed = CampaignUplift.smooth(TestSpark.session(), buckets,
        CampaignUpliftSpec.defaults());
    assertEquals(0.12, smoothed.get(0).smoothedUplift(), 1e-9);
    assertEquals(0.21, smoothed.get(1).smoothedUplift(), 1e-9);
    assertEquals(0.27, smoothed.get(2).smoothedUplift(), 1e-9);
  }

  static double winBack(UpliftBucket b) {
    return b.smoothedUplift() / (1 - b.controlRate());
  }

  /** Buckets below the minimum keep the prior; the policy records the source. */
  @Test
  void historyReplacesThePriorOnlyWhereThereIsEnoughData() {
    for (UpliftBucket b : history.buckets("S2", "email")) {
      assertEquals(30, b.treated());
      assertFalse(b.eligible());
      assertTrue(Double.isNaN(b.smoothedUplift()));
    }
    assertEquals(1030, history.buckets("ALL", "email").get(0).treated());

    KaplanMeierCurve km = KaplanMeier.estimate(new double[] {5, 20, 200},
        new long[] {50, 20, 0}, new long[] {0, 0, 30});
    PolicySpec spec = PolicySpec.defaults().withActions(List.of(new PolicyAction("email", 0.1,
        0.05)));
    UpliftModel prior = UpliftModel.prior(spec.reachability());
    PolicyAction email = spec.actions().get(0);
    UpliftModel s1 = history.over(prior, "S1");
    assertEquals(history.buckets("S1", "email").get(1).smoothedUplift(),
        s1.uplift(email, 10, 0.5, 0.3), 1e-15);
    assertEquals(UpliftModel.CAMPAIGN_HISTORY, s1.source(email, 10));
    assertEquals(prior.uplift(email, 100, 0.3, 0.3), s1.uplift(email, 100, 0.3, 0.3));
    assertEquals(UpliftModel.PRIOR, s1.source(email, 100));

    PolicyOptimizer optimizer = new PolicyOptimizer(spec);
    SegmentPolicy withHistory = optimizer.optimize("S1", km, 50, s1);
    SegmentPolicy s2 = optimizer.optimize("S2", km, 50, history.over(prior, "S2"));
    assertEquals(UpliftModel.CAMPAIGN_HISTORY, withHistory.upliftSource());
    assertEquals(UpliftModel.PRIOR, s2.upliftSource());
    // Observed uplift (0.2 near day 1) is far above the prior's 0.05 r: email pays at once.
    assertEquals(UpliftModel.CAMPAIGN_HISTORY, withHistory.ladder().get(0).upliftSource());
  }

  @Test
  void unknownGroupIsRejected() {
    var spark = TestSpark.session();
    Dataset<Row> contacts = spark.createDataFrame(List.of(RowFactory.create("x",
        Timestamp.valueOf(START.atStartOfDay()), "email", "holdout", 0.0)), CONTACTS);
    Dataset<Row> daily = spark.createDataFrame(List.of(RowFactory.create("x",
        Date.valueOf(START.minusDays(3)), 1L)), DAILY);
    Dataset<Row> segments = spark.createDataFrame(List.of(RowFactory.create("x", "S1")),
        SEGMENTS);
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> CampaignUplift.estimate(contacts, daily, segments, AS_OF,
            CampaignUpliftSpec.defaults()));
    assertEquals("campaign contacts group must be 'treated' or 'control' but 1 contacts had "
        + "another value, e.g. 'holdout'", e.getMessage());
  }
}
