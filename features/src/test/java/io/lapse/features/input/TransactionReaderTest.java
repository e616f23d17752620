package io.lapse.features.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class TransactionReaderTest {

  private static final LocalDate FLOOR = LocalDate.parse("2000-01-01");
  private static final LocalDate LATEST = LocalDate.parse("2030-12-31");
  private final SparkSession spark = TestSpark.session();

  private static TransactionSourceSpec csv(Path path) {
    return new TransactionSourceSpec("csv", path.toString(), true, ",", "cust", "ts", "amt",
        "order", "");
  }

  @Test
  void everyCsvRecordIsAcceptedOrGetsItsReason() throws IOException {
    Path file = TestSpark.tempDir("reader").resolve("tx.csv");
    Files.writeString(file, String.join("\n",
        "cust,ts,amt,order",
        "c1,2024-03-01 10:00:00,12.50,o1",
        "c2,2024-03-02,7,o2",
        ",2024-03-02,7,o3",
        "c3,not-a-date,7,o4",
        "c4,1999-12-31,7,o5",
        "c5,2024-03-03,,o6",
        "c6,2024-03-03,abc,o7",
        "c7,2024-03-03,-1.00,o8",
        "c8,2024-03-03,NaN,o9",
        "\"c9,2024-03-03,5,o10",
        "") + "\n");
    List<Row> rows = new TransactionReader(spark).read(csv(file), FLOOR, LATEST)
        .orderBy(TransactionReader.RAW_RECORD).collectAsList();
    Map<String, String> reasonByRecord = new TreeMap<>();
    for (Row r : rows) {
      reasonByRecord.put(r.getAs(TransactionReader.RAW_RECORD),
          String.valueOf((Object) r.getAs(TransactionReader.REJECT_REASON)));
    }
    Map<String, String> expected = new TreeMap<>(Map.of(
        "c1,2024-03-01 10:00:00,12.50,o1", "null",
        "c2,2024-03-02,7,o2", "null",
        ",2024-03-02,7,o3", "missing_customer_id",
        "c3,not-a-date,7,o4", "unparsable_timestamp",
        "c4,1999-12-31,7,o5", "timestamp_before_floor",
        "c5,2024-03-03,,o6", "missing_amount",
        "c6,2024-03-03,abc,o7", "non_numeric_amount",
        "c7,2024-03-03,-1.00,o8", "negative_amount",
        "c8,2024-03-03,NaN,o9", "non_numeric_amount"));
    // The unbalanced quote swallows the rest of the file into one malformed record.
    assertEquals(10, rows.size(), "one output row per data line: " + reasonByRecord);
    reasonByRecord.entrySet().removeIf(e -> e.getKey().startsWith("\"c9"));
    assertEquals(expected, reasonByRecord);
    Row c1 = rows.stream().filter(r -> "c1".equals(r.getAs("customer_id"))).findFirst().get();
    assertEquals(LocalDate.parse("2024-03-01"), c1.getDate(2).toLocalDate());
    assertEquals(12.5, c1.getDouble(3));
    assertEquals("o1", c1.getString(4));
  }

  @Test
  void aQuotedFieldSpanningLinesIsQuarantinedLineByLineAndRecordsKeepTheirText()
      throws IOException {
    Path file = TestSpark.tempDir("reader").resolve("tx.csv");
    Files.writeString(file, String.join("\n",
        "cust,ts,amt,order",
        "\"C0000",
        "01\",2024-06-01 10:00:00,5.00,o1",
        "c2,2024-03-02,7,o2",
        "\"c3\",\"2024-03-02\",\"1,234.50\",o3",
        "cust,ts,amt,order",
        "c4,\"2024-03-02 \\\"noon\\\"\",7,o4",
        "\"c5,2024-03-03,5,o5",
        "c6,2024-03-03,5,o6") + "\n");
    Map<String, String> reasons = new TreeMap<>();
    for (Row r : new TransactionReader(spark).read(csv(file), FLOOR, LATEST).collectAsList()) {
      reasons.put(r.getAs(TransactionReader.RAW_RECORD),
          String.valueOf((Object) r.getAs(TransactionReader.REJECT_REASON)));
    }
    // Both halves of the broken customer id are malformed (before, the second was accepted as
    // customer 01"); the repeated header is no record; a stray quote costs its own line only.
    assertEquals(new TreeMap<>(Map.of(
        "\"C0000", "malformed_record",
        "01\",2024-06-01 10:00:00,5.00,o1", "malformed_record",
        "c2,2024-03-02,7,o2", "null",
        "\"c3\",\"2024-03-02\",\"1,234.50\",o3", "non_numeric_amount",
        "c4,\"2024-03-02 \\\"noon\\\"\",7,o4", "unparsable_timestamp",
        "\"c5,2024-03-03,5,o5", "malformed_record",
        "c6,2024-03-03,5,o6", "null")), reasons);
  }

  @Test
  void onlyWholeDatesAndPlainDecimalNumbersAreRead() throws IOException {
    Path file = TestSpark.tempDir("reader").resolve("tx.csv");
    Files.writeString(file, String.join("\n",
        "cust,ts,amt,order",
        "c1,2025,5,o1",
        "c2,2025-06,5,o2",
        "c3,2024-03-01T10:00:00Z,5,o3",
        "c4,2024-03-01,0x1p3,o4",
        "c5,2024-03-01,12d,o5",
        "c6,2024-03-01,1e-400,o6",
        "c7,2024-03-01,1.5e2,o7",
        "c8,2024-03-01,.5,o8",
        "c9,2024-03-01,0.000,o9",
        "c10,2024-03-01,+7.,o10",
        "c".repeat(300) + ",2024-03-01,5,o11") + "\n");
    Map<String, String> outcome = new TreeMap<>();
    for (Row r : new TransactionReader(spark).read(csv(file), FLOOR, LATEST).collectAsList()) {
      Object reason = r.getAs(TransactionReader.REJECT_REASON);
      outcome.put(r.getAs("customer_id"), reason != null ? (String) reason
          : r.getAs(TransactionReader.TXN_DATE) + " " + r.getAs(TransactionReader.AMOUNT));
    }
    assertEquals("invalid_customer_id", outcome.remove("c".repeat(300)));
    assertEquals(new TreeMap<>(Map.of(
        "c1", "unparsable_timestamp", "c2", "unparsable_timestamp",
        "c3", "2024-03-01 5.0",
        "c4", "non_numeric_amount", "c5", "non_numeric_amount", "c6", "non_numeric_amount",
        "c7", "2024-03-01 150.0", "c8", "2024-03-01 0.5", "c9", "2024-03-01 0.0",
        "c10", "2024-03-01 7.0")), outcome);
  }

  @Test
  void epochSecondsAndMillisecondsAreReadAsTextOrAsNumbers() throws IOException {
    Path dir = TestSpark.tempDir("reader");
    Files.writeString(dir.resolve("seconds.csv"), String.join("\n",
        "cust,ts,amt,order", "c1,1709287200,5,o1", "c2,1709287200.5,5,o2", "c3,0x10,5,o3",
        "c4,1e12,5,o4") + "\n");
    spark.sql("SELECT 'c5' AS cust, 1709287200000L AS ts, 5.0 AS amt, 'o5' AS order")
        .write().parquet(dir.resolve("millis").toString());
    Map<String, String> outcome = new TreeMap<>();
    List<TransactionSourceSpec> specs = List.of(
        new TransactionSourceSpec("csv", dir.resolve("seconds.csv").toString(), true, ",", "cust",
            "ts", "amt", "order", "epoch-seconds"),
        new TransactionSourceSpec("parquet", dir.resolve("millis").toString(), true, ",", "cust",
            "ts", "amt", "order", "epoch-millis"));
    for (TransactionSourceSpec spec : specs) {
      for (Row r : new TransactionReader(spark).read(spec, FLOOR, LATEST).collectAsList()) {
        Object reason = r.getAs(TransactionReader.REJECT_REASON);
        outcome.put(r.getAs("customer_id"), reason != null ? (String) reason
            : String.valueOf((Object) r.getAs(TransactionReader.EVENT_TS)));
      }
    }
    // 1709287200 s = 2024-03-01 10:00:00 UTC; a year-33658 number is no epoch time of this era.
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    assertEquals(Map.of(
        "c1", java.sql.Timestamp.from(java.time.Instant.parse("2024-03-01T10:00:00Z")).toString(),
        "c2", java.sql.Timestamp.from(java.time.Instant.parse("2024-03-01T10:00:00.5Z")).toString(),
        "c3", "unparsable_timestamp", "c4", "unparsable_timestamp",
        "c5", java.sql.Timestamp.from(java.time.Instant.parse("2024-03-01T10:00:00Z")).toString()),
        outcome, "JVM zone " + zone.getID());
  }

  @Test
  void anEmptyFileIsReportedAsEmptyNotAsAMissingColumn() throws IOException {
    Path file = Files.createFile(TestSpark.tempDir("reader").resolve("tx.csv"));
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> new TransactionReader(spark).read(csv(file), FLOOR, LATEST));
    assertEquals("Transaction input '" + file + "' (format csv) is empty: no header and no"
        + " records. Check what writes it, or set lapse.input.transactions.path to the files that"
        + " hold the data.", e.getMessage());
  }

  @Test
  void duplicateOrdersFutureDatesAndBadBytesAreQuarantined() throws IOException {
    Path file = TestSpark.tempDir("reader").resolve("tx.csv");
    byte[] latin1 = "c9,2024-03-05,4,o9,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(file, ("cust,ts,amt,order,note\n"
        + "c1,2024-03-02,5,o1,late copy\n"
        + "c1,2024-03-01,5,o1,first\n"
        + "c2,2024-03-01,5,o1,same order other customer\n"
        + "c3,2031-01-01,5,o3,future\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(file, latin1, java.nio.file.StandardOpenOption.APPEND);
    List<Row> rows = new TransactionReader(spark).read(csv(file), FLOOR, LATEST)
        .orderBy(TransactionReader.RAW_RECORD).collectAsList();
    Map<String, String> reasons = new TreeMap<>();
    rows.forEach(r -> reasons.put(r.getString(6).replace("\uFFFD", "?"),
        String.valueOf((Object) r.getAs(TransactionReader.REJECT_REASON))));
    assertEquals(Map.of(
        "c1,2024-03-01,5,o1,first", "null",
        "c2,2024-03-01,5,o1,same order other customer", "duplicate_order_id",
        "c1,2024-03-02,5,o1,late copy", "duplicate_order_id",
        "c3,2031-01-01,5,o3,future", "timestamp_in_future",
        "c9,2024-03-05,4,o9,caf?", "invalid_encoding"), reasons);
  }

  @Test
  void cdnowSampleIsReadWithEveryLine() {
    Path sample = TestSpark.cdnowDir().resolve("CDNOW_sample.txt");
    var spec = new TransactionSourceSpec("cdnow-sample", sample.toString(), false, ",", "", "",
        "", "", "");
    var parsed = new TransactionReader(spark).read(spec, LocalDate.parse("1990-01-01"), LATEST);
    assertEquals(6919, parsed.count());
    assertEquals(0, parsed.where("reject_reason IS NOT NULL").count());
    assertEquals(2357, parsed.select("customer_id").distinct().count());
    Row first = parsed.where("customer_id = '00004'").orderBy("event_ts").first();
    assertEquals(LocalDate.parse("1997-01-01"), first.getDate(2).toLocalDate());
    assertEquals(29.33, first.getDouble(3), 1e-9);
  }

  @Test
  void cdnowMasterSkipsItsHeaderAndQuarantinesBrokenLines() throws IOException {
    Path file = TestSpark.tempDir("cdnow").resolve("master.txt");
    Files.writeString(file, " customer_id  date number_of_cds  dollar_value\r\n"
        + " 00001 19970101  1   11.77\r\n"
        + " 00002 19970112  1\r\n"
        + " 00003 19971301  1   5.00\r\n");
    var spec = new TransactionSourceSpec("cdnow-master", file.toString(), false, ",", "", "",
        "", "", "");
    List<Row> rows = new TransactionReader(spark).read(spec, FLOOR.minusYears(10), LATEST)
        .orderBy("raw_record").collectAsList();
    assertEquals(3, rows.size());
    assertNull(rows.get(0).getAs("reject_reason"));
    assertEquals("malformed_record", rows.get(1).getAs("reject_reason"));
    assertEquals("unparsable_timestamp", rows.get(2).getAs("reject_reason"));
  }

  @Test
  void missingMappedColumnNamesTheColumnAndTheKey() throws IOException {
    Path file = TestSpark.tempDir("schema").resolve("tx.csv");
    Files.writeString(file, "cust,when,amt,order\nc1,2024-01-01,1,o1\n");
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> new TransactionReader(spark).read(csv(file), FLOOR, LATEST));
    assertEquals("Transaction input '" + file + "' (format csv): column 'ts' mapped as timestamp"
        + " was not found; columns found: [cust, when, amt, order]. Fix"
        + " lapse.input.transactions.columns.timestamp or the input file.", e.getMessage());
  }

  @Test
  void aChangedColumnTypeNamesTheColumnWhatWasExpectedAndWhatWasFound() {
    Path dir = TestSpark.tempDir("parquet").resolve("tx");
    spark.sql("SELECT 'c1' AS cust, TIMESTAMP'2024-05-01 08:00:00' AS ts, array(1, 2) AS amt,"
        + " 'o1' AS order").write().parquet(dir.toString());
    var spec = new TransactionSourceSpec("parquet", dir.toString(), true, ",", "cust", "ts", "amt",
        "order", "");
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> new TransactionReader(spark).read(spec, FLOOR, LATEST));
    assertEquals("Transaction input '" + dir + "' (format parquet): column 'amt' mapped as amount"
        + " has type array<int>; expected a number or a string. Fix the input or"
        + " lapse.input.transactions.columns.amount.", e.getMessage());
  }

  @Test
  void parquetKeepsTypedTimestampsAndAmounts() {
    Path dir = TestSpark.tempDir("parquet").resolve("tx");
    spark.sql("SELECT 'c1' AS cust, TIMESTAMP'2024-05-01 08:00:00' AS ts, 3.5D AS amt, 'o1' AS order"
        + " UNION ALL SELECT NULL, TIMESTAMP'2024-05-02 08:00:00', 1.0D, 'o2'")
        .write().parquet(dir.toString());
    var spec = new TransactionSourceSpec("parquet", dir.toString(), true, ",", "cust", "ts", "amt",
        "order", "");
    List<Row> rows = new TransactionReader(spark).read(spec, FLOOR, LATEST).orderBy("order_id")
        .collectAsList();
    assertNull(rows.get(0).getAs("reject_reason"));
    assertEquals(3.5, rows.get(0).getDouble(3));
    assertEquals("missing_customer_id", rows.get(1).getAs("reject_reason"));
  }
}
