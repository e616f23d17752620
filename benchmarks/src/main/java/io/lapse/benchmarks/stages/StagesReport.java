package io.lapse.benchmarks.stages;

import io.lapse.benchmarks.Commit;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The results of {@link StageBenchmark}: the console table and the markdown results file. */
final class StagesReport {

  /** The DuckDB side: its settings, its row and the agreement with lapse. */
  record DuckDb(String version, int threads, String input, StageRow row,
      FeatureComparison.Result comparison) {}

  String command;
  String startedAt;
  double wholeRunSeconds;
  String loadAtStart;
  String loadAtEnd;
  String data;
  String config;
  List<String> sparkSettings = List.of();
  String trainingExamples = "";
  final List<StageRow> rows = new ArrayList<>();
  Optional<DuckDb> duckdb = Optional.empty();
  Optional<String> failure = Optional.empty();

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    String memory = "";
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = String.format(Locale.ROOT, ", %.1f GiB RAM", os.getTotalMemorySize() / GIB);
    }
    return rt.availableProcessors() + " cores" + memory + ", JVM heap max "
        + String.format(Locale.ROOT, "%.1f GiB", rt.maxMemory() / GIB) + ", Java "
        + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  static String loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
  }

  private static final double GIB = 1024.0 * 1024 * 1024;

  String table() {
    StringBuilder b = new StringBuilder("| step | wall s | CPU s | rows in | rows out | rows in/s"
        + " | Spark jobs | Spark tasks | Delta commits | peak heap MiB | rows counted |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (StageRow r : rows) {
      b.append(line(r));
    }
    duckdb.ifPresent(d -> b.append(line(d.row())));
    return b.toString();
  }

  /** One step as a progress line for the console. */
  static String progress(StageRow r) {
    StageMeter.Measure m = r.measure();
    return String.format(Locale.ROOT, "%s: %.1f s wall, %.1f CPU-s, %s rows in, %s rows out,"
            + " %d Spark jobs, %d Delta commits", r.name(), m.wallSeconds(), m.cpuSeconds(),
        count(r.rowsIn()), count(r.rowsOut()), m.sparkJobs(), m.deltaCommits());
  }

  private static String line(StageRow r) {
    StageMeter.Measure m = r.measure();
    return "| " + r.name() + " | " + f1(m.wallSeconds()) + " | " + f1(m.cpuSeconds()) + " | "
        + count(r.rowsIn()) + " | " + count(r.rowsOut()) + " | "
        + (Double.isNaN(r.rowsPerSecond()) ? "" : count(Math.round(r.rowsPerSecond()))) + " | "
        + m.sparkJobs() + " | " + m.sparkTasks() + " | " + m.deltaCommits() + " | "
        + (r.heapMeasured() ? String.valueOf(m.peakHeapBytes() / (1024 * 1024))
            : "n/a (native)") + " | " + r.note() + " |\n";
  }

  /** lapse's CPU and wall over DuckDB's, for the features stage and for ingest + features. */
  List<String> ratios() {
    List<String> out = new ArrayList<>();
    if (duckdb.isEmpty()) {
      return out;
    }
    StageMeter.Measure d = duckdb.get().row().measure();
    StageMeter.Measure features = measureOf("features");
    StageMeter.Measure ingest = measureOf("ingest");
    if (features != null) {
      out.add(String.format(Locale.ROOT, "lapse features / DuckDB: %.1fx CPU, %.1fx wall",
          features.cpuSeconds() / d.cpuSeconds(), features.wallSeconds() / d.wallSeconds()));
      if (ingest != null) {
        out.add(String.format(Locale.ROOT, "lapse ingest + features / DuckDB: %.1fx CPU,"
                + " %.1fx wall", (ingest.cpuSeconds() + features.cpuSeconds()) / d.cpuSeconds(),
            (ingest.wallSeconds() + features.wallSeconds()) / d.wallSeconds()));
      }
    }
    return out;
  }

  private StageMeter.Measure measureOf(String name) {
    return rows.stream().filter(r -> r.name().equals(name)).map(StageRow::measure).findFirst()
        .orElse(null);
  }

  String agreement() {
    if (duckdb.isEmpty()) {
      return "DuckDB was not run (--no-duckdb).\n";
    }
    FeatureComparison.Result c = duckdb.get().comparison();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Customers in lapse's features at D: %d; only in lapse:"
            + " %d; only in DuckDB: %d. Doubles equal within a relative %s, everything else"
            + " exactly; null matches only null. %s\n\n", c.customersLeft(), c.onlyLeft(),
        c.onlyRight(), Double.toString(FeatureComparison.RELATIVE_TOLERANCE),
        c.totalMismatches() == 0 ? "**Every customer agrees on every compared column.**"
            : "**" + c.totalMismatches() + " disagreements (below).**"));
    b.append("| column | customers differing | distinct values in lapse |\n|---|---:|---:|\n");
    for (Map.Entry<String, Long> e : c.mismatches().entrySet()) {
      b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" | ")
          .append(c.distinct().get(e.getKey())).append(" |\n");
    }
    if (!c.leftOnlyColumns().isEmpty()) {
      b.append("\nlapse columns DuckDB does not compute (not compared): ")
          .append(c.leftOnlyColumns()).append('\n');
    }
    c.samples().forEach((col, s) -> b.append("\n- ").append(col).append(": ")
        .append(String.join("; ", s)));
    if (!c.samples().isEmpty()) {
      b.append('\n');
    }
    return b.toString();
  }

  String console() {
    StringBuilder b = new StringBuilder(table());
    ratios().forEach(r -> b.append(r).append('\n'));
    b.append('\n').append(agreement());
    failure.ifPresent(f -> b.append("\nFAILED: ").append(f).append('\n'));
    return b.toString();
  }

  String markdown() {
    StringBuilder m = new StringBuilder("# Stage benchmark: lapse's stages and DuckDB on"
        + " generated data\n\nWritten by `io.lapse.benchmarks.stages.StageBenchmark` (issue 15;"
        + " do not edit by hand). It describes the lapse commit below.\n\n");
    m.append("- Command (from the repository root): `").append(command).append("`\n");
    m.append("- Date: ").append(startedAt).append(String.format(Locale.ROOT, ", whole run %.1f"
        + " min (generation, stages, row counts, DuckDB, comparison)\n", wholeRunSeconds / 60));
    m.append("- Machine: ").append(machine()).append("; load average ").append(loadAtStart)
        .append(" at the start, ").append(loadAtEnd).append(" at the end (shared machine: CPU"
            + " seconds are the steadier figure)\n");
    m.append("- lapse commit: ").append(Commit.describe()).append('\n');
    m.append("- Data: ").append(data).append('\n');
    m.append("- lapse config: ").append(config).append('\n');
    m.append("- Spark (local mode, one JVM, the session of `SparkSessions.getOrCreate`): ")
        .append(String.join(", ", sparkSettings)).append('\n');
    duckdb.ifPresent(d -> m.append("- DuckDB ").append(d.version()).append(" (JDBC, in this"
            + " JVM, after Spark finished), threads = ").append(d.threads()).append("; input: ")
        .append(d.input()).append('\n'));
    m.append("\n## Per step\n\n");
    m.append("Wall and CPU of the whole process (`getProcessCpuTime` deltas: Spark's executors,"
        + " and DuckDB's threads, run in it); rows in/s = rows in / wall; Spark jobs counted by a"
        + " listener on job start; Delta commits = new `_delta_log/*.json` files under the lake;"
        + " peak heap = sum of the heap pools' peaks, reset before each step (an upper bound of"
        + " the heap in use: the pools peak at different times, so it can exceed -Xmx). Row"
        + " counts are taken after each step, outside its measurement.\n\n");
    m.append(table()).append('\n');
    ratios().forEach(r -> m.append("- ").append(r).append('\n'));
    if (!trainingExamples.isEmpty()) {
      m.append("- ").append(trainingExamples).append('\n');
    }
    m.append("\n## lapse and DuckDB agree\n\n").append(agreement());
    failure.ifPresent(f -> m.append("\n## Failure\n\n").append(f).append('\n'));
    return m.toString();
  }

  private static String f1(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  private static String count(long n) {
    return n < 0 ? "" : String.format(Locale.ROOT, "%,d", n);
  }
}
