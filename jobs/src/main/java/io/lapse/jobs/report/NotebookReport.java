package io.lapse.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Chart;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Table;
import io.lapse.jobs.report.Report.Text;
import java.util.List;

/**
 * Renders a {@link Report} as a Jupyter notebook (nbformat 4.5): the text and tables as markdown
 * cells, each chart as the SVG output of a code cell, so that Jupyter, VS Code and GitHub show
 * the charts without running anything.
 */
public final class NotebookReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private NotebookReport() {}

  public static String render(Report report) {
    ObjectNode notebook = JSON.createObjectNode();
    ArrayNode cells = notebook.putArray("cells");
    StringBuilder header = new StringBuilder("# ").append(markdown(report.title())).append("\n\n");
    report.facts().forEach(f -> header.append("- **").append(markdown(f.label())).append("**: ")
        .append(markdown(f.value())).append('\n'));
    markdownCell(cells, header.toString());
    for (Section section : report.sections()) {
      StringBuilder text = new StringBuilder("## ").append(markdown(section.heading()))
          .append('\n');
      for (Block block : section.blocks()) {
        if (block instanceof Text t) {
          text.append('\n').append(markdown(t.text())).append('\n');
        } else if (block instanceof Table t) {
          text.append('\n').append(markdownTable(t));
        } else if (block instanceof Chart chart) {
          markdownCell(cells, text.toString());
          text.setLength(0);
          chartCell(cells, chart);
        }
      }
      if (!text.isEmpty()) {
        markdownCell(cells, text.toString());
      }
    }
    ObjectNode metadata = notebook.putObject("metadata");
    ObjectNode kernel = metadata.putObject("kernelspec");
    kernel.put("name", "python3");
    kernel.put("display_name", "Python 3");
    kernel.put("language", "python");
    metadata.putObject("language_info").put("name", "python");
    notebook.put("nbformat", 4);
    notebook.put("nbformat_minor", 5);
    try {
      return JSON.writeValueAsString(notebook) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the notebook of '" + report.title() + "'", e);
    }
  }

  private static void markdownCell(ArrayNode cells, String source) {
    ObjectNode cell = cells.addObject();
    cell.put("cell_type", "markdown");
    cell.put("id", "cell-" + cells.size());
    cell.putObject("metadata");
    cell.put("source", source);
  }

  /**
   * A chart is an output, and nbformat allows outputs in code cells only: the cell's source says
   * what drew it, and running it does nothing.
   */
  private static void chartCell(ArrayNode cells, Chart chart) {
    ObjectNode cell = cells.addObject();
    cell.put("cell_type", "code");
    cell.put("id", "cell-" + cells.size());
    cell.putNull("execution_count");
    cell.putObject("metadata");
    cell.put("source", "# chart " + chart.id() + ", drawn by `lapse report` from the run's"
        + " Delta tables");
    ObjectNode output = cell.putArray("outputs").addObject();
    output.put("output_type", "display_data");
    ObjectNode data = output.putObject("data");
    data.put("image/svg+xml", HtmlReport.svgElement(chart.svg()));
    data.put("text/plain", chart.caption());
    output.putObject("metadata");
    markdownCell(cells, "*" + markdown(chart.caption()) + "*\n");
  }

  private static String markdownTable(Table table) {
    StringBuilder md = new StringBuilder();
    row(md, table.header());
    row(md, table.header().stream().map(h -> "---").toList());
    table.rows().forEach(r -> row(md, r));
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(markdown(c).replace("|", "\\|")).append(" |"));
    md.append('\n');
  }

  /** Text as markdown that shows it literally: no accidental emphasis, links or HTML. */
  static String markdown(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]<>#])", "\\\\$1");
  }
}
