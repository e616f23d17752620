package io.lapse.features.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Checks on configured input paths. */
public final class InputPaths {

  private InputPaths() {}

  /**
   * Fails with the configured path when an input is not there, before Spark says it obscurely.
   *
   * @param key the configuration key the path came from, named in the message
   * @throws InputSchemaException when nothing exists at {@code path}
   */
  public static void requireExists(Configuration hadoopConf, String path, String key) {
    try {
      Path p = new Path(path);
      if (!p.getFileSystem(hadoopConf).exists(p)) {
        throw new InputSchemaException("input path '" + path + "' (" + key + ")"
            + " does not exist; check the path or the mount");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the input path " + path, e);
    }
  }
}
