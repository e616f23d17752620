package io.lapse.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.report.Charts.Bar;
import io.lapse.jobs.report.Charts.Series;
import io.lapse.jobs.report.Report.Chart;
import io.lapse.jobs.report.Report.Fact;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page and the notebook of a report, without Spark: what they show and refuse. */
class ReportRenderingTest {

  @TempDir
  Path dir;

  private static Chart drawn() {
    return Charts.lines("drawn", "a curve", "Curve", "t", "S",
        List.of(new Series("web", new double[] {0, 1, 2}, new double[] {1, 0.6, 0.4},
            new double[] {1, 0.5, 0.3}, new double[] {1, 0.7, 0.5})), List.of(), true);
  }

  /** What a chart whose data never reached its renderer looks like: axes, an empty g.data. */
  private static Chart emptyAxes() {
    Chart real = Charts.bars("empty", "bars", "Bars", "c", "v", List.of(new Bar("s", "a", 1)));
    String svg = real.svg().replaceAll("(?s)(<g class='data'>).*?(</g>)", "$1$2");
    assertFalse(svg.equals(real.svg()), "the fixture must remove the drawn bars");
    return new Chart("empty", "bars without data", svg);
  }

  private static Report report(Chart... charts) {
    return new Report("lapse report as of 2025-06-30",
        List.of(new Fact("as of", "2025-06-30"), new Fact("lake", "/lake <root>")),
        List.of(new Section("Scores & <tiers>", List.of(new Text("p < 0.5 & \"quoted\""),
            new Report.Table(List.of("segment", "customers"), List.of(List.of("web|x", "1,500"))),
            charts[0])),
            new Section("More", List.<Report.Block>of(charts).subList(1, charts.length))));
  }

  @Test
  void textIsEscapedNeverMarkup() {
    String page = HtmlReport.render(report(drawn()));
    assertTrue(page.contains("<h2>Scores &amp; &lt;tiers&gt;</h2>"), page);
    assertTrue(page.contains("<p>p &lt; 0.5 &amp; &quot;quoted&quot;</p>"));
    assertTrue(page.contains("<dd>/lake &lt;root&gt;</dd>"));
    assertTrue(page.contains("<td class=\"num\">1,500</td>"));
    assertFalse(page.contains("<?xml"), "an XML declaration inside the body");
    String notebook = NotebookReport.render(report(drawn()));
    assertTrue(notebook.contains("| web\\\\|x | 1,500 |"), notebook);
    assertTrue(notebook.contains("## Scores & \\\\<tiers\\\\>"), notebook);
  }

  @Test
  void malformedPartsAreRefusedNamingTheValue() {
    assertEquals("chart id must be lower-case letters, digits, '_' or '-' but was 'P(alive)'",
        assertThrows(IllegalArgumentException.class, () -> new Chart("P(alive)", "", "<svg/>"))
            .getMessage());
    assertEquals("table row [a] has 1 cells but the header [x, y] has 2",
        assertThrows(IllegalArgumentException.class, () -> new Report.Table(List.of("x", "y"),
            List.of(List.of("a")))).getMessage());
    assertEquals("chart 'none' has no data to draw", assertThrows(IllegalArgumentException.class,
        () -> Charts.bars("none", "", "", "", "", List.of())).getMessage());
    assertEquals("two charts of the report have the id 'drawn'",
        assertThrows(IllegalArgumentException.class, () -> report(drawn(), drawn()))
            .getMessage());
  }

  @Test
  void theNotebookIsValidNbformatWithOneImagePerChart() throws Exception {
    Path notebook = dir.resolve("report.ipynb");
    Files.writeString(notebook, NotebookReport.render(report(drawn(), emptyAxes())));
    assertEquals(List.of(), NotebookCheck.problems(notebook));
    assertEquals(2, NotebookCheck.imageCount(notebook));
  }

  @Test
  void thePageMarksTheChartThatDrawsNothingWhenABrowserRendersIt() throws Exception {
    Path html = dir.resolve("report.html");
    Files.writeString(html, HtmlReport.render(report(drawn(), emptyAxes())));
    HeadlessChromium.Rendering rendering = HeadlessChromium.render(html, null);
    assertEquals(List.of(), rendering.scriptErrors());
    Map<String, String> body = HeadlessChromium.bodyData(rendering.dom());
    assertEquals("2", body.get("charts"));
    assertEquals("chart-empty", body.get("emptyCharts"));
  }
}
