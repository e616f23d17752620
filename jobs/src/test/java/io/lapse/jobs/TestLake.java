package io.lapse.jobs;

import com.typesafe.config.ConfigFactory;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A lake in a temporary folder, configured by overrides on top of reference.conf. */
final class TestLake {

  final Path root;
  final LapseConfig config;

  TestLake(Map<String, Object> overrides) {
    this(overrides, TestSpark.tempDir("lake"));
  }

  /** A lake at {@code root}: another configuration of an existing lake. */
  TestLake(Map<String, Object> overrides, Path root) {
    this.root = root;
    Map<String, Object> all = new HashMap<>(overrides);
    all.put("lapse.lake.root", root.toString());
    all.putIfAbsent("lapse.spark.shuffle-partitions", 2);
    // The report costs seconds per nightly; PipelineTest checks it, the other tests need none.
    all.putIfAbsent("lapse.report.enabled", false);
    this.config = LapseConfig.from(
        ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  void run(String job, LocalDate asOf) {
    Lapse.execute(job, TestSpark.session(), config, asOf, Optional.empty());
  }

  void run(String job, LocalDate asOf, LocalDate reingestFrom) {
    Lapse.execute(job, TestSpark.session(), config, asOf, Optional.of(reingestFrom));
  }

  /** train registering only the named segments (train --segments). */
  void train(LocalDate asOf, java.util.Set<String> segments) {
    Lapse.execute("train", TestSpark.session(), config, asOf, Optional.empty(), segments);
  }

  void nightly(LocalDate asOf) {
    run("nightly", asOf);
  }

  Dataset<Row> table(Table table) {
    return TestSpark.session().read().format("delta").load(config.lake.path(table));
  }

  /** The ingest_runs row of the transactions of one as-of date. */
  Row ingestRun(LocalDate asOf) {
    return ingestRun(asOf, IngestJob.TRANSACTIONS);
  }

  Row ingestRun(LocalDate asOf, String source) {
    return table(Table.INGEST_RUNS)
        .where("as_of_date = DATE'" + asOf + "' AND source = '" + source + "'").first();
  }

  static Map<String, Object> csvInput(Path transactions, Path customers) {
    Map<String, Object> m = new HashMap<>();
    m.put("lapse.input.transactions.format", "csv");
    m.put("lapse.input.transactions.path", transactions.toString());
    m.put("lapse.input.transactions.columns.order-id", "order_id");
    if (customers != null) {
      m.put("lapse.input.customers.path", customers.toString());
      m.put("lapse.segments.source", "customer-column");
      m.put("lapse.segments.customer-column", "channel");
    }
    return m;
  }

  /** True when both frames hold the same rows, duplicates counted. */
  static boolean sameRows(Dataset<Row> a, Dataset<Row> b) {
    Dataset<Row> x = comparable(a);
    Dataset<Row> y = comparable(b);
    return x.exceptAll(y).isEmpty() && y.exceptAll(x).isEmpty();
  }

  /** Spark's set operations refuse map columns: compare maps as sorted entry arrays. */
  private static Dataset<Row> comparable(Dataset<Row> d) {
    for (var f : d.schema().fields()) {
      if (f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        d = d.withColumn(f.name(), org.apache.spark.sql.functions.array_sort(
            org.apache.spark.sql.functions.map_entries(org.apache.spark.sql.functions.col(f.name()))));
      }
    }
    return d;
  }

  /** Copies {@code source} and everything below it into {@code target}; returns target. */
  static Path copyRecursively(Path source, Path target) {
    try (var paths = Files.walk(source)) {
      for (Path p : paths.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
    }
    return target;
  }

  /** Deletes {@code dir} and everything below it (nothing when it does not exist). */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
