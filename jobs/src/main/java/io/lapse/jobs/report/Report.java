package io.lapse.jobs.report;

import java.util.List;
import java.util.Objects;

/**
 * What a run's report says, independent of how it is rendered: the HTML page and the notebook are
 * two renderings of one Report, so they cannot say different things.
 *
 * @param title the page's heading
 * @param facts what the report is of (run, as-of date, model run ids, ...), as label and value
 * @param sections the report's parts, in order
 */
public record Report(String title, List<Fact> facts, List<Section> sections) {

  public Report {
    Objects.requireNonNull(title, "title");
    facts = List.copyOf(facts);
    sections = List.copyOf(sections);
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Section section : sections) {
      for (Block block : section.blocks()) {
        if (block instanceof Chart chart && !ids.add(chart.id())) {
          throw new IllegalArgumentException("two charts of the report have the id '"
              + chart.id() + "'");
        }
      }
    }
  }

  /** One line of the report's header. */
  public record Fact(String label, String value) {}

  /** A heading and its blocks. */
  public record Section(String heading, List<Block> blocks) {
    public Section {
      blocks = List.copyOf(blocks);
    }
  }

  /** A paragraph, a table or a chart. */
  public sealed interface Block permits Text, Table, Chart {}

  /** Plain text: rendered escaped, never as markup. */
  public record Text(String text) implements Block {}

  /** A small table of values already formatted as text. */
  public record Table(List<String> header, List<List<String>> rows) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<String> row : rows) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException("table row " + row + " has " + row.size()
              + " cells but the header " + header + " has " + header.size());
        }
      }
    }
  }

  /**
   * A chart as a self-contained SVG document.
   *
   * @param id unique within the report, used as the HTML element id {@code chart-<id>}
   * @param caption what the chart shows and where its numbers come from
   * @param svg the SVG markup
   */
  public record Chart(String id, String caption, String svg) implements Block {
    public Chart {
      if (!id.matches("[a-z0-9_-]+")) {
        throw new IllegalArgumentException("chart id must be lower-case letters, digits, '_' or"
            + " '-' but was '" + id + "'");
      }
    }
  }
}
