package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.config.GenerateSettings;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nightly pipeline on a small hand-made data set: reruns, leakage and incremental ingest. */
class PipelineTest {

  private static final LocalDate D = LocalDate.parse("2024-06-30");
  private static Path input;
  private static Path customers;
  /** The lake after the nightly of D, and its output tables as they were then. */
  private static TestLake lakeOfD;
  private static Map<Table, Dataset<Row>> tablesOfD;

  @BeforeAll
  static void writeInputAndRunTheNightlyOfD() throws IOException {
    // 400 customers simulated from BG/NBD (two channels), plus two records that must be
    // quarantined, purchases in July, after D, and a customer without a channel whose first
    // purchase is on D (T = 0: left out of the BG/NBD fits, scored with them).
    GenerateSettings settings = new GenerateSettings("unused", 400, 11L,
        LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"), LocalDate.parse("2024-07-31"),
        List.of(new GenerateSettings.Segment("web", 0.7, new BgNbdParams(0.5, 4, 0.8, 2.5), 6, 4, 15),
            new GenerateSettings.Segment("store", 0.3, new BgNbdParams(0.8, 5, 0.5, 3), 4, 4, 30)));
    GenerateJob.Result generated = GenerateJob.run(settings, TestSpark.tempDir("pipeline-input"));
    input = generated.transactions();
    customers = generated.customers();
    Files.write(input, List.of("K9999,not-a-date,3.00,O-bad1", "K9998,2024-02-01,-3.00,O-bad2",
            "NEWD," + D + " 12:00:00,25.00,O-newd"),
        java.nio.file.StandardOpenOption.APPEND);
    // One nightly of D serves every test that needs it: a nightly is most of a test's time.
    Map<String, Object> withReport = new java.util.HashMap<>(lakeConfig());
    withReport.put("lapse.report.enabled", true);
    lakeOfD = new TestLake(withReport);
    lakeOfD.nightly(D);
    tablesOfD = snapshot(lakeOfD);
  }

  private static TestLake lake() {
    return new TestLake(lakeConfig());
  }

  private static Map<String, Object> lakeConfig() {
    Map<String, Object> conf = new java.util.HashMap<>(TestLake.csvInput(input, customers));
    conf.put("lapse.segments.min-customers", 150);
    return conf;
  }

  /**
   * The nightly's last stage writes the report of D: every section, numbers as the tables hold
   * them, a notebook that is valid nbformat, and a page on which a browser draws every chart.
   */
  @Test
  void theNightlyEndsWithAReportWhoseChartsAllDrawAndWhoseNotebookIsValid() throws Exception {
    Path folder = Path.of(lakeOfD.config.report.folder(), D.toString());
    Path html = folder.resolve("lapse-report-" + D + ".html");
    Path notebook = folder.resolve("lapse-report-" + D + ".ipynb");
    String page = Files.readString(html);
    for (String heading : List.of("Scores", "Return times", "Purchase model (BG/NBD)",
        "Onset models against their baselines", "What the models weigh",
        "Re-engagement policy", "Measured uplift", "Run over run", "Data quality",
        "Configuration")) {
      assertTrue(page.contains("<h2>" + heading + "</h2>"), "no section " + heading);
    }
    // The numbers are the tables': the BG/NBD r of each fitted segment, the quarantine counts.
    for (Row fit : tablesOfD.get(Table.SEGMENT_MODELS).where("model = 'bgnbd'").collectAsList()) {
      double r = ((Number) fit.<scala.collection.Map<String, Object>>getAs("params").apply("r"))
          .doubleValue();
      assertTrue(page.contains("<td>" + fit.getAs("segment") + "</td><td>"), "segment row");
      assertTrue(page.contains("<td class=\"num\">" + io.lapse.jobs.report.Cells.format(r)
          + "</td>"), "BG/NBD r " + r + " of " + fit);
    }
    assertTrue(page.contains("<td>transactions: negative_amount</td><td class=\"num\">1</td>"),
        "the quarantined record with a negative amount");
    assertTrue(page.contains("<dt>written by</dt><dd>nightly-" + D + "-"), "the run is named");
    assertTrue(page.contains("<td>lapse.segments.min-customers</td><td>150 ("),
        "the settings that differ from reference.conf");
    long charts = page.split("<figure class=\"chart\"", -1).length - 1L;
    assertTrue(charts >= 10, charts + " charts");

    assertEquals(List.of(), io.lapse.jobs.report.NotebookCheck.problems(notebook));
    assertEquals(charts, io.lapse.jobs.report.NotebookCheck.imageCount(notebook));

    io.lapse.jobs.report.HeadlessChromium.Rendering rendering =
        io.lapse.jobs.report.HeadlessChromium.render(html, folder.resolve("screenshot.png"));
    assertEquals(List.of(), rendering.scriptErrors());
    Map<String, String> body = io.lapse.jobs.report.HeadlessChromium.bodyData(rendering.dom());
    assertEquals(Long.toString(charts), body.get("charts"));
    assertEquals("", body.get("emptyCharts"), "charts that draw nothing");
    assertTrue(javax.imageio.ImageIO.read(rendering.screenshot().toFile()).getHeight() > 0);
  }

  private static final List<Table> OUTPUTS = List.of(Table.RAW_TRANSACTIONS, Table.QUARANTINE,
      Table.INGEST_RUNS, Table.DATA_QUALITY, Table.ACTIVITY_DAILY, Table.ENGAGEMENT_DAILY,
      Table.FEATURES, Table.TRAINING_EXAMPLES, Table.SEGMENT_MODELS, Table.SCORES);

  @Test
  void rerunOfTheSameDateLeavesIdenticalTablesAndSoDoesARunIntoAnEmptyLake() throws IOException {
    TestLake lake = lakeOfD;
    Map<Table, Dataset<Row>> first = tablesOfD;
    lake.nightly(D);
    for (Table table : OUTPUTS) {
      assertTrue(TestLake.sameRows(first.get(table), lake.table(table)),
          "rerun changed " + table);
    }
    // The store segment (120 customers) is below min-customers and falls back to ALL.
    Row store = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'bgnbd' AND segment = 'store'").first();
    assertEquals("ALL", store.getAs("fitted_segment"));
    assertTrue((boolean) store.getAs("is_fallback"));
    assertEquals("min_customers: " + (long) store.getAs("customers")
        + " customers < min-customers 150",
        (String) store.getAs("fallback_reason"));
    // NEWD's segment UNKNOWN has no customer seen before D: a fallback row, none fitted.
    Row unknown = lake.table(Table.SEGMENT_MODELS)
        .where("model = 'bgnbd' AND segment = 'UNKNOWN'").first();
    assertEquals("min_customers: 0 customers < min-customers 150",
        (String) unknown.getAs("fallback_reason"));
    Row newcomer = lake.table(Table.SCORES).where("customer_id = 'NEWD'").first();
    assertEquals(1.0, (double) newcomer.getAs("p_alive"));
    assertEquals("ALL", (String) newcomer.getAs("model_segment"));
    double expected = newcomer.getAs("expected_transactions");
    assertTrue(expected > 0 && expected < 10, "NEWD expects " + expected);
    Row web = lake.table(Table.SEGMENT_MODELS).where("model = 'bgnbd' AND segment = 'web'")
        .first();
    assertEquals("web", web.getAs("fitted_segment"));
    assertEquals(null, (String) web.getAs("fallback_reason"));

    TestLake.deleteRecursively(lake.root);
    lake.nightly(D);
    for (Table table : OUTPUTS) {
      assertTrue(TestLake.sameRows(first.get(table), lake.table(table)),
          "rerun into an empty lake changed " + table);
    }
    var run = lake.table(Table.INGEST_RUNS).first();
    long read = run.getAs("rows_read");
    assertEquals(read, (long) run.getAs("rows_accepted") + (long) run.getAs("rows_quarantined")
        + (long) run.getAs("rows_already_ingested") + (long) run.getAs("rows_deferred"));
    assertEquals(2L, (long) run.getAs("rows_quarantined"));
    assertTrue((long) run.getAs("rows_deferred") > 0, "July rows come after D");
  }

  private static Map<Table, Dataset<Row>> snapshot(TestLake lake) {
    Map<Table, Dataset<Row>> rows = new java.util.EnumMap<>(Table.class);
    for (Table table : OUTPUTS) {
      rows.put(table, TestSpark.session().createDataFrame(
          lake.table(table).collectAsList(), lake.table(table).schema()));
    }
    return rows;
  }

  @Test
  void transactionsAfterTheAsOfDateChangeNoFeatureOrScore() throws IOException {
    // Same input plus heavy activity after D, including a brand-new customer.
    Path more = TestSpark.tempDir("leak").resolve("transactions.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    for (int k = 0; k < 50; k++) {
      lines.add("C000001,2024-07-" + String.format("%02d", 1 + k % 28) + " 09:00:00,99.00,X" + k);
      lines.add("NEW1,2024-07-02 10:00:00,10.00,Y" + k);
    }
    Files.write(more, lines);
    Map<String, Object> conf = new java.util.HashMap<>(TestLake.csvInput(more, customers));
    conf.put("lapse.segments.min-customers", 150);
    TestLake extended = new TestLake(conf);
    extended.nightly(D);
    for (Table table : List.of(Table.FEATURES, Table.TRAINING_EXAMPLES, Table.SCORES,
        Table.SEGMENT_MODELS)) {
      assertTrue(TestLake.sameRows(tablesOfD.get(table), extended.table(table)),
          "data after D leaked into " + table);
    }
  }

  @Test
  void incrementalIngestTakesOnlyNewDaysAndEndsWhereAOneShotRunEnds() {
    TestLake stepwise = lake();
    LocalDate d1 = LocalDate.parse("2024-04-30");
    stepwise.run("ingest", d1);
    stepwise.run("ingest", D);
    Row second = stepwise.ingestRun(D);
    assertEquals(java.sql.Date.valueOf(d1.plusDays(1)), second.getAs("window_start"));
    assertTrue((long) second.getAs("rows_already_ingested") > 0,
        "rows of days up to " + d1 + " are not ingested again");

    TestLake oneShot = lake();
    oneShot.run("ingest", D);
    for (Table table : List.of(Table.ACTIVITY_DAILY, Table.ENGAGEMENT_DAILY,
        Table.RAW_TRANSACTIONS)) {
      assertTrue(TestLake.sameRows(stepwise.table(table), oneShot.table(table)), table.name());
    }

    // An explicit re-ingest of days already ingested replaces them; nothing is duplicated.
    stepwise.run("ingest", D, LocalDate.parse("2024-03-01"));
    assertEquals(java.sql.Date.valueOf("2024-03-01"), stepwise.ingestRun(D).getAs("window_start"));
    for (Table table : List.of(Table.ACTIVITY_DAILY, Table.ENGAGEMENT_DAILY,
        Table.RAW_TRANSACTIONS)) {
      assertTrue(TestLake.sameRows(stepwise.table(table), oneShot.table(table)), table.name());
    }
  }
}
