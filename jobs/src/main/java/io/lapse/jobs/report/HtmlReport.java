package io.lapse.jobs.report;

import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Chart;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Table;
import io.lapse.jobs.report.Report.Text;

/**
 * Renders a {@link Report} as one self-contained HTML page: inline CSS and SVG, no external
 * scripts, fonts or network, so it can be mailed, archived or opened from object storage.
 */
public final class HtmlReport {

  /**
   * Marks each chart that draws nothing: a chart whose data failed to reach it would still show
   * its axes, and a reader (or the rendering test) should see that it is empty rather than trust
   * it. The charts group what their renderers draw in g.data ({@link Charts}); the body's
   * data-charts and data-empty-charts attributes carry the result.
   */
  private static final String CHART_CHECK = """
      window.addEventListener('load', function () {
        var figures = document.querySelectorAll('figure.chart');
        var empty = [];
        figures.forEach(function (figure) {
          var drawn = 0;
          figure.querySelectorAll('svg g.data *').forEach(function (shape) {
            var box = shape.getBoundingClientRect();
            if (shape.tagName !== 'g' && (box.width > 0 || box.height > 0)) {
              drawn++;
            }
          });
          if (drawn === 0) {
            figure.classList.add('empty');
            empty.push(figure.id);
          }
        });
        document.body.dataset.charts = String(figures.length);
        document.body.dataset.emptyCharts = empty.join(' ');
      });
      """;

  private static final String STYLE = """
      body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 2em auto; max-width: 1100px;
             color: #222; line-height: 1.4; }
      h1 { font-size: 1.6em; }
      h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; margin-top: 2em; }
      table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.85em; }
      th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left;
               vertical-align: top; }
      th { background: #f2f2f2; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      figure.chart { margin: 1em 0; }
      figure.chart.empty { outline: 3px solid #c00; }
      figcaption { font-size: 0.85em; color: #555; max-width: 900px; }
      dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
      dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; word-break: break-all; }
      """;

  private HtmlReport() {}

  public static String render(Report report) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(report.title())).append("</title>\n<style>").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(report.title())).append("</h1>\n");
    html.append("<dl class=\"facts\">\n");
    for (Report.Fact fact : report.facts()) {
      html.append("<dt>").append(escape(fact.label())).append("</dt><dd>")
          .append(escape(fact.value())).append("</dd>\n");
    }
    html.append("</dl>\n");
    for (Section section : report.sections()) {
      html.append("<section>\n<h2>").append(escape(section.heading())).append("</h2>\n");
      for (Block block : section.blocks()) {
        append(html, block);
      }
      html.append("</section>\n");
    }
    html.append("<script>").append(CHART_CHECK).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void append(StringBuilder html, Block block) {
    if (block instanceof Text text) {
      html.append("<p>").append(escape(text.text())).append("</p>\n");
    } else if (block instanceof Table table) {
      html.append("<table>\n<tr>");
      table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
      html.append("</tr>\n");
      for (var row : table.rows()) {
        html.append("<tr>");
        for (String cell : row) {
          html.append(isNumber(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell))
              .append("</td>");
        }
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    } else if (block instanceof Chart chart) {
      html.append("<figure class=\"chart\" id=\"chart-").append(chart.id()).append("\">\n")
          .append(svgElement(chart.svg())).append("\n<figcaption>")
          .append(escape(chart.caption())).append("</figcaption>\n</figure>\n");
    }
  }

  /** The svg element alone: an XML declaration is not allowed inside an HTML body. */
  static String svgElement(String svg) {
    int start = svg.indexOf("<svg");
    if (start < 0) {
      throw new IllegalArgumentException("not an SVG document: " + svg.substring(0,
          Math.min(80, svg.length())));
    }
    return svg.substring(start);
  }

  private static boolean isNumber(String cell) {
    return cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?(%|e[-+]?[0-9]+)?");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
