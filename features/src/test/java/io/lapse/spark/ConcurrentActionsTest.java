package io.lapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConcurrentActionsTest {

  @Test
  void resultsKeepTheTasksKeysAndOrderAndTheTasksRunAtOnce() {
    // Each task waits until all three have started: only concurrent tasks can finish.
    CountDownLatch started = new CountDownLatch(3);
    Map<String, Callable<Integer>> tasks = new LinkedHashMap<>();
    for (String k : List.of("web", "ALL", "store")) {
      tasks.put(k, () -> {
        started.countDown();
        assertTrue(started.await(30, TimeUnit.SECONDS), "tasks did not run at once");
        return k.length();
      });
    }
    Map<String, Integer> out = ConcurrentActions.run(3, tasks);
    assertEquals(List.of("web", "ALL", "store"), new ArrayList<>(out.keySet()));
    assertEquals(List.of(3, 3, 5), new ArrayList<>(out.values()));
  }

  @Test
  void oneThreadRunsTheTasksInTheCallingThreadInOrder() {
    List<String> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    Map<Integer, Callable<Integer>> tasks = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      tasks.put(n, () -> {
        assertSame(caller, Thread.currentThread());
        seen.add("task " + n);
        return n * n;
      });
    }
    assertEquals(Map.of(0, 0, 1, 1, 2, 4), ConcurrentActions.run(1, tasks));
    assertEquals(List.of("task 0", "task 1", "task 2"), seen);
  }

  @Test
  void aFailingTaskThrowsItsOwnExceptionAndCheckedOnesAreWrapped() {
    Map<String, Callable<Integer>> tasks = new LinkedHashMap<>();
    tasks.put("ok", () -> 1);
    tasks.put("bad", () -> {
      throw new IllegalArgumentException("segment 'web': every feature is null");
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConcurrentActions.run(2, tasks));
    assertEquals("segment 'web': every feature is null", e.getMessage());

    Map<String, Callable<Integer>> checked = new LinkedHashMap<>();
    checked.put("a", () -> 1);
    checked.put("io", () -> {
      throw new IOException("artifact not readable");
    });
    IllegalStateException wrapped = assertThrows(IllegalStateException.class,
        () -> ConcurrentActions.run(2, checked));
    assertEquals("artifact not readable", wrapped.getMessage());
    assertTrue(wrapped.getCause() instanceof IOException);
  }

  @Test
  void workersSeeTheCallersRunIdAndSparkJobGroup() {
    SparkSession spark = TestSpark.session();
    MDC.put("run_id", "nightly-1");
    spark.sparkContext().setJobGroup("lapse-train", "train", false);
    try {
      Map<Integer, Callable<String>> tasks = new LinkedHashMap<>();
      for (int i = 0; i < 2; i++) {
        tasks.put(i, () -> MDC.get("run_id") + " "
            + spark.sparkContext().getLocalProperty("spark.jobGroup.id"));
      }
      assertEquals(List.of("nightly-1 lapse-train", "nightly-1 lapse-train"),
          new ArrayList<>(ConcurrentActions.run(2, tasks).values()));
    } finally {
      MDC.remove("run_id");
      spark.sparkContext().clearJobGroup();
    }
  }

  @Test
  void threadsMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConcurrentActions.run(0, Map.of("a", () -> 1)));
    assertEquals("threads must be >= 1 but was 0", e.getMessage());
  }
}
