package io.lapse.jobs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per lake, decided by one atomic primitive: creating a file that must not
 * exist (see {@link LockFiles}).
 *
 * <p>The lock is a sequence of generations in the lake's {@code _locks} folder, {@code
 * lapse-<n>.lock}, each naming its holder. The highest generation is the lock; it is free when
 * its holder released it ({@code lapse-<n>.released}) or when it is stale: its process is gone
 * (same host) or it is older than the configured staleness. A run takes a free lock by creating
 * generation n + 1, so of all the runs that found generation n free exactly one wins, and a run
 * deciding from an older listing cannot win either: its generation exists already, or a higher one
 * does when it looks again. No file is ever replaced, which is what makes a takeover impossible to
 * win twice; each holder removes the generations below its own. On object stores without an atomic create, let the scheduler run
 * one lapse at a time.
 */
public final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  /** Runs that found the lock free and lost the race for it look again this many times. */
  private static final int ATTEMPTS = 8;

  private final LockFiles files;
  private final long generation;

  private RunLock(LockFiles files, long generation) {
    this.files = files;
    this.generation = generation;
  }

  /**
   * @param owner a line saying who takes the lock (job and as-of date), stored in the file
   * @throws RunLockedException when another live run holds the lock
   */
  public static RunLock acquire(Configuration hadoop, String locksDir, String owner,
      Duration staleAfter) {
    LockFiles files = LockFiles.in(hadoop, locksDir);
    try {
      String host = InetAddress.getLocalHost().getHostName();
      String content = "host=" + host + " pid=" + ProcessHandle.current().pid() + " started="
          + Instant.now() + " token=" + UUID.randomUUID() + " " + owner;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        long top = files.topGeneration();
        if (top > 0 && !isFree(files, top, host, staleAfter)) {
          continue;
        }
        long next = top + 1;
        if (files.createNew(LockFiles.lockName(next), content)) {
          // A run deciding on an old listing can create a generation that a holder above it has
          // cleaned up already: a higher generation than the one it created tells it so.
          if (files.topGeneration() > next) {
            files.delete(LockFiles.lockName(next));
            continue;
          }
          files.removeBelow(next);
          return new RunLock(files, next);
        }
      }
      throw new RunLockedException("could not take the lock in " + files.location() + " after "
          + ATTEMPTS + " attempts: other runs kept taking it first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the run lock in " + files.location(), e);
    }
  }

  /**
   * Whether generation {@code n} may be followed; throws when a live run holds it. Returns false
   * when its file vanished in the meantime (a holder below ours cleaned up): list again.
   */
  private static boolean isFree(LockFiles files, long n, String host, Duration staleAfter)
      throws IOException {
    String name = LockFiles.lockName(n);
    if (files.exists(LockFiles.releasedName(n))) {
      return true;
    }
    Optional<String> holder = files.read(name);
    Optional<Long> modified = files.modifiedMillis(name);
    if (holder.isEmpty() || modified.isEmpty()) {
      return false;
    }
    long ageMillis = System.currentTimeMillis() - modified.get();
    long pid = pidOf(holder.get());
    boolean deadOnThisHost = holder.get().startsWith("host=" + host + " ") && pid > 0
        && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    if (deadOnThisHost || ageMillis > staleAfter.toMillis()) {
      LOG.warn("taking over the stale lock {} ({}): {}", files.location() + "/" + name,
          deadOnThisHost ? "its process is gone" : "older than " + staleAfter, holder.get());
      return true;
    }
    throw new RunLockedException("another lapse run holds the lock " + files.location() + "/"
        + name + " (" + (holder.get().isEmpty() ? "its holder is writing it" : holder.get())
        + "); wait for it to finish, or delete the file if no run"
        + " is active");
  }

  private static long pidOf(String holder) {
    for (String part : holder.split(" ")) {
      if (part.startsWith("pid=")) {
        try {
          return Long.parseLong(part.substring(4));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * Marks this generation released. A run whose lock was taken over as stale marks only its own
   * generation, which is no longer the lock: the new holder keeps it.
   */
  @Override
  public void close() {
    try {
      files.createNew(LockFiles.releasedName(generation), "released=" + Instant.now());
    } catch (IOException e) {
      LOG.warn("could not release the run lock {}/{}: {}", files.location(),
          LockFiles.lockName(generation), e.toString());
    }
  }
}
