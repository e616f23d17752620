package io.lapse.jobs.report;

import static io.lapse.jobs.report.Cells.format;
import static io.lapse.jobs.report.Cells.number;
import static io.lapse.jobs.report.Cells.text;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.Charts.Bar;
import io.lapse.jobs.report.Charts.Series;
import io.lapse.jobs.report.Report.Block;
import io.lapse.jobs.report.Report.Fact;
import io.lapse.jobs.report.Report.Section;
import io.lapse.jobs.report.Report.Text;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Builds the report of one run from the lake's published tables: every number on the page is
 * read from a table of D (or of the last runs up to D), none is recomputed from raw data.
 */
public final class RunReport {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunReport.class);
  private static final int SCORE_BINS = 20;

  private final ReportTables tables;
  private final int historyRuns;

  public RunReport(ReportTables tables, int historyRuns) {
    this.tables = tables;
    this.historyRuns = historyRuns;
  }

  /**
   * @param facts what the caller knows of the run (its id, the lake) that the tables do not hold
   * @param settings the run's settings that differ from reference.conf: key to value and origin
   */
  public Report build(List<Fact> facts, Map<String, String> settings) {
    List<Fact> header = new ArrayList<>();
    header.add(new Fact("as of", tables.asOf().toString()));
    header.addAll(facts);
    Map<String, List<String>> modelIds = modelIdsOfScores();
    modelIds.forEach((column, ids) -> header.add(new Fact(column.replace('_', ' ') + "s",
        ids.isEmpty() ? "none" : String.join(", ", ids))));
    if (modelIds.isEmpty()) {
      header.add(new Fact("scores", "no scores of this date"));
    }
    Set<String> runIds = new LinkedHashSet<>(
        modelIds.getOrDefault("classifier_run_id", List.of()));
    runIds.addAll(modelIds.getOrDefault("survival_run_id", List.of()));
    // Both model sections read the same rows of D.
    List<Row> segmentModels = tables.rowsOfD(Table.SEGMENT_MODELS, col("segment"));
    List<Section> sections = new ArrayList<>();
    List<Supplier<Section>> parts = List.of(this::scores, () -> returnTimes(segmentModels),
        () -> purchaseModels(segmentModels), () -> ModelSections.evaluation(tables),
        () -> ModelSections.weights(tables, runIds), () -> PolicySections.policy(tables),
        () -> PolicySections.uplift(tables),
        () -> ModelSections.runOverRun(tables, historyRuns), this::dataQuality);
    for (Supplier<Section> part : parts) {
      long start = System.nanoTime();
      Section section = part.get();
      LOG.info("report section '{}': {} ms", section.heading(),
          (System.nanoTime() - start) / 1_000_000);
      sections.add(section);
    }
    sections.add(new Section("Configuration", settings.isEmpty()
        ? List.of(new Text("Every setting is reference.conf's default."))
        : List.of(new Text("Settings that differ from reference.conf, with where each was set"
                + " (values of keys that look secret are masked):"),
            new Report.Table(List.of("key", "value (origin)"), settings.entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue())).toList()))));
    return new Report("lapse report as of " + tables.asOf(), header, sections);
  }

  /**
   * The model runs and BG/NBD versions behind D's scores, as the scores record them, by column;
   * empty when there are no scores of D. One query for the three columns.
   */
  private Map<String, List<String>> modelIdsOfScores() {
    List<String> columns = List.of("classifier_run_id", "survival_run_id", "model_version");
    return tables.ofD(Table.SCORES).map(scores -> {
      Row sets = scores.select(columns.stream().map(c -> functions.sort_array(
          functions.collect_set(col(c)))).toArray(org.apache.spark.sql.Column[]::new)).first();
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        out.put(columns.get(i), sets.<String>getList(i));
      }
      return out;
    }).orElse(Map.of());
  }

  private Section scores() {
    List<Block> blocks = new ArrayList<>();
    var scores = tables.ofD(Table.SCORES);
    if (scores.isEmpty()) {
      return new Section("Scores", List.of(new Text("No scores of " + tables.asOf() + ".")));
    }
    Dataset<Row> ofD = scores.get();
    List<Row> tiers = ofD.groupBy("segment", "risk_tier").agg(count(lit(1)).as("customers"),
            functions.min("p_disengage").as("lowest"))
        .orderBy("segment", "risk_tier").collectAsList();
    // Tiers in the order of their scores (the tiers without a score last), not alphabetically.
    Map<String, Double> tierOrder = new HashMap<>();
    tiers.forEach(r -> tierOrder.merge(text(r, "risk_tier"),
        Double.isNaN(number(r, "lowest")) ? 2.0 : number(r, "lowest"), Math::min));
    blocks.add(new Text("p_disengage is the probability of the label's event (see disengage_label)"
        + " within the training horizon; risk_tier cuts it. Customers by segment and tier:"));
    blocks.add(Charts.bars("risk-tiers", "Customers per risk tier and segment, from scores of "
        + tables.asOf() + ".", "Customers by risk tier", "risk tier", "customers",
        tiers.stream().sorted(Comparator.comparing((Row r) -> tierOrder.get(text(r, "risk_tier")))
                .thenComparing(r -> text(r, "segment")))
            .map(r -> new Bar(text(r, "segment"), text(r, "risk_tier"), number(r, "customers")))
            .toList()));
    List<Row> bins = ofD.where(col("p_disengage").isNotNull())
        .withColumn("bin", least(floor(col("p_disengage").multiply(SCORE_BINS)),
            lit(SCORE_BINS - 1)))
        .groupBy("segment", "bin").agg(count(lit(1)).as("customers"))
        .orderBy("bin", "segment").collectAsList();
    if (!bins.isEmpty()) {
      blocks.add(Charts.bars("score-distribution", "Customers per p_disengage bin of width "
          + format(1.0 / SCORE_BINS) + ", by segment (customers with a score).",
          "Distribution of p_disengage", "p_disengage from", "customers",
          bins.stream().map(r -> new Bar(text(r, "segment"),
              String.format(Locale.ROOT, "%.2f", number(r, "bin") / SCORE_BINS),
              number(r, "customers"))).toList()));
    }
    blocks.addAll(lifecycle());
    return new Section("Scores", blocks);
  }

  /** Lifecycle-stage counts of D beside the previous run's. */
  private List<Block> lifecycle() {
    List<LocalDate> runs = tables.lastRuns(Table.SCORES, 2);
    Map<String, long[]> counts = new TreeMap<>();
    tables.ofDates(Table.SCORES, runs).ifPresent(s -> s.groupBy("as_of_date", "lifecycle_stage")
        .agg(count(lit(1)).as("customers")).collectAsList().forEach(r -> {
          int run = runs.indexOf(r.getDate(0).toLocalDate());
          counts.computeIfAbsent(text(r, "lifecycle_stage"), k -> new long[runs.size()])[run] =
              r.getLong(2);
        }));
    if (counts.isEmpty()) {
      return List.of();
    }
    List<List<String>> rows = new ArrayList<>();
    List<Bar> bars = new ArrayList<>();
    boolean previous = runs.size() == 2;
    counts.forEach((stage, c) -> {
      long now = c[runs.size() - 1];
      rows.add(previous ? List.of(stage, format(c[0]), format(now), signed(now - c[0]))
          : List.of(stage, format(now)));
      for (int i = 0; i < runs.size(); i++) {
        bars.add(new Bar(runs.get(i).toString(), stage, c[i]));
      }
    });
    List<String> header = previous
        ? List.of("lifecycle stage", runs.get(0).toString(), runs.get(1).toString(), "change")
        : List.of("lifecycle stage", runs.get(0).toString());
    return List.of(
        new Text(previous ? "Lifecycle stages, and their change since the previous run:"
            : "Lifecycle stages (no earlier run to compare with):"),
        new Report.Table(header, rows),
        Charts.bars("lifecycle", "Customers per lifecycle stage in the scores of "
            + String.join(" and ", runs.stream().map(LocalDate::toString).toList()) + ".",
            "Lifecycle stages", "stage", "customers", bars));
  }

  private static String signed(long change) {
    return (change > 0 ? "+" : "") + format(change);
  }

  /** The return-time Kaplan-Meier curve of each segment, with its 95% pointwise band. */
  private Section returnTimes(List<Row> models) {
    List<Series> curves = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Row m : models) {
      if (!"return_time_km".equals(text(m, "model"))) {
        continue;
      }
      List<Row> points = Cells.structs(m, "curve");
      int n = points.size();
      double[] t = new double[n];
      double[] s = new double[n];
      double[] low = new double[n];
      double[] high = new double[n];
      double median = Double.NaN;
      for (int i = 0; i < n; i++) {
        Row p = points.get(i);
        t[i] = number(p, "time_days");
        s[i] = number(p, "survival");
        double se = number(p, "standard_error");
        low[i] = Double.isNaN(se) ? s[i] : Math.max(0, s[i] - 1.96 * se);
        high[i] = Double.isNaN(se) ? s[i] : Math.min(1, s[i] + 1.96 * se);
        if (Double.isNaN(median) && s[i] <= 0.5) {
          median = t[i];
        }
      }
      if (n > 0) {
        curves.add(new Series(text(m, "segment"), t, s, low, high));
      }
      rows.add(List.of(text(m, "segment"), text(m, "fitted_segment"),
          format(number(m, "observations")), Double.isNaN(median) ? "not reached" : format(median),
          n == 0 ? "" : format(s[n - 1]), text(m, "fallback_reason")));
    }
    if (curves.isEmpty()) {
      return new Section("Return times", List.of(new Text("No return-time curves of "
          + tables.asOf() + " in segment_models.")));
    }
    return new Section("Return times", List.of(
        new Text("Kaplan-Meier estimate of the chance that an inactivity spell is still going"
            + " after t days (the customer has not come back), per segment, with a 95% pointwise"
            + " band (Greenwood standard errors). A segment that falls back uses another's fit."),
        Charts.lines("return-time-km", "Return-time survival S(t) per segment, from"
            + " segment_models (model return_time_km) of " + tables.asOf() + "; shaded: S(t) +/-"
            + " 1.96 standard errors.", "Return-time curves", "days inactive", "still inactive",
            curves, List.of(), true),
        new Report.Table(List.of("segment", "fitted on", "spells", "median return (days)",
            "S at the last time", "fallback"), rows)));
  }

  /** BG/NBD parameters per segment and the P(alive) matrix of each fitted segment. */
  private Section purchaseModels(List<Row> models) {
    List<Row> fits = models.stream()
        .filter(m -> "bgnbd".equals(text(m, "model"))).toList();
    if (fits.isEmpty()) {
      return new Section("Purchase model (BG/NBD)", List.of(new Text("No BG/NBD fits of "
          + tables.asOf() + " in segment_models.")));
    }
    List<Block> blocks = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Row fit : fits) {
      Map<String, Object> p = Cells.map(fit, "params");
      rows.add(List.of(text(fit, "segment"), text(fit, "fitted_segment"),
          format(number(fit, "customers")), param(p, "r"), param(p, "alpha"), param(p, "a"),
          param(p, "b"), format(number(fit, "log_likelihood")), text(fit, "converged"),
          text(fit, "fallback_reason")));
    }
    blocks.add(new Text("BG/NBD per segment (alpha in weeks): the purchase process behind p_alive"
        + " and expected_transactions in scores."));
    blocks.add(new Report.Table(List.of("segment", "fitted on", "customers", "r", "alpha", "a",
        "b", "log-likelihood", "converged", "fallback"), rows));
    blocks.addAll(PAliveMatrix.charts(tables, fits));
    return new Section("Purchase model (BG/NBD)", blocks);
  }

  private static String param(Map<String, Object> params, String name) {
    Object v = params.get(name);
    return v == null ? "" : format(((Number) v).doubleValue());
  }

  /** The data-quality checks and quarantine counts of D's ingest. */
  private Section dataQuality() {
    List<Block> blocks = new ArrayList<>();
    List<Row> ingest = tables.rowsOfD(Table.INGEST_RUNS, col("source"));
    if (!ingest.isEmpty()) {
      blocks.add(new Text("Every record read is accepted, quarantined, already ingested or"
          + " deferred (ingest_runs):"));
      blocks.add(new Report.Table(List.of("source", "read", "accepted", "quarantined",
          "already ingested", "deferred"), ingest.stream().map(r -> List.of(text(r, "source"),
              format(number(r, "rows_read")), format(number(r, "rows_accepted")),
              format(number(r, "rows_quarantined")), format(number(r, "rows_already_ingested")),
              format(number(r, "rows_deferred")))).toList()));
    }
    List<Row> checks = tables.rowsOfD(Table.DATA_QUALITY, col("source"), col("check"));
    if (!checks.isEmpty()) {
      blocks.add(new Report.Table(List.of("source", "check", "level", "value", "threshold",
          "passed", "message"), checks.stream().map(r -> List.of(text(r, "source"),
              text(r, "check"), text(r, "level"), Cells.cell(r, "value"),
              Cells.cell(r, "threshold"), text(r, "passed"), text(r, "message"))).toList()));
    }
    SortedMap<String, Long> reasons = new TreeMap<>();
    tables.ofD(Table.QUARANTINE).ifPresent(q -> q.groupBy("source", "reason")
        .agg(count(lit(1))).collectAsList()
        .forEach(r -> reasons.put(r.getString(0) + ": " + r.getString(1), r.getLong(2))));
    if (reasons.isEmpty()) {
      blocks.add(new Text("No record was quarantined on " + tables.asOf() + "."));
    } else {
      Map<String, Long> ordered = new LinkedHashMap<>(reasons);
      blocks.add(new Report.Table(List.of("source: reason", "records quarantined"),
          ordered.entrySet().stream().map(e -> List.of(e.getKey(), format(e.getValue())))
              .toList()));
      blocks.add(Charts.bars("quarantine", "Records quarantined on " + tables.asOf()
          + " by source and reason (01_raw/quarantine).", "Quarantined records", "reason",
          "records", ordered.entrySet().stream().map(e -> new Bar("records", e.getKey(),
              e.getValue())).toList()));
    }
    return new Section("Data quality", blocks);
  }
}
