package io.lapse.spark;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the Spark jobs and tasks a session runs, and reads the process's CPU time, so that each
 * stage can say what it cost. Why: the stages' wall time alone hides whether the time goes to
 * work or to thousands of tiny jobs (measured on the bundled sample: training ran thousands of
 * jobs of a few milliseconds of work each), and CPU time is steadier than wall time on a busy
 * machine. In local mode the executors run in this process, so its CPU time is the run's.
 */
public final class SparkActivity extends SparkListener {

  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();

  /** A point in a session's activity; {@link #since} gives what happened after it. */
  public record Snapshot(long jobs, long tasks, long cpuNanos, long wallNanos) {

    /** The activity between {@code earlier} and this snapshot. */
    public Snapshot since(Snapshot earlier) {
      return new Snapshot(jobs - earlier.jobs, tasks - earlier.tasks,
          cpuNanos - earlier.cpuNanos, wallNanos - earlier.wallNanos);
    }

    /** For a log line: "12.3 s wall, 20.1 CPU-s, 345 Spark jobs, 690 tasks". */
    public String describe() {
      return String.format(Locale.ROOT, "%.1f s wall, %s, %d Spark jobs, %d tasks",
          wallNanos / 1e9, cpuNanos < 0 ? "CPU time unknown"
              : String.format(Locale.ROOT, "%.1f CPU-s", cpuNanos / 1e9), jobs, tasks);
    }
  }

  private SparkActivity() {}

  /** Registers a counter on the session's context; counts start at its registration. */
  public static SparkActivity register(SparkContext context) {
    SparkActivity activity = new SparkActivity();
    context.addSparkListener(activity);
    return activity;
  }

  /** Stops counting (the listener is removed from the context). */
  public void unregister(SparkContext context) {
    context.removeSparkListener(this);
  }

  public Snapshot now() {
    return new Snapshot(jobs.get(), tasks.get(), processCpuNanos(), System.nanoTime());
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    tasks.incrementAndGet();
  }

  /** CPU time of the whole process, -1 where the JVM cannot tell. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
