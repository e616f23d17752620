package io.lapse.jobs;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.DeltaTables;
import io.lapse.jobs.lake.MissingTableException;
import io.lapse.jobs.lake.Table;
import io.lapse.jobs.report.HtmlReport;
import io.lapse.jobs.report.NotebookReport;
import io.lapse.jobs.report.Report;
import io.lapse.jobs.report.ReportTables;
import io.lapse.jobs.report.RunReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the report of D from the published lake: {@code <report folder>/<D>/lapse-report-<D>.html}
 * and {@code .ipynb}. Rerunning replaces both files.
 */
public final class ReportJob {

  private ReportJob() {}

  /** The files one report run wrote. */
  public record Files(String html, String notebook) {}

  public static Files run(SparkSession spark, LapseConfig config, LocalDate asOf, String runId) {
    ReportTables tables = new ReportTables(new DeltaTables(spark), config.lake, asOf);
    if (!tables.hasScoresOfD()) {
      throw new MissingTableException("no scores of " + asOf + " in "
          + config.lake.path(Table.SCORES) + ": a report describes a published run; run"
          + " bin/lapse nightly --as-of " + asOf + " first");
    }
    Report report = new RunReport(tables, config.report.historyRuns()).build(List.of(
        new Report.Fact("written by", runId),
        new Report.Fact("lake", config.lake.root())), config.overrides);
    Path folder = new Path(config.report.folder(), asOf.toString());
    String name = "lapse-report-" + asOf;
    Path html = write(spark, folder, name + ".html", HtmlReport.render(report));
    Path notebook = write(spark, folder, name + ".ipynb", NotebookReport.render(report));
    return new Files(html.toString(), notebook.toString());
  }

  /** Writes beside the target, then renames: a reader never sees half a report. */
  private static Path write(SparkSession spark, Path folder, String name, String content) {
    Path target = new Path(folder, name);
    Path scratch = new Path(folder, "_tmp_" + name);
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.setWriteChecksum(false); // no .crc beside a page people open and mail
      fs.mkdirs(folder);
      try (OutputStream out = fs.create(scratch, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(scratch, target)) {
        throw new IOException("cannot move " + scratch + " to " + target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + target, e);
    }
  }
}
