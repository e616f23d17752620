package io.lapse.features.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.engagement.EngagementProfile;
import io.lapse.features.engagement.EventReader;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.ingest.ClassifiedSource;
import io.lapse.features.ingest.DispositionClassifier;
import io.lapse.features.ingest.IngestSource;
import io.lapse.features.ingest.IngestWindow;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quarantined records of text inputs carry their line in the file. Each bad record names its own
 * true line (customer or user {@code BAD<file>_<line>}), written among blank lines, \r\n line
 * ends, a repeated header and a stray quote, in a file split into many blocks and small files
 * packed into one partition: the line number must equal it everywhere.
 */
class LineNumbersTest {

  private static final LocalDate FLOOR = LocalDate.parse("2000-01-01");
  private static final LocalDate D = LocalDate.parse("2024-12-31");
  private static final Pattern TRUE_LINE = Pattern.compile("BAD[a-z]_(\\d+)");
  private final SparkSession spark = TestSpark.session();

  @BeforeEach
  void smallBlocksPackedTogether() {
    // Blocks of 2 KB, and no cost of opening a file, so small files share a partition.
    spark.conf().set("spark.sql.files.maxPartitionBytes", "2048");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
  }

  @AfterEach
  void defaults() {
    spark.conf().unset("spark.sql.files.maxPartitionBytes");
    spark.conf().unset("spark.sql.files.openCostInBytes");
  }

  @Test
  void csvQuarantineRowsCarryTheirTrueLineAcrossBlocksAndPackedFiles() throws IOException {
    Path dir = TestSpark.tempDir("lines-csv");
    String header = "cust,ts,amt";
    IntFunction<String> good = n -> "C" + n + ",2024-03-01 10:00:00," + (n % 50) + ".25";
    IntFunction<String> bad = n -> "BADa_" + n + ",2024-03-01 10:00:00,x" + n;
    // a: about 40 KB with \r\n line ends, 20-odd blocks: bad records every 37 lines, blank lines
    // every 11, a repeated header and a stray quote.
    List<String> a = new ArrayList<>(List.of(header));
    for (int n = 2; n <= 1500; n++) {
      if (n == 700) {
        a.add(header);
      } else if (n % 11 == 0) {
        a.add("");
      } else if (n == 901) {
        a.add("\"BADa_901,2024-03-01,1.00");
      } else {
        a.add(n % 37 == 0 || n == 2 ? bad.apply(n) : good.apply(n));
      }
    }
    write(dir.resolve("a.csv"), String.join("\r\n", a) + "\r\n");
    // b, c, d: small, so packed into one partition (with a's last block, perhaps); b starts with
    // blank lines and ends without a line end.
    write(dir.resolve("b.csv"), header + "\n\n\n" + bad.apply(4).replace("BADa", "BADb")
        + "\n" + good.apply(5) + "\n" + bad.apply(6).replace("BADa", "BADb"));
    write(dir.resolve("c.csv"), header + "\n" + good.apply(2) + "\n"
        + bad.apply(3).replace("BADa", "BADc") + "\n");
    write(dir.resolve("d.csv"), header + "\r\n\r\n" + bad.apply(3).replace("BADa", "BADd")
        + "\r\n");
    TransactionSourceSpec spec = new TransactionSourceSpec("csv", dir.toString(), true, ",",
        "cust", "ts", "amt", "", "");
    ParsedRecords parsed = new TransactionReader(spark).parse(spec, FLOOR, D);

    // The layout this test is about: one file in many blocks, one partition with many files.
    Dataset<Row> positions = parsed.records().selectExpr("source_file",
        "_position.block AS block", "shiftright(_position.id, 33) AS part");
    long blocksOfA = positions.where("source_file LIKE '%a.csv'").select("block").distinct()
        .count();
    assertTrue(blocksOfA >= 15, "blocks of a.csv: " + blocksOfA);
    long mostFilesInAPartition = positions.groupBy("part")
        .agg(org.apache.spark.sql.functions.countDistinct("source_file").as("n"))
        .agg(org.apache.spark.sql.functions.max("n")).first().getLong(0);
    assertTrue(mostFilesInAPartition >= 3, "files in one partition: " + mostFilesInAPartition);

    Map<String, Long> lines = quarantinedLines(IngestSource.transactions(spec, parsed));
    assertEquals(expectedLines(lines.keySet()), lines);
    assertEquals(1 + 37 + 1 + 2 + 1 + 1, lines.size(), "bad records: " + lines.keySet());
  }

  @Test
  void jsonQuarantineRowsCarryTheirTrueLine() throws IOException {
    Path dir = TestSpark.tempDir("lines-json");
    StringBuilder j = new StringBuilder();
    for (int n = 1; n <= 300; n++) {
      String user = n % 23 == 0 ? "BADj_" + n : "u" + n;
      String ts = n % 23 == 0 ? "nope" : "2024-03-01T10:00:00Z";
      j.append(n % 13 == 0 ? "   " : n == 150 ? "[1, 2]"
          : "{\"user_id\":\"" + user + "\",\"timestamp\":\"" + ts + "\",\"event_type\":\"visit\"}")
          .append(n % 2 == 0 ? "\r\n" : "\n");
    }
    write(dir.resolve("j.json"), j.toString());
    EventSourceSpec spec = EventSourceSpec.defaults().withPath(dir.toString());
    ParsedRecords parsed = new EventReader(spark).parse(spec, EngagementProfile.defaults(), FLOOR,
        D, Optional.empty());

    Map<String, Long> lines = quarantinedLines(IngestSource.events(spec, parsed));
    Map<String, Long> expected = expectedLines(lines.keySet());
    expected.put("[1, 2]", 150L);
    assertEquals(expected, lines);
    assertEquals(12 + 1, lines.size(), "bad records: " + lines.keySet());
  }

  @Test
  void parquetQuarantineRowsHaveNoLineNumber() {
    Path dir = TestSpark.tempDir("lines-parquet").resolve("tx");
    spark.sql("SELECT 'c1' AS cust, '2024-03-01' AS ts, 'x' AS amt").write().parquet(
        dir.toString());
    TransactionSourceSpec spec = new TransactionSourceSpec("parquet", dir.toString(), true, ",",
        "cust", "ts", "amt", "", "");
    ClassifiedSource c = DispositionClassifier.classify(
        IngestSource.transactions(spec, new TransactionReader(spark).parse(spec, FLOOR, D)),
        new IngestWindow(Optional.empty(), D));
    try {
      List<Row> rows = c.quarantined(c.counts()).collectAsList();
      assertEquals(1, rows.size());
      assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex(ClassifiedSource.LINE_NUMBER)));
    } finally {
      c.unpersist();
    }
  }

  /** Line number by raw record of the source's quarantine rows, as ingest writes them. */
  private static Map<String, Long> quarantinedLines(IngestSource source) {
    ClassifiedSource c = DispositionClassifier.classify(source, new IngestWindow(Optional.empty(),
        D));
    try {
      Dataset<Row> q = c.quarantined(c.counts());
      assertEquals(List.of("as_of_date", "source", "source_file", "raw_record", "reason",
          "line_number"), List.of(q.columns()));
      Map<String, Long> lines = new TreeMap<>();
      q.collectAsList().forEach(r -> lines.put(r.getString(3), r.isNullAt(5) ? null
          : r.getLong(5)));
      return lines;
    } finally {
      c.unpersist();
    }
  }

  /** The line each record names, for those that name one. */
  private static Map<String, Long> expectedLines(Iterable<String> records) {
    Map<String, Long> expected = new TreeMap<>();
    for (String r : records) {
      Matcher m = TRUE_LINE.matcher(r);
      if (m.find()) {
        expected.put(r, Long.parseLong(m.group(1)));
      }
    }
    return expected;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
