package io.lapse.testing;

import io.lapse.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession all tests of a JVM share (Surefire runs a module's test classes in
 * one JVM), built by the same factory the jobs use.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.getOrCreate("lapse-test", "local[2]", 2, Map.of(
          "spark.ui.enabled", "false",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.sql.warehouse.dir", tempDir("warehouse").toString(),
          "spark.databricks.delta.snapshotPartitions", "2"));
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("lapse-" + prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The repository's copy of the CDNOW data (data/cdnow), located as Maven runs tests:
   * -Dlapse.data.dir (set by the build to the repository's data/ folder), else found from the
   * module's working directory.
   */
  public static Path cdnowDir() {
    String configured = System.getProperty("lapse.data.dir");
    for (String candidate : new String[] {configured, "../data", "data"}) {
      if (candidate != null && Files.isRegularFile(
          Paths.get(candidate, "cdnow", "CDNOW_sample.txt"))) {
        return Paths.get(candidate, "cdnow").toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("data/cdnow/CDNOW_sample.txt not found (tried"
        + " -Dlapse.data.dir=" + configured + ", ../data, data from "
        + Paths.get("").toAbsolutePath() + "); it is part of the repository");
  }

}
