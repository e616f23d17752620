package io.lapse.jobs;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.LakeReader;
import io.lapse.jobs.lake.Outputs;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What every job gets: the session, the validated config, the as-of date and the tables.
 *
 * @param reingestFrom re-ingest every day from this date on, even if ingested before
 * @param outputs where the job reads and writes its tables
 * @param segments the segments train registers models for; empty: all
 */
public record JobContext(
    SparkSession spark, LapseConfig config, LocalDate asOf, Optional<LocalDate> reingestFrom,
    Outputs outputs, java.util.Set<String> segments) {

  public JobContext {
    segments = java.util.Set.copyOf(segments);
  }

  /** The shared reads of lapse's tables and configured sources. */
  public LakeReader reader() {
    return new LakeReader(spark, outputs);
  }
}
