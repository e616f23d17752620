package io.lapse.benchmarks.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A GitHub-flavoured markdown table, built row by row. */
final class MarkdownTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells but the table has "
          + header.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(format(c));
    }
    rows.add(r);
    return this;
  }

  static String format(Object c) {
    if (c instanceof Double d) {
      return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.4f", d);
    }
    return String.valueOf(c);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> s.append("---|"));
    s.append('\n');
    for (List<String> r : rows) {
      s.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return s.toString();
  }
}
