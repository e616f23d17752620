package io.lapse.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Runs independent driver-side work that submits Spark jobs (model fits of different segments or
 * candidates) from a few threads at once, as MLlib's {@code CrossValidator.setParallelism} does.
 *
 * <p>Why: a fit on a small segment is a chain of small Spark jobs (one per optimizer iteration or
 * tree level), each mostly scheduling latency during which the cores are idle; several chains at
 * once keep them busy. Spark's scheduler takes jobs from several threads; the threads inherit the
 * caller's Spark local properties (job group, description) because the pool creates them from the
 * calling thread, and they are given its logging context (the run id) here.
 */
public final class ConcurrentActions {

  private ConcurrentActions() {}

  /**
   * Runs every task and returns their results under the same keys, in the same order. With one
   * thread (or one task) they run one after another in the calling thread.
   *
   * @param threads how many tasks run at once, at least 1
   * @throws RuntimeException the first failure in key order, as thrown by its task (checked
   *     exceptions wrapped); the tasks not yet started are cancelled
   */
  public static <K, V> Map<K, V> run(int threads, Map<K, Callable<V>> tasks) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
    }
    Map<K, V> out = new LinkedHashMap<>();
    if (threads == 1 || tasks.size() <= 1) {
      tasks.forEach((k, task) -> out.put(k, call(task)));
      return out;
    }
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread t = new Thread(r, "lapse-fit-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<K> keys = new ArrayList<>(tasks.keySet());
    List<Future<V>> futures = new ArrayList<>();
    try {
      for (K k : keys) {
        Callable<V> task = tasks.get(k);
        futures.add(pool.submit(() -> {
          if (logContext != null) {
            MDC.setContextMap(logContext);
          }
          try {
            return task.call();
          } finally {
            MDC.clear();
          }
        }));
      }
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), await(futures.get(i)));
      }
      return out;
    } finally {
      futures.forEach(f -> f.cancel(false));
      pool.shutdown();
    }
  }

  private static <V> V call(Callable<V> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static <V> V await(Future<V> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a model fit", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }
}
