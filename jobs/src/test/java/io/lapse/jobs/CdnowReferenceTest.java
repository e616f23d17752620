package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the public CDNOW sample reproduces the published BG/NBD and Pareto/NBD fits
 * (Fader, Hardie and Lee 2005) and Gamma-Gamma fit (Fader and Hardie 2013): the reference values
 * of data/cdnow/README.md, each within 0.5%.
 */
class CdnowReferenceTest {

  private static final LocalDate CALIBRATION_END = LocalDate.parse("1997-09-30");

  @Test
  void nightlyOnTheCdnowSampleReproducesThePublishedFit() {
    TestLake lake = new TestLake(Map.of(
        "lapse.input.transactions.format", "cdnow-sample",
        "lapse.input.transactions.path",
        TestSpark.cdnowDir().resolve("CDNOW_sample.txt").toString(),
        "lapse.score.horizon-days", 273,
        // The published fit is BG/NBD's: the engagement view and what builds on it are left out.
        "lapse.engagement.transactions-event-type", "",
        // Off by default (see reference.conf); the published fit is one of this test's references.
        "lapse.models.pareto-nbd.enabled", true));
    lake.nightly(CALIBRATION_END);

    Row run = lake.table(Table.INGEST_RUNS).first();
    assertEquals(6919L, (long) run.getAs("rows_read"));
    assertEquals(6919L, (long) run.getAs("rows_accepted") + (long) run.getAs("rows_deferred"));
    assertEquals(0L, (long) run.getAs("rows_quarantined"));

    Row model = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'bgnbd' AND segment = 'ALL'").first();
    Map<String, Double> p = scala.jdk.javaapi.CollectionConverters.asJava(
        model.<scala.collection.Map<String, Double>>getAs("params"));
    assertWithin(0.243, p.get("r"), "r");
    assertWithin(4.414, p.get("alpha"), "alpha");
    assertWithin(0.793, p.get("a"), "a");
    assertWithin(2.426, p.get("b"), "b");
    assertWithin(-9582.4, model.getAs("log_likelihood"), "log-likelihood");
    assertEquals(2357L, (long) model.getAs("customers"));
    assertTrue((boolean) model.getAs("converged"));

    // Pareto/NBD beside it on the same statistics: the published fit of the same paper.
    Row pareto = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'pareto_nbd' AND segment = 'ALL'").first();
    Map<String, Double> q = scala.jdk.javaapi.CollectionConverters.asJava(
        pareto.<scala.collection.Map<String, Double>>getAs("params"));
    assertWithin(0.553, q.get("r"), "Pareto/NBD r");
    assertWithin(10.578, q.get("alpha"), "Pareto/NBD alpha");
    assertWithin(0.606, q.get("s"), "Pareto/NBD s");
    assertWithin(11.669, q.get("beta"), "Pareto/NBD beta");
    assertWithin(-9595.0, pareto.getAs("log_likelihood"), "Pareto/NBD log-likelihood");
    assertEquals(2357L, (long) pareto.getAs("customers"));
    assertTrue((boolean) pareto.getAs("converged"));
    assertTrue(!(boolean) pareto.getAs("is_fallback"));

    // The README's reference customer (x = 2, t_x = 30.43, T = 38.86) is CDNOW sample customer
    // 00004; 39 weeks ahead it expects 1.226 transactions (with the published parameters).
    Row reference = lake.table(Table.SCORES).where("customer_id = '00004'").first();
    assertEquals(2, (int) lake.table(Table.FEATURES)
        .where("customer_id = '00004'").first().getAs("repeat_days"));
    assertWithin(1.226, reference.getAs("expected_transactions"), "E[X(39 weeks)] of 00004");

    // Gamma-Gamma on the 946 repeat customers (Fader & Hardie's note): p, q, gamma within 0.5%,
    // and the spend-frequency correlation lifetimes reports for the same customers, 0.1139.
    Row spend = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'gamma_gamma' AND segment = 'ALL'").first();
    Map<String, Double> g = scala.jdk.javaapi.CollectionConverters.asJava(
        spend.<scala.collection.Map<String, Double>>getAs("params"));
    assertWithin(6.25, g.get("p"), "p");
    assertWithin(3.74, g.get("q"), "q");
    assertWithin(15.44, g.get("gamma"), "gamma");
    assertEquals(0.1139, g.get("x_spend_correlation"), 1e-4);
    assertEquals(946L, (long) spend.getAs("observations"));
    assertEquals(2357L, (long) spend.getAs("customers"));
    assertTrue((boolean) spend.getAs("converged"));
    assertTrue(spend.isNullAt(spend.fieldIndex("fallback_reason")));
    // Customer 00004 (x = 2, repeat days of 29.73 and 14.96): E[M | x, m_x] is 24.6586 in
    // lifetimes' documentation; its CLV is positive and below E[X(365 days)] x E[M] (discounted).
    Row value = lake.table(Table.SCORES).where("customer_id = '00004'").first();
    assertEquals(24.6586, (double) value.getAs("expected_mean_spend"), 1e-3 * 24.6586);
    assertTrue((double) value.getAs("clv") > 0, "clv of 00004: " + value.getAs("clv"));

    // The return-time curve of ALL counts every spell between active days as an event and the
    // open spell of each customer (unless it starts on D) as censored.
    var activity = lake.table(Table.ACTIVITY_DAILY).where("activity_date <= DATE'1997-09-30'");
    long activeDays = activity.count();
    long onD = activity.where("activity_date = DATE'1997-09-30'").count();
    Row km = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'return_time_km' AND segment = 'ALL'")
        .selectExpr("aggregate(curve, 0L, (acc, p) -> acc + p.events) AS events",
            "aggregate(curve, 0L, (acc, p) -> acc + p.censored) AS censored",
            "curve[0].at_risk AS at_risk", "element_at(curve, -1).survival AS tail")
        .first();
    assertEquals(activeDays - 2357, (long) km.getAs("events"));
    assertEquals(2357 - onD, (long) km.getAs("censored"));
    assertEquals(activeDays - onD, (long) km.getAs("at_risk"));
    assertTrue((double) km.getAs("tail") > 0 && (double) km.getAs("tail") < 1);

    // Every customer is scored, with probabilities in range.
    var scores = lake.table(Table.SCORES);
    assertEquals(2357, scores.count());
    assertEquals(0, scores.where("p_alive < 0 OR p_alive > 1 OR prob_no_transaction < 0"
        + " OR prob_no_transaction > 1 OR expected_transactions < 0"
        + " OR model_version IS NULL").count());
    // Every customer has a value: the one-time buyers their segment's mean spend.
    assertEquals(0, scores.where("expected_mean_spend IS NULL OR NOT expected_mean_spend > 0"
        + " OR clv IS NULL OR isnan(clv) OR clv < 0").count());
  }

  private static void assertWithin(double published, double fitted, String name) {
    double relative = Math.abs(fitted - published) / Math.abs(published);
    assertTrue(relative <= 0.005, name + ": fitted " + fitted + " vs published " + published
        + " (relative difference " + relative + " > 0.5%)");
  }
}
