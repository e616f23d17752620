package io.lapse.jobs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per lake: a lock file created atomically (create without overwrite) in the
 * lake's _locks folder. A lock left by a run that died is taken over when its process is gone
 * (same host) or when it is older than the configured staleness. On object stores without an
 * atomic create, let the scheduler run one lapse at a time.
 */
public final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /**
   * @param owner a line saying who takes the lock (job and as-of date), stored in the file
   * @throws RunLockedException when another live run holds the lock
   */
  public static RunLock acquire(Configuration hadoop, String locksDir, String owner,
      Duration staleAfter) {
    Path path = new Path(locksDir, "lapse.lock");
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      String host = InetAddress.getLocalHost().getHostName();
      long pid = ProcessHandle.current().pid();
      String content = "host=" + host + " pid=" + pid + " started=" + Instant.now() + " " + owner;
      for (int attempt = 0; attempt < 2; attempt++) {
        try (FSDataOutputStream out = fs.create(path, false)) {
          out.write(content.getBytes(StandardCharsets.UTF_8));
          return new RunLock(fs, path);
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.PathExistsException e) {
          handleExisting(fs, path, host, staleAfter);
        } catch (IOException e) {
          if (!fs.exists(path)) {
            throw e;
          }
          handleExisting(fs, path, host, staleAfter);
        }
      }
      throw new RunLockedException("could not take the lock " + path + " after removing a stale"
          + " one: another run took it first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run lock " + path, e);
    }
  }

  private static void handleExisting(FileSystem fs, Path path, String host, Duration staleAfter)
      throws IOException {
    String holder;
    try (FSDataInputStream in = fs.open(path)) {
      holder = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    long ageMillis = System.currentTimeMillis() - fs.getFileStatus(path).getModificationTime();
    boolean deadOnThisHost = holder.startsWith("host=" + host + " ") && pidOf(holder) > 0
        && ProcessHandle.of(pidOf(holder)).map(p -> !p.isAlive()).orElse(true);
    if (deadOnThisHost || ageMillis > staleAfter.toMillis()) {
      LOG.warn("taking over the stale lock {} ({}): {}", path,
          deadOnThisHost ? "its process is gone" : "older than " + staleAfter, holder);
      fs.delete(path, false);
      return;
    }
    throw new RunLockedException("another lapse run holds the lock " + path + " (" + holder
        + "); wait for it to finish, or delete the file if no run is active");
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

  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not remove the run lock {}: {}", path, e.toString());
    }
  }
}
