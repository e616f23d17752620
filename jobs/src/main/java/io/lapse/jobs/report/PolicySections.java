package io.lapse.jobs.report;

import static io.lapse.jobs.report.Cells.format;
import static io.lapse.jobs.report.Cells.number;
import static io.lapse.jobs.report.Cells.percent;
import static io.lapse.jobs.report.Cells.text;
import static org.apache.spark.sql.functions.col;

import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.Charts.Series;
import io.lapse.jobs.report.Charts.XMarker;
import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The policy sections: W(t) and t* per segment, the ladder, and the measured uplift. */
final class PolicySections {

  private PolicySections() {}

  static Section policy(ReportTables tables) {
    List<Row> policies = tables.rowsOfD(Table.SEGMENT_POLICIES, col("timing_unit"),
        col("segment"));
    if (policies.isEmpty()) {
      return new Section("Re-engagement policy", List.of(new Text("No segment policies of "
          + tables.asOf() + " (the policy stage is off or did not run).")));
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Text("W(t) is the expected value of acting on a customer who has been"
        + " inactive t (in the segment's timing unit): the chance they are still away at t times"
        + " the action's uplift there, times the customer's value, less the action's cost. t* is"
        + " where it peaks; its interval comes from resampling the segment's spells. The source"
        + " says where the uplift comes from: the configured prior, measured evidence from"
        + " control groups, or exploring (arms still being tested)."));
    blocks.add(new Report.Table(List.of("segment", "unit", "customers", "spells",
        "never return", "value per customer", "t*", "interval", "t* source", "ladder value",
        "uplift from"), policies.stream().map(p -> List.of(text(p, "segment"),
            text(p, "timing_unit"), format(number(p, "customers")), format(number(p, "spells")),
            percent(number(p, "never_return_share")), format(number(p, "value_per_customer")),
            Boolean.TRUE.equals(p.getAs("no_action")) ? "no action pays"
                : format(number(p, "t_star")),
            format(number(p, "t_star_low")) + " to " + format(number(p, "t_star_high")),
            text(p, "t_star_source"), format(number(p, "ladder_expected_value")),
            text(p, "uplift_source"))).toList()));
    for (Row p : policies) {
      String segment = text(p, "segment");
      String unit = text(p, "timing_unit");
      String id = PAliveMatrix.slug(segment + "-" + unit);
      Map<String, List<Row>> byAction = new LinkedHashMap<>();
      Cells.structs(p, "w_curve").forEach(point ->
          byAction.computeIfAbsent(text(point, "action"), a -> new ArrayList<>()).add(point));
      List<Series> curves = new ArrayList<>();
      byAction.forEach((action, points) -> curves.add(Series.of(action,
          points.stream().mapToDouble(r -> number(r, "t")).toArray(),
          points.stream().mapToDouble(r -> number(r, "w")).toArray())));
      double tStar = number(p, "t_star");
      List<XMarker> markers = Double.isNaN(tStar) ? List.of() : List.of(new XMarker(tStar,
          "t* = " + format(tStar), nullIfNaN(number(p, "t_star_low")),
          nullIfNaN(number(p, "t_star_high"))));
      if (!curves.isEmpty()) {
        blocks.add(Charts.lines("w-" + id, "W(t) per action, segment " + segment + ", t in "
            + unit + " (segment_policies w_curve of " + tables.asOf() + "); dashed: t* ("
            + text(p, "t_star_source") + "), shaded: its interval.", "W(t), segment " + segment,
            "t (" + unit + " inactive)", "expected value per customer", curves, markers,
            false));
      }
      List<Row> ladder = Cells.structs(p, "ladder");
      if (!ladder.isEmpty()) {
        blocks.add(new Text("Ladder of segment " + segment + " (" + unit + "):"));
        blocks.add(new Report.Table(List.of("rung", "action", "t", "expected value", "uplift",
            "uplift from", "cost", "still inactive"), ladder.stream().map(r -> List.of(
                format(number(r, "rung")), text(r, "action"), format(number(r, "t")),
                format(number(r, "expected_value")), format(number(r, "uplift")),
                text(r, "uplift_source"), format(number(r, "cost")),
                percent(number(r, "inactive_share")))).toList()));
      }
      List<Row> arms = Cells.structs(p, "timing_arms");
      if (!arms.isEmpty()) {
        blocks.add(new Text("Timing arms of segment " + segment + " (share of the due contacts"
            + " sent at each t, and the posterior probability that t is best):"));
        blocks.add(new Report.Table(List.of("bucket", "t", "share", "P(best)"),
            arms.stream().map(r -> List.of(text(r, "bucket"), format(number(r, "t")),
                percent(number(r, "share")), percent(number(r, "probability_best")))).toList()));
      }
    }
    return new Section("Re-engagement policy", blocks);
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** reengagement_uplift of D: treated against control by inactivity bucket, with intervals. */
  static Section uplift(ReportTables tables) {
    List<Row> rows = tables.rowsOfD(Table.REENGAGEMENT_UPLIFT, col("segment"), col("unit"),
        col("action"), col("preference_group"), col("bucket_from"));
    if (rows.isEmpty()) {
      return new Section("Measured uplift", List.of(new Text("No measured uplift of "
          + tables.asOf() + ": no campaign history or control group has responded yet, so the"
          + " policy uses its prior.")));
    }
    Map<String, Map<String, List<Row>>> bySegment = new LinkedHashMap<>();
    for (Row r : rows) {
      String group = text(r, "preference_group");
      String series = text(r, "action") + (group.isEmpty() || group.equals("default") ? ""
          : " [" + group + "]");
      bySegment.computeIfAbsent(text(r, "segment") + " (" + text(r, "unit") + ")",
          s -> new LinkedHashMap<>()).computeIfAbsent(series, s -> new ArrayList<>()).add(r);
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Text("Response rate of the treated minus the control group's, by how long"
        + " the customer had been inactive when contacted, with 95% Newcombe intervals."));
    bySegment.forEach((segment, series) -> {
      List<Series> points = new ArrayList<>();
      series.forEach((name, buckets) -> {
        List<Row> measured = buckets.stream().filter(b -> !Double.isNaN(number(b, "uplift"))
            && !Double.isNaN(number(b, "uplift_low"))).toList();
        if (!measured.isEmpty()) {
          points.add(new Series(name,
              measured.stream().mapToDouble(b -> (number(b, "bucket_from")
                  + number(b, "bucket_to")) / 2).toArray(),
              measured.stream().mapToDouble(b -> number(b, "uplift")).toArray(),
              measured.stream().mapToDouble(b -> number(b, "uplift_low")).toArray(),
              measured.stream().mapToDouble(b -> number(b, "uplift_high")).toArray()));
        }
      });
      if (!points.isEmpty()) {
        blocks.add(Charts.intervals("uplift-" + PAliveMatrix.slug(segment), "Measured uplift"
            + " per inactivity bucket (midpoint), segment " + segment
            + ", reengagement_uplift of " + tables.asOf() + ".", "Uplift, segment " + segment,
            "inactive at contact (bucket midpoint)", "uplift", points));
      }
    });
    blocks.add(new Report.Table(List.of("segment", "unit", "action", "bucket", "treated",
        "control", "treated rate", "control rate", "uplift", "95% interval"),
        rows.stream().map(r -> List.of(text(r, "segment"), text(r, "unit"), text(r, "action"),
            format(number(r, "bucket_from")) + " to " + format(number(r, "bucket_to")),
            format(number(r, "treated")), format(number(r, "control")),
            percent(number(r, "treated_response_rate")),
            percent(number(r, "control_response_rate")), format(number(r, "uplift")),
            format(number(r, "uplift_low")) + " to " + format(number(r, "uplift_high"))))
            .toList()));
    return new Section("Measured uplift", blocks);
  }
}
