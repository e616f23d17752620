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

  /** The shared/ folder beside the repository (CDNOW data), located as Maven runs tests. */
  public static Path sharedDir() {
    String configured = System.getProperty("lapse.shared.dir");
    for (String candidate : new String[] {configured, "../../shared", "../shared"}) {
      if (candidate != null && Files.isDirectory(Paths.get(candidate, "data", "cdnow"))) {
        return Paths.get(candidate).toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared/data/cdnow not found (tried -Dlapse.shared.dir="
        + configured + ", ../../shared, ../shared from " + Paths.get("").toAbsolutePath()
        + "); the CDNOW reference data must sit in shared/ beside the repository");
  }
}
