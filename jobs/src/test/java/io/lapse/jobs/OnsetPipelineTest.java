package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.lake.Table;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The onset models through the jobs, on a simulated clickstream whose users stop engaging after a
 * known lifetime: registry, evaluation, champion/challenger, fallback and scores.
 */
class OnsetPipelineTest {

  private static final LocalDate D = LocalDate.parse("2024-10-31");
  private static ClickstreamFixture input;
  private static TestLake lake;

  @BeforeAll
  static void nightly() {
    input = new ClickstreamFixture("onset-input", 300);
    lake = new TestLake(config());
    lake.nightly(D);
  }

  private static Map<String, Object> config() {
    Map<String, Object> conf = input.config(input.events);
    // Segments by channel: the buyers are "web", the clickstream users are not in the customers
    // table ("UNKNOWN"); web has too few examples for a model of its own.
    conf.put("lapse.segments.source", "customer-column");
    conf.put("lapse.segments.customer-column", "channel");
    conf.put("lapse.segments.min-customers", 50);
    conf.put("lapse.models.onset.fallback.min-rows", 300);
    conf.put("lapse.models.onset.fallback.min-class-rows", 10);
    conf.put("lapse.models.onset.champion-tolerance", 0.0);
    // Dis-engaged after 3 personal latencies of silence (at least 14 days); the label is the
    // onset of that (the default no-engagement label is checked in the short-history test).
    conf.put("lapse.engagement.disengagement.threshold", "latency");
    conf.put("lapse.engagement.training.label", "onset");
    // Raw features: under this label onset within H is a threshold on recency / latency, which
    // the log1p transforms bend.
    conf.put("lapse.models.onset.transforms.log1p", List.of());
    conf.put("lapse.models.onset.transforms.logit", List.of());
    return conf;
  }

  private static Map<String, Row> runs(TestLake l, String task) {
    Map<String, Row> bySegment = new TreeMap<>();
    l.table(Table.MODEL_RUNS).where("task = '" + task + "'").collectAsList()
        .forEach(r -> bySegment.put(r.getAs("segment") + "/" + r.getAs("run_id"), r));
    return bySegment;
  }

  @Test
  void nightlyRegistersEvaluatesAndScoresWithTheChampions() {
    Dataset<Row> runs = lake.table(Table.MODEL_RUNS);
    Set<String> tasks = new TreeSet<>();
    runs.select("task").distinct().collectAsList().forEach(r -> tasks.add(r.getString(0)));
    assertEquals(Set.of("disengagement_classifier", "onset_survival"), tasks);
    // web has too few rows: it borrows the global model, which beats its baselines.
    Row web = runs.where("task = 'disengagement_classifier' AND segment = 'web'").first();
    assertEquals("ALL", web.getAs("fitted_segment"));
    assertTrue((boolean) web.getAs("is_fallback"));
    assertTrue(((String) web.getAs("reason")).contains("fallback: segment 'web'"),
        (String) web.getAs("reason"));
    assertEquals("champion", web.getAs("status"), (String) web.getAs("reason"));
    // The clickstream users stop at a hidden lifetime, so their recency alone ranks the onset
    // best (validation ROC AUC 0.8503; their own classifier 0.8331): lapse rejects that
    // classifier, and scores the segment with recency made a probability on those rows.
    Row unknown = runs.where("task = 'disengagement_classifier' AND segment = 'UNKNOWN'").first();
    assertEquals("rejected", unknown.getAs("status"));
    assertTrue(((String) unknown.getAs("reason")).contains("does not beat baseline recency_days"),
        (String) unknown.getAs("reason"));
    Map<String, Double> unknownMetrics = unknown.getJavaMap(unknown.fieldIndex("metrics"));
    assertEquals("recency_days", bestServableBaseline(unknownMetrics));
    assertTrue(unknownMetrics.get("baseline_recency_days_calibration_slope") > 0,
        unknownMetrics.toString());

    // The backtest's numbers, next to the baselines on the same holdout rows.
    Dataset<Row> evaluation = lake.table(Table.MODEL_EVALUATION)
        .where("segment = 'ALL_SEGMENTS'");
    double classifierAuc = metric(evaluation, "classifier", "roc_auc");
    double recencyAuc = metric(evaluation, "recency_days", "roc_auc");
    double weibullC = metric(evaluation, "weibull_aft", "c_index");
    System.out.printf("holdout: classifier roc_auc %.4f, recency rule %.4f, weibull C %.4f%n",
        classifierAuc, recencyAuc, weibullC);
    assertTrue(classifierAuc > recencyAuc, classifierAuc + " vs recency " + recencyAuc);
    assertTrue(weibullC > 0.65, "Weibull AFT concordance " + weibullC);

    Dataset<Row> scores = lake.table(Table.SCORES);
    String champion = web.getAs("run_id");
    assertEquals(0L, scores.where("lifecycle_stage NOT IN ('lapsed', 'reach')"
        + " AND segment = 'web' AND (classifier_run_id <> '" + champion + "'"
        + " OR p_disengage < 0 OR p_disengage > 1 OR expected_days_to_onset <= 0"
        + " OR risk_tier NOT IN ('low', 'medium', 'high'))").count());
    Dataset<Row> unknownScores = scores.where("lifecycle_stage NOT IN ('lapsed', 'reach')"
        + " AND segment = 'UNKNOWN'");
    assertEquals(0L, unknownScores.where("classifier_run_id <> 'baseline:recency_days'"
        + " OR p_disengage <= 0 OR p_disengage >= 1").count());
    // A higher recency, a higher probability: the calibration keeps recency's ranking.
    assertEquals(0L, unknownScores.as("a").crossJoin(unknownScores.as("b"))
        .where("a.engagement_recency_days > b.engagement_recency_days"
            + " AND a.p_disengage <= b.p_disengage").count());
    assertEquals(0L, scores.where("lifecycle_stage = 'lapsed'"
        + " AND (p_disengage <> 1.0 OR risk_tier <> 'lapsed')").count());
    assertTrue(scores.where("lifecycle_stage = 'reach' AND risk_tier = 'not_engaged'"
        + " AND p_disengage IS NULL").count() > 0);

    retrainingOnTheSameInputsGivesTheSameRunsAndAWorseModelStaysChallenger();
  }

  /** After the checks of the nightly (one test: the steps build on each other). */
  private static void retrainingOnTheSameInputsGivesTheSameRunsAndAWorseModelStaysChallenger() {
    Map<String, Row> before = runs(lake, "disengagement_classifier");
    lake.run("train", D);
    assertEquals(before.keySet(), runs(lake, "disengagement_classifier").keySet(),
        "the same inputs give the same run ids");

    // A model on one weak feature, retrained for web only.
    Map<String, Object> weak = config();
    weak.put("lapse.models.onset.features", List.of("order_3_total"));
    TestLake weakLake = new TestLake(weak, lake.root);
    String champion = lake.table(Table.MODEL_RUNS).where("task = 'disengagement_classifier'"
        + " AND segment = 'web'").first().getAs("run_id");
    long unknownRows = lake.table(Table.MODEL_RUNS).where("segment = 'UNKNOWN'").count();
    weakLake.train(D, Set.of("web"));
    Row challenger = weakLake.table(Table.MODEL_RUNS).where("task = 'disengagement_classifier'"
        + " AND segment = 'web' AND run_id <> '" + champion + "'").first();
    assertNotEquals("champion", challenger.getAs("status"), (String) challenger.getAs("reason"));
    assertEquals(unknownRows, weakLake.table(Table.MODEL_RUNS).where("segment = 'UNKNOWN'")
        .count(), "train --segments web leaves UNKNOWN's runs alone");
    weakLake.run("score", D);
    assertEquals(0L, weakLake.table(Table.SCORES).where("segment = 'web'"
        + " AND lifecycle_stage NOT IN ('lapsed', 'reach')"
        + " AND classifier_run_id <> '" + champion + "'").count(),
        "scores keep using the champion");
  }

  @Test
  void shortHistoryTrainsOnTheSnapshotsThatFitAndScoresEveryEngagedCustomer() {
    // Data from 2024-01-01, D = 2024-05-31, H = 30: validation on 05-01, training on the 28-day
    // grid from 03-14 (the last grid day on or before 04-01) back; 2023-12-21 and 2023-11-23 are
    // before the data, so 4 of the 6 snapshots fit.
    LocalDate d = LocalDate.parse("2024-05-31");
    Map<String, Object> conf = input.config(input.events);
    conf.put("lapse.models.onset.fallback.min-rows", 300);
    conf.put("lapse.models.onset.fallback.min-class-rows", 10);
    TestLake young = new TestLake(conf);
    List<String> warnings;
    List<String> runIds;
    try (LogCapture log = LogCapture.of("io.lapse.jobs.FeaturesJob")) {
      young.run("ingest", d);
      young.run("features", d);
      warnings = log.messages();
      runIds = log.runIds();
    }
    assertEquals(1, runIds.size());
    assertTrue(runIds.get(0).matches("features-2024-05-31-\\d{8}T\\d{6}"), runIds.toString());
    assertEquals(List.of("training examples at 4 snapshots, fewer than"
        + " lapse.engagement.training.snapshot-count 6: the data starts 2024-01-01 (training"
        + " [2024-01-18, 2024-02-15, 2024-03-14], validation [2024-05-01])"), warnings);
    Dataset<Row> examples = young.table(Table.TRAINING_EXAMPLES);
    assertEquals(4L, examples.select("as_of_date").distinct().count());
    // Lapsed customers are examples under the default no-engagement label.
    assertTrue(examples.where("lifecycle_stage = 'lapsed'").count() > 0);

    // Models on one weak feature lose to their baselines and there is no champion yet: every
    // engaged customer is scored by the best probability baseline, calibrated.
    Map<String, Object> weakConf = new TreeMap<>(conf);
    weakConf.put("lapse.models.onset.features", List.of("order_3_total"));
    weakConf.put("lapse.models.onset.transforms.log1p", List.of());
    weakConf.put("lapse.models.onset.transforms.logit", List.of());
    TestLake weak = new TestLake(weakConf, young.root);
    weak.run("train", d);
    weak.run("score", d);
    Row rejected = weak.table(Table.MODEL_RUNS)
        .where("task = 'disengagement_classifier' AND segment = 'ALL'").first();
    assertEquals("rejected", rejected.getAs("status"), (String) rejected.getAs("reason"));
    Map<String, Double> metrics = rejected.getJavaMap(rejected.fieldIndex("metrics"));
    String best = bestServableBaseline(metrics);
    Dataset<Row> byBaseline = weak.table(Table.SCORES)
        .where("engagement_recency_days IS NOT NULL");
    assertEquals(0L, byBaseline.where("p_disengage IS NULL OR p_disengage <= 0"
        + " OR p_disengage >= 1 OR classifier_run_id <> 'baseline:" + best + "'").count(),
        "scored by baseline:" + best + " (" + metrics + ")");

    young.run("train", d);
    young.run("score", d);
    Row champion = young.table(Table.MODEL_RUNS)
        .where("task = 'disengagement_classifier' AND status = 'champion'").first();
    Dataset<Row> engaged = young.table(Table.SCORES)
        .where("engagement_recency_days IS NOT NULL");
    // Every engaged customer, lapsed or not, has a model's probability of no engagement in H.
    assertEquals(0L, engaged.where("p_disengage IS NULL OR p_disengage <= 0 OR p_disengage >= 1"
        + " OR classifier_run_id NOT LIKE 'run-%' OR disengage_label <> 'no-engagement'").count());
    assertTrue(engaged.where("lifecycle_stage = 'lapsed'").count() > 0);
    long distinct = engaged.select("p_disengage").distinct().count();
    assertTrue(distinct > 0.9 * engaged.count(), distinct + " distinct of " + engaged.count());
    assertTrue(((String) champion.getAs("run_id")).startsWith("run-"));
  }

  /** The baseline with the best validation ROC AUC, BG/NBD's expected transactions aside. */
  private static String bestServableBaseline(Map<String, Double> metrics) {
    String best = "";
    for (String b : List.of("recency_days", "recency_over_latency", "bgnbd_prob_no_transaction",
        "kaplan_meier")) {
      Double v = metrics.get("baseline_" + b + "_roc_auc");
      if (v != null && (best.isEmpty() || v > metrics.get("baseline_" + best + "_roc_auc"))) {
        best = b;
      }
    }
    return best;
  }

  private static double metric(Dataset<Row> evaluation, String model, String metric) {
    return evaluation.where("model = '" + model + "' AND metric = '" + metric + "'")
        .first().getDouble(evaluation.schema().fieldIndex("value"));
  }
}
