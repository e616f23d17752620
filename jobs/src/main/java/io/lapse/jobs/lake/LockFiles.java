package io.lapse.jobs.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of {@link RunLock} in one folder, with the one primitive it relies on: create a file
 * only if it does not exist, atomically. Hadoop's local file system checks and then creates, so two
 * runs can both "create" the same file; on a local lake the files are made with
 * {@code O_CREAT | O_EXCL} through java.nio instead. Other file systems use Hadoop's create without
 * overwrite, which is atomic on HDFS.
 */
abstract class LockFiles {

  private static final Pattern LOCK = Pattern.compile("lapse-(\\d+)\\.lock");
  private static final Pattern LOCK_OR_RELEASED =
      Pattern.compile("lapse-(\\d+)\\.(lock|released)");

  static String lockName(long generation) {
    return "lapse-" + generation + ".lock";
  }

  static String releasedName(long generation) {
    return "lapse-" + generation + ".released";
  }

  static LockFiles in(Configuration hadoop, String dir) {
    URI uri = new Path(dir).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return new Local(Paths.get(uri.getPath()));
    }
    return new Hadoop(hadoop, new Path(dir));
  }

  abstract String location();

  /** Creates the file with the content; false when it exists already. */
  abstract boolean createNew(String name, String content) throws IOException;

  /** The content, empty when the file does not exist. */
  abstract Optional<String> read(String name) throws IOException;

  /** Last modification, empty when the file does not exist. */
  abstract Optional<Long> modifiedMillis(String name) throws IOException;

  abstract boolean exists(String name) throws IOException;

  abstract List<String> names() throws IOException;

  abstract void delete(String name) throws IOException;

  /** The highest lock generation in the folder, 0 when there is none. */
  long topGeneration() throws IOException {
    long top = 0;
    for (String name : names()) {
      Matcher m = LOCK.matcher(name);
      if (m.matches()) {
        top = Math.max(top, Long.parseLong(m.group(1)));
      }
    }
    return top;
  }

  /** Removes the lock and release files of every generation below {@code generation}. */
  void removeBelow(long generation) throws IOException {
    for (String name : names()) {
      Matcher m = LOCK_OR_RELEASED.matcher(name);
      if (m.matches() && Long.parseLong(m.group(1)) < generation) {
        delete(name);
      }
    }
  }

  private static final class Local extends LockFiles {
    private final java.nio.file.Path dir;

    Local(java.nio.file.Path dir) {
      this.dir = dir;
    }

    @Override
    String location() {
      return dir.toString();
    }

    @Override
    boolean createNew(String name, String content) throws IOException {
      Files.createDirectories(dir);
      try (OutputStream out = Files.newOutputStream(dir.resolve(name),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    Optional<String> read(String name) throws IOException {
      try {
        return Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    Optional<Long> modifiedMillis(String name) throws IOException {
      try {
        return Optional.of(Files.getLastModifiedTime(dir.resolve(name)).toMillis());
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    boolean exists(String name) {
      return Files.exists(dir.resolve(name));
    }

    @Override
    List<String> names() throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<java.nio.file.Path> files = Files.list(dir)) {
        return files.map(p -> p.getFileName().toString()).toList();
      }
    }

    @Override
    void delete(String name) throws IOException {
      Files.deleteIfExists(dir.resolve(name));
    }
  }

  private static final class Hadoop extends LockFiles {
    private final Configuration conf;
    private final Path dir;

    Hadoop(Configuration conf, Path dir) {
      this.conf = conf;
      this.dir = dir;
    }

    private FileSystem fs() throws IOException {
      return dir.getFileSystem(conf);
    }

    @Override
    String location() {
      return dir.toString();
    }

    @Override
    boolean createNew(String name, String content) throws IOException {
      try (FSDataOutputStream out = fs().create(new Path(dir, name), false)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException
          | org.apache.hadoop.fs.PathExistsException e) {
        return false;
      }
    }

    @Override
    Optional<String> read(String name) throws IOException {
      try (FSDataInputStream in = fs().open(new Path(dir, name))) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    }

    @Override
    Optional<Long> modifiedMillis(String name) throws IOException {
      try {
        return Optional.of(fs().getFileStatus(new Path(dir, name)).getModificationTime());
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    }

    @Override
    boolean exists(String name) throws IOException {
      return fs().exists(new Path(dir, name));
    }

    @Override
    List<String> names() throws IOException {
      List<String> names = new ArrayList<>();
      try {
        for (FileStatus s : fs().listStatus(dir)) {
          names.add(s.getPath().getName());
        }
      } catch (FileNotFoundException e) {
        return List.of();
      }
      return names;
    }

    @Override
    void delete(String name) throws IOException {
      fs().delete(new Path(dir, name), false);
    }
  }
}
