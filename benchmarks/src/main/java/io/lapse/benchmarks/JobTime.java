package io.lapse.benchmarks;

/**
 * One timed step of a (cut-off, horizon) row: a lapse job run in-process, or the benchmark's own
 * evaluation.
 *
 * @param job the job name (ingest, features, train, score) or "benchmark"
 * @param exitCode lapse's exit code (0 for the benchmark's own step)
 * @param wallSeconds elapsed time
 * @param cpuSeconds CPU time of the whole JVM process over the step (every Spark thread), from
 *     the OperatingSystemMXBean; may exceed wall time on several cores
 * @param message lapse's error line on a failure, else empty
 */
public record JobTime(String job, int exitCode, double wallSeconds, double cpuSeconds,
    String message) {}
