package io.lapse.benchmarks.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
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

  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final SparkSession spark;
  private final Path lake;

  StageMeter(SparkSession spark, Path lake) {
    this.spark = spark;
    this.lake = lake;
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        tasks.incrementAndGet();
      }
    });
  }

  <T> Measured<T> measure(Supplier<T> step) {
    drainListeners();
    long commits0 = deltaCommits(lake);
    long jobs0 = jobs.get();
    long tasks0 = tasks.get();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long cpu0 = processCpuNanos();
    long wall0 = System.nanoTime();
    T value = step.get();
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    long heap = peakHeapBytes();
    drainListeners();
    return new Measured<>(value, new Measure(wall, cpu, jobs.get() - jobs0, tasks.get() - tasks0,
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

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report process CPU time"
        + " (com.sun.management.OperatingSystemMXBean is missing)");
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
