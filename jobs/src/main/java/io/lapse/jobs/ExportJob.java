package io.lapse.jobs;

import io.lapse.jobs.lake.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the actions due on D..D + due window (reengagement_actions of D) as one dated CSV file,
 * {@code <lapse.export.path>/reengagement_actions_<D>.csv}, for CRM tools that import files.
 * Rerunning replaces the file.
 */
public final class ExportJob {

  private ExportJob() {}

  /** @return the path of the written file */
  public static String run(JobContext ctx) {
    Dataset<Row> due = ctx.outputs().readAsOf(Table.REENGAGEMENT_ACTIONS, ctx.asOf())
        .orderBy("due_date", "customer_id", "rung");
    String folder = ctx.config().policy.exportPath();
    Path target = new Path(folder, "reengagement_actions_" + ctx.asOf() + ".csv");
    Path scratch = new Path(folder, "_tmp_reengagement_actions_" + ctx.asOf());
    // One small file for a CRM import: a single partition is the point, not a bottleneck.
    due.coalesce(1).write().mode("overwrite").option("header", "true").csv(scratch.toString());
    try {
      FileSystem fs = scratch.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      FileStatus[] parts = fs.globStatus(new Path(scratch, "part-*.csv"));
      if (parts == null || parts.length != 1) {
        throw new IllegalStateException("expected one CSV part file under " + scratch);
      }
      fs.delete(target, false);
      if (!fs.rename(parts[0].getPath(), target)) {
        throw new IOException("cannot move " + parts[0].getPath() + " to " + target);
      }
      fs.delete(scratch, true);
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export " + target, e);
    }
  }
}
