package io.lapse.jobs.report;

import io.lapse.jobs.report.Report.Chart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryCrosshairState;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * The report's chart types, drawn by JFreeChart and written as SVG by JFreeSVG. Each plot wraps
 * what its renderer draws in {@code <g class="data">}, so that a chart whose data never reached
 * it can be told from one that drew something (the page's own check and the rendering test look
 * there).
 */
final class Charts {

  static final int WIDTH = 760;
  static final int HEIGHT = 360;

  private static final Paint[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};
  private static final int FEW_POINTS = 30;
  private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
  private static final Font TITLE = new Font("DejaVu Sans", Font.BOLD, 14);

  private Charts() {}

  /**
   * One line of an XY chart, with an optional band (low and high per point, e.g. a 95% interval).
   */
  record Series(String name, double[] x, double[] y, double[] low, double[] high,
      boolean reference) {
    Series {
      if (x.length != y.length || low != null && (low.length != x.length
          || high.length != x.length)) {
        throw new IllegalArgumentException("series '" + name + "' has " + x.length
            + " x values but " + y.length + " y values");
      }
    }

    Series(String name, double[] x, double[] y, double[] low, double[] high) {
      this(name, x, y, low, high, false);
    }

    static Series of(String name, double[] x, double[] y) {
      return new Series(name, x, y, null, null, false);
    }

    /** A guide drawn dashed and grey, such as the diagonal of perfect calibration. */
    static Series reference(String name, double[] x, double[] y) {
      return new Series(name, x, y, null, null, true);
    }
  }

  /** A vertical marker at x, with an optional shaded interval around it. */
  record XMarker(double x, String label, Double low, Double high) {}

  /** A bar: its value for one category of one series. */
  record Bar(String series, String category, double value) {}

  /** Lines with their bands, e.g. survival curves, W(t), calibration or metrics over runs. */
  static Chart lines(String id, String caption, String title, String xLabel, String yLabel,
      List<Series> series, List<XMarker> markers, boolean unitYRange) {
    requireData(id, !series.isEmpty() && series.stream().anyMatch(s -> s.x().length > 0));
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (Series s : series) {
      YIntervalSeries line = new YIntervalSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        double low = s.low() == null ? s.y()[i] : s.low()[i];
        double high = s.high() == null ? s.y()[i] : s.high()[i];
        line.add(s.x()[i], s.y()[i], low, high);
      }
      data.addSeries(line);
    }
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Paint paint = s.reference() ? Color.GRAY : PALETTE[i % PALETTE.length];
      renderer.setSeriesPaint(i, paint);
      renderer.setSeriesFillPaint(i, paint);
      renderer.setSeriesStroke(i, s.reference() ? DASHED : new BasicStroke(1.6f));
      // A line needs two points: a series of a few runs shows its points as well.
      renderer.setSeriesShapesVisible(i, s.x().length <= FEW_POINTS);
    }
    renderer.setAlpha(0.18f);
    renderer.setDrawSeriesLineAsPath(true); // one path per line, not an element per segment
    NumberAxis y = new NumberAxis(yLabel);
    if (unitYRange) {
      y.setRange(0, 1.02);
    } else {
      y.setAutoRangeIncludesZero(false);
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    XYPlot plot = new DataGroupedXYPlot(data, x, y, renderer);
    for (XMarker m : markers) {
      if (m.low() != null && m.high() != null) {
        IntervalMarker band = new IntervalMarker(m.low(), m.high(), new Color(0, 0, 0, 24));
        plot.addDomainMarker(band);
      }
      ValueMarker line = new ValueMarker(m.x(), Color.DARK_GRAY, DASHED);
      line.setLabel(m.label());
      line.setLabelOffset(new RectangleInsets(12, 4, 0, 4));
      plot.addDomainMarker(line);
    }
    return svg(id, caption, chart(title, plot));
  }

  /** Points with vertical interval bars, e.g. measured uplift per inactivity bucket. */
  static Chart intervals(String id, String caption, String title, String xLabel, String yLabel,
      List<Series> series) {
    requireData(id, series.stream().anyMatch(s -> s.x().length > 0));
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    for (Series s : series) {
      XYIntervalSeries points = new XYIntervalSeries(s.name());
      for (int i = 0; i < s.x().length; i++) {
        points.add(s.x()[i], s.x()[i], s.x()[i], s.y()[i], s.low()[i], s.high()[i]);
      }
      data.addSeries(points);
    }
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    XYPlot plot = new DataGroupedXYPlot(data, x, new NumberAxis(yLabel), renderer);
    plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
    return svg(id, caption, chart(title, plot));
  }

  /**
   * A heat map of z over a regular grid of cell centres; z in [zLow, zHigh] coloured from white
   * to dark blue in ten steps.
   */
  static Chart heatMap(String id, String caption, String title, String xLabel, String yLabel,
      String zLabel, double[] x, double[] y, double[] z, double cellWidth, double cellHeight,
      double zLow, double zHigh) {
    requireData(id, z.length > 0);
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries(zLabel, new double[][] {x, y, z});
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(cellWidth);
    renderer.setBlockHeight(cellHeight);
    LookupPaintScale scale = new LookupPaintScale(zLow, zHigh + 1e-9, Color.WHITE);
    for (int step = 0; step < 10; step++) {
      float share = step / 9f;
      scale.add(zLow + (zHigh - zLow) * step / 10.0, new Color(1f - 0.85f * share,
          1f - 0.7f * share, 1f - 0.3f * share));
    }
    renderer.setPaintScale(scale);
    NumberAxis xAxis = new NumberAxis(xLabel);
    NumberAxis yAxis = new NumberAxis(yLabel);
    xAxis.setAutoRangeIncludesZero(false);
    yAxis.setAutoRangeIncludesZero(false);
    XYPlot plot = new DataGroupedXYPlot(data, xAxis, yAxis, renderer);
    JFreeChart chart = chart(title, plot);
    chart.removeLegend();
    NumberAxis legendAxis = new NumberAxis(zLabel);
    legendAxis.setRange(zLow, zHigh);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(8, 8, 40, 8));
    legend.setStripWidth(14);
    chart.addSubtitle(legend);
    return svg(id, caption, chart);
  }

  /** Grouped bars, e.g. a metric per model and segment, or counts per tier. */
  static Chart bars(String id, String caption, String title, String categoryLabel,
      String valueLabel, List<Bar> bars) {
    return bars(id, caption, title, categoryLabel, valueLabel, bars, false);
  }

  /**
   * Bars in the order given (categories in their first appearance); horizontal when the category
   * names are long, such as feature names.
   */
  static Chart bars(String id, String caption, String title, String categoryLabel,
      String valueLabel, List<Bar> bars, boolean horizontal) {
    requireData(id, !bars.isEmpty());
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    bars.forEach(b -> data.addValue(b.value(), b.series(), b.category()));
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    CategoryAxis categories = new CategoryAxis(categoryLabel);
    if (!horizontal && data.getColumnCount() > 6) {
      categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    CategoryPlot plot = new DataGroupedCategoryPlot(data, categories, new NumberAxis(valueLabel),
        renderer);
    if (horizontal) {
      plot.setOrientation(org.jfree.chart.plot.PlotOrientation.HORIZONTAL);
    }
    JFreeChart chart = chart(title, plot);
    if (data.getRowCount() == 1) {
      chart.removeLegend();
    }
    return svg(id, caption, chart);
  }

  private static void requireData(String id, boolean hasData) {
    if (!hasData) {
      throw new IllegalArgumentException("chart '" + id + "' has no data to draw");
    }
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    plot.setBackgroundPaint(new Color(0xfafafa));
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(new Color(0xdddddd));
      xy.setRangeGridlinePaint(new Color(0xdddddd));
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(new Color(0xdddddd));
    }
    return chart;
  }

  private static Chart svg(String id, String caption, JFreeChart chart) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    // Deterministic ids for the clip paths (JFreeSVG's default is the clock): the same data
    // gives the same page, and two charts on one page never share an id.
    g2.setDefsKeyPrefix("chart-" + id + "-");
    // A tenth of a pixel is finer than any screen: shorter numbers, a smaller page.
    g2.setGeomDoubleConverter(Charts::oneDecimal);
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    return new Chart(id, caption, g2.getSVGElement());
  }

  private static String oneDecimal(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
  }

  private static void beginData(Graphics2D g2) {
    g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("class", "data"));
  }

  private static void endData(Graphics2D g2) {
    g2.setRenderingHint(SVGHints.KEY_END_GROUP, "data");
  }

  /** An XYPlot whose renderer's output is grouped in {@code <g class="data">}. */
  private static final class DataGroupedXYPlot extends XYPlot {
    DataGroupedXYPlot(org.jfree.data.xy.XYDataset data, ValueAxis x, ValueAxis y,
        org.jfree.chart.renderer.xy.XYItemRenderer renderer) {
      super(data, x, y, renderer);
    }

    @Override
    public boolean render(Graphics2D g2, Rectangle2D dataArea, int index, PlotRenderingInfo info,
        CrosshairState crosshairState) {
      beginData(g2);
      try {
        return super.render(g2, dataArea, index, info, crosshairState);
      } finally {
        endData(g2);
      }
    }
  }

  /** A CategoryPlot whose renderer's output is grouped in {@code <g class="data">}. */
  private static final class DataGroupedCategoryPlot extends CategoryPlot {
    DataGroupedCategoryPlot(DefaultCategoryDataset data, CategoryAxis categories,
        ValueAxis values, BarRenderer renderer) {
      super(data, categories, values, renderer);
    }

    @Override
    public boolean render(Graphics2D g2, Rectangle2D dataArea, int index, PlotRenderingInfo info,
        CategoryCrosshairState crosshairState) {
      beginData(g2);
      try {
        return super.render(g2, dataArea, index, info, crosshairState);
      } finally {
        endData(g2);
      }
    }
  }
}
