package io.lapse.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lock is exclusive: of runs racing for a free or a stale lock exactly one holds it, the
 * others are told another run holds it (exit 75), and a run that lost its lock to a takeover
 * cannot release the new holder's. No Spark: the lock is file system operations only.
 */
class RunLockTest {

  private static final int RACERS = 4;
  private static final Configuration HADOOP = new Configuration();
  private static ExecutorService pool;

  @TempDir Path temp;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(RACERS);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void ofRunsRacingForAFreeLockExactlyOneHoldsIt() throws Exception {
    for (int round = 0; round < 300; round++) {
      Path locks = temp.resolve("free-" + round);
      assertExactlyOneHolder(locks, round);
    }
  }

  @Test
  void ofRunsRacingToTakeOverALockLeftByADeadProcessExactlyOneHoldsIt() throws Exception {
    long deadPid = deadPid();
    String host = InetAddress.getLocalHost().getHostName();
    for (int round = 0; round < 300; round++) {
      Path locks = Files.createDirectories(temp.resolve("stale-" + round));
      Files.writeString(locks.resolve("lapse-1.lock"),
          "host=" + host + " pid=" + deadPid + " started=2024-01-01T00:00:00Z job=nightly");
      assertExactlyOneHolder(locks, round);
    }
  }

  @Test
  void aRunWhoseStaleLockWasTakenOverCannotReleaseTheNewHoldersLock() throws Exception {
    String locks = temp.resolve("locks").toString();
    RunLock slow = RunLock.acquire(HADOOP, locks, "job=nightly slow", Duration.ofHours(1));
    Thread.sleep(20);
    // Older than a staleness of 10 ms: the second run takes it over.
    RunLock taker = RunLock.acquire(HADOOP, locks, "job=nightly taker", Duration.ofMillis(10));
    slow.close();
    RunLockedException e = assertThrows(RunLockedException.class,
        () -> RunLock.acquire(HADOOP, locks, "job=nightly third", Duration.ofHours(1)));
    assertTrue(e.getMessage().contains("job=nightly taker"), e.getMessage());
    taker.close();
    RunLock.acquire(HADOOP, locks, "job=nightly third", Duration.ofHours(1)).close();
  }

  @Test
  void theFolderKeepsOnlyTheCurrentGeneration() throws Exception {
    String locks = temp.resolve("locks").toString();
    for (int i = 0; i < 5; i++) {
      RunLock.acquire(HADOOP, locks, "job=nightly " + i, Duration.ofHours(1)).close();
    }
    try (var files = Files.list(temp.resolve("locks"))) {
      assertEquals(List.of("lapse-5.lock", "lapse-5.released"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /**
   * RACERS threads ask for the lock at once; the holder keeps it until every racer has had its
   * answer, so a second holder cannot be excused as having come after a release.
   */
  private static void assertExactlyOneHolder(Path locks, int round) throws Exception {
    CyclicBarrier start = new CyclicBarrier(RACERS);
    CountDownLatch answered = new CountDownLatch(RACERS);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      String owner = "job=nightly racer=" + i;
      outcomes.add(pool.submit(() -> {
        start.await();
        RunLock lock;
        try {
          lock = RunLock.acquire(HADOOP, locks.toString(), owner, Duration.ofHours(1));
        } catch (RunLockedException e) {
          answered.countDown();
          return "locked";
        } catch (RuntimeException e) {
          answered.countDown();
          return "failed: " + e;
        }
        answered.countDown();
        answered.await(10, TimeUnit.SECONDS);
        lock.close();
        return "held";
      }));
    }
    List<String> results = new ArrayList<>();
    for (Future<String> f : outcomes) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, results.stream().filter("held"::equals).count(),
        "round " + round + ": " + results);
    assertEquals(RACERS - 1, results.stream().filter("locked"::equals).count(),
        "round " + round + ": " + results);
  }

  private static long deadPid() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    return dead.pid();
  }
}
