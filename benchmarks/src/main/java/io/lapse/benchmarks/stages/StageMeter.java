package io.lapse.benchmarks.stages;

import io.lapse.spark.SparkActivity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Measures one step in this JVM: wall time, CPU time of the whole process (local mode: the
 * executors are threads of this process, so this is Spark's CPU too; and DuckDB's, whose threads
 * are native threads of the process), Spark jobs and tasks started, Delta commits added under
 * the lake, and the peak heap (sum of the heap pools' peaks, reset before the step).
 */
final class StageMeter {

  /** What one step cost. */
  record Measure(double wallSeconds, double cpuSeconds, long sparkJobs, long sparkTasks,
      long deltaCommits, long peakHeapBytes) {}

  private final SparkActivity activity;
  private final SparkSession spark;
  private final Path lake;

  StageMeter(SparkSession spark, Path lake) {
    this.spark = spark;
    this.lake = lake;
    this.activity = SparkActivity.register(spark.sparkContext());
  }

  <T> Measured<T> measure(Supplier<T> step) {
    drainListeners();
    long commits0 = deltaCommits(lake);
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    SparkActivity.Snapshot start = activity.now();
    if (start.cpuNanos() < 0) {
      throw new IllegalStateException("this JVM does not report process CPU time"
          + " (com.sun.management.OperatingSystemMXBean is missing)");
    }
    T value = step.get();
    SparkActivity.Snapshot end = activity.now();
    long heap = peakHeapBytes();
    drainListeners();
    // Jobs and tasks counted after the drain: the listener bus delivers them late.
    SparkActivity.Snapshot counted = activity.now();
    SparkActivity.Snapshot d = end.since(start);
    return new Measured<>(value, new Measure(d.wallNanos() / 1e9, d.cpuNanos() / 1e9,
        counted.jobs() - start.jobs(), counted.tasks() - start.tasks(),
        deltaCommits(lake) - commits0, heap));
  }

  record Measured<T>(T value, Measure measure) {}

  /** Listener events arrive asynchronously: wait until the bus has delivered them all. */
  private void drainListeners() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
  }

  static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** Commit files ({@code <version>.json}) in every {@code _delta_log} under the lake. */
  static long deltaCommits(Path lake) {
    if (!Files.isDirectory(lake)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(lake)) {
      return files.filter(f -> f.getParent() != null
              && f.getParent().getFileName().toString().equals("_delta_log")
              && f.getFileName().toString().matches("\\d{20}\\.json"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the Delta commits under " + lake, e);
    }
  }
}
