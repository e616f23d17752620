package io.lapse.jobs.report;

import static io.lapse.jobs.report.Cells.format;
import static io.lapse.jobs.report.Cells.text;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;

import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.Report.Block;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The P(alive) matrix of the BTYD literature: P(alive | x, t_x, T) over frequency x and recency
 * t_x, at one age T, for each segment with its own BG/NBD fit. T and the largest x are the
 * segment's 90th percentile of age and 99th of repeat days in the features of D, so the map
 * covers the customers the segment has rather than an arbitrary square.
 */
final class PAliveMatrix {

  private static final int RECENCY_CELLS = 20;
  private static final int MAX_FREQUENCY = 30;

  private PAliveMatrix() {}

  static List<Block> charts(ReportTables tables, List<Row> bgnbdFits) {
    Map<String, double[]> extent = new HashMap<>();
    tables.ofD(Table.FEATURES).ifPresent(f -> f.where(col("t_weeks").isNotNull())
        .groupBy("segment").agg(percentile_approx(col("t_weeks"), lit(0.9), lit(1000)),
            percentile_approx(col("repeat_days"), lit(0.99), lit(1000)))
        .collectAsList().forEach(r -> extent.put(r.getString(0), new double[] {
            ((Number) r.get(1)).doubleValue(), ((Number) r.get(2)).doubleValue()})));
    List<Block> blocks = new ArrayList<>();
    for (Row fit : bgnbdFits) {
      String segment = text(fit, "segment");
      double[] e = extent.get(segment);
      if (!segment.equals(text(fit, "fitted_segment")) || e == null || e[0] <= 0) {
        continue; // a fallback draws its donor's matrix; a segment without customers has none
      }
      Map<String, Object> p = Cells.map(fit, "params");
      BgNbdParams params = new BgNbdParams(value(p, "r"), value(p, "alpha"), value(p, "a"),
          value(p, "b"));
      double age = e[0];
      int maxFrequency = (int) Math.max(1, Math.min(MAX_FREQUENCY, Math.ceil(e[1])));
      double cell = age / RECENCY_CELLS;
      int n = (maxFrequency + 1) * RECENCY_CELLS;
      double[] x = new double[n];
      double[] y = new double[n];
      double[] z = new double[n];
      int i = 0;
      for (int frequency = 0; frequency <= maxFrequency; frequency++) {
        for (int k = 0; k < RECENCY_CELLS; k++) {
          double recency = (k + 0.5) * cell;
          x[i] = recency;
          y[i] = frequency;
          z[i] = BgNbdPredictor.probabilityAlive(params, frequency,
              frequency == 0 ? 0 : recency, age);
          i++;
        }
      }
      blocks.add(Charts.heatMap("p-alive-" + slug(segment), "P(alive) by frequency (repeat"
          + " purchase days x) and recency (t_x, weeks from the first purchase to the last) at"
          + " age T = " + format(age) + " weeks, segment " + segment + ", from its BG/NBD fit of "
          + tables.asOf() + ". Upper left: frequent buyers whose last purchase was long ago, the"
          + " likeliest to have left.",
          "P(alive), segment " + segment, "t_x (weeks)", "repeat purchase days x", "P(alive)",
          x, y, z, cell, 1, 0, 1));
    }
    return blocks;
  }

  private static double value(Map<String, Object> params, String name) {
    Object v = params.get(name);
    if (v == null) {
      throw new IllegalStateException("segment_models params lack '" + name + "': " + params);
    }
    return ((Number) v).doubleValue();
  }

  static String slug(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }
}
