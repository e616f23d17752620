package io.lapse.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.config.LakeLayout;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Chart;
import io.lapse.jobs.report.Report.Section;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sections a small nightly leaves empty (no holdout snapshot, no campaign history yet), on
 * hand-written tables: measured uplift and the evaluation against the baselines.
 */
class ReportSectionsTest {

  private static final LocalDate D = LocalDate.parse("2025-06-30");
  private static LakeLayout lake;

  @BeforeAll
  static void writeTables() {
    SparkSession spark = TestSpark.session();
    lake = new LakeLayout(TestSpark.tempDir("report-lake").toString());
    spark.sql("SELECT DATE'2025-06-30' AS as_of_date, * FROM VALUES"
            + " ('web', 'email', 'days', 'default', 0, 1.0, 7.0, 400, 100, 0.30, 0.20, 0.10,"
            + "  0.04, 0.16),"
            + " ('web', 'email', 'days', 'default', 1, 7.0, 14.0, 300, 80, 0.25, 0.20, 0.05,"
            + "  -0.02, 0.12),"
            // No control response yet: no interval, not drawn, still listed.
            + " ('web', 'email', 'days', 'default', 2, 14.0, 28.0, 20, 0, 0.10, NULL, NULL,"
            + "  NULL, NULL),"
            + " ('store', 'coupon', 'latency', 'default', 0, 0.0, 1.0, 50, 20, 0.5, 0.3, 0.2,"
            + "  0.01, 0.38)"
            + " AS t(segment, action, unit, preference_group, bucket, bucket_from, bucket_to,"
            + " treated, control, treated_response_rate, control_response_rate, uplift,"
            + " uplift_low, uplift_high)")
        .write().format("delta").save(lake.path(Table.REENGAGEMENT_UPLIFT));
    StringBuilder evaluation = new StringBuilder();
    for (String model : List.of("classifier", "recency_days")) {
      for (String segment : List.of("ALL_SEGMENTS", "web")) {
        double auc = model.equals("classifier") ? 0.81 : 0.77;
        String role = model.equals("classifier") ? "model" : "baseline";
        evaluation.append(String.format(java.util.Locale.ROOT,
            "('%s','%s','%s','roc_auc',%s),('%s','%s','%s','top_lift',%s),",
            segment, model, role, auc, segment, model, role, 1.4));
        for (int bin = 0; bin < 3; bin++) {
          evaluation.append(String.format(java.util.Locale.ROOT,
              "('%s','%s','%s','calibration_bin_%02d_mean_predicted',%s),"
                  + "('%s','%s','%s','calibration_bin_%02d_observed_rate',%s),",
              segment, model, role, bin, 0.2 + 0.3 * bin, segment, model, role, bin,
              0.25 + 0.3 * bin));
        }
      }
    }
    evaluation.setLength(evaluation.length() - 1);
    spark.sql("SELECT DATE'2025-06-30' AS as_of_date, DATE'2025-05-31' AS holdout_date, * FROM"
            + " VALUES " + evaluation + " AS t(segment, model, role, metric, value)")
        .write().format("delta").save(lake.path(Table.MODEL_EVALUATION));
  }

  private static Report report() {
    return new RunReport(new ReportTables(new DeltaTables(TestSpark.session()), lake, D), 12)
        .build(List.of(), Map.of());
  }

  private static Section section(Report report, String heading) {
    return report.sections().stream().filter(s -> s.heading().equals(heading)).findFirst()
        .orElseThrow(() -> new AssertionError("no section " + heading));
  }

  private static List<String> chartIds(Section section) {
    return section.blocks().stream().filter(b -> b instanceof Chart)
        .map(b -> ((Chart) b).id()).toList();
  }

  @Test
  void upliftAndEvaluationAreDrawnFromTheirTablesAndEveryChartDrawsInABrowser()
      throws Exception {
    Report report = report();
    Section uplift = section(report, "Measured uplift");
    assertEquals(List.of("uplift-store-latency", "uplift-web-days"), chartIds(uplift));
    Report.Table rows = (Report.Table) uplift.blocks().get(uplift.blocks().size() - 1);
    assertEquals(4, rows.rows().size());
    assertEquals(List.of("web", "days", "email", "1 to 7", "400", "100", "30.0%", "20.0%",
        "0.1000", "0.04000 to 0.1600"), rows.rows().get(1));
    String webChart = ((Chart) uplift.blocks().get(2)).svg();
    assertTrue(webChart.contains("<g class='data'>"), webChart);

    Section evaluation = section(report, "Onset models against their baselines");
    assertEquals(List.of("roc-auc", "top-lift", "calibration"), chartIds(evaluation));
    Report.Table metrics = (Report.Table) evaluation.blocks().get(1);
    assertEquals(List.of("ALL_SEGMENTS", "classifier", "model", "0.8100", "", "", "1.400", "",
        "", ""), metrics.rows().get(0));

    Path html = TestSpark.tempDir("report-sections").resolve("report.html");
    Files.writeString(html, HtmlReport.render(report));
    HeadlessChromium.Rendering rendering = HeadlessChromium.render(html, null);
    assertEquals(List.of(), rendering.scriptErrors());
    Map<String, String> body = HeadlessChromium.bodyData(rendering.dom());
    assertEquals(List.of("roc-auc-over-runs"), chartIds(section(report, "Run over run")));
    assertEquals("6", body.get("charts"));
    assertEquals("", body.get("emptyCharts"));
  }

  @Test
  void sectionsOfTablesTheRunDidNotWriteSaySoInsteadOfFailing() {
    Report report = report();
    List<Block> scores = section(report, "Scores").blocks();
    assertEquals(List.of(new Report.Text("No scores of 2025-06-30.")), scores);
    assertEquals(List.of(new Report.Text("No segment policies of 2025-06-30 (the policy stage is"
        + " off or did not run).")), section(report, "Re-engagement policy").blocks());
  }
}
