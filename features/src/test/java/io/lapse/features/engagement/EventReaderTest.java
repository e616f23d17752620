package io.lapse.features.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.features.input.InputSchemaException;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EventReaderTest {

  private static final LocalDate FLOOR = LocalDate.parse("2000-01-01");
  private static final EventColumns CSV_COLUMNS =
      new EventColumns("user", "ts", "type", "session", "page", "ref", "id", "amt");
  private final SparkSession spark = TestSpark.session();

  private static EngagementProfile withPolicy(String policy) {
    EngagementProfile d = EngagementProfile.defaults();
    return new EngagementProfile(d.actions(), d.nonEngagementTypes(), policy, d.purchaseKind());
  }

  /** Raw record -> its reason ("null" when accepted); identical records list theirs sorted. */
  private static Map<String, String> reasonByRecord(Dataset<Row> read) {
    return reasonByRecord(read.collectAsList());
  }

  private static Map<String, String> reasonByRecord(List<Row> rows) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : rows) {
      String reason = String.valueOf(r.<String>getAs(EventReader.REJECT_REASON));
      m.merge(r.getAs(EventReader.RAW_RECORD), reason,
          (a, b) -> a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
    }
    return m;
  }

  private Path csv(String... lines) throws IOException {
    Path file = TestSpark.tempDir("events").resolve("events.csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void everyCsvRecordIsAcceptedOrGetsItsReasonAndTheCountsReconcile() throws IOException {
    Path file = csv(
        "id,user,ts,type,session,page,ref,amt",
        "e1,u1,2024-03-01 10:00:00,visit,s1,/a,,",
        "e2,u1,2024-03-01 10:05:00, PURCHASE ,s1,/b,,12.50",
        "e3,,2024-03-01 10:00:00,visit,,,,",
        "e4,u2,yesterday,visit,,,,",
        "e5,u2,1999-12-31 23:59:59,visit,,,,",
        "e6,u2,2024-03-01 11:00:00,,,,,",
        "e7,u2,2024-03-01 11:00:00,teleport,,,,",
        "e8,u2,2024-03-01 11:00:00,purchase,,,,abc",
        "e9,u2,2024-03-01 11:00:00,purchase,,,,-3",
        // only purchases read the amount
        "e12,u2,2024-03-01 11:00:00,comment,,,,n/a",
        // a later copy of e1: the earlier one is kept
        "e1,u1,2024-03-02 09:00:00,visit,s9,/a,,",
        "e10,u3,2024-03-01 12:00:00,share,,,u1,",
        "e10,u3,2024-03-01 12:00:00,share,,,u1,",
        // an unbalanced quote swallows the rest of the file into one malformed record
        "e11,\"u4,2024-03-01 12:00:00,visit,,,,");
    EventSourceSpec spec = EventSourceSpec.defaults().withFormat("csv").withPath(file.toString())
        .withColumns(CSV_COLUMNS);
    List<Row> read =
        new EventReader(spark).read(spec, withPolicy("quarantine"), FLOOR).collectAsList();
    Map<String, String> reasons = reasonByRecord(read);
    String malformed = reasons.keySet().stream().filter(k -> k.startsWith("e11")).findFirst()
        .orElseThrow();
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("e1,u1,2024-03-01 10:00:00,visit,s1,/a,,", "null"),
        Map.entry("e2,u1,2024-03-01 10:05:00, PURCHASE ,s1,/b,,12.50", "null"),
        Map.entry("e3,,2024-03-01 10:00:00,visit,,,,", "missing_user_id"),
        Map.entry("e4,u2,yesterday,visit,,,,", "unparsable_timestamp"),
        Map.entry("e5,u2,1999-12-31 23:59:59,visit,,,,", "timestamp_before_floor"),
        Map.entry("e6,u2,2024-03-01 11:00:00,,,,,", "missing_event_type"),
        Map.entry("e7,u2,2024-03-01 11:00:00,teleport,,,,", "unknown_event_type"),
        Map.entry("e8,u2,2024-03-01 11:00:00,purchase,,,,abc", "non_numeric_amount"),
        Map.entry("e9,u2,2024-03-01 11:00:00,purchase,,,,-3", "negative_amount"),
        Map.entry("e12,u2,2024-03-01 11:00:00,comment,,,,n/a", "null"),
        Map.entry("e1,u1,2024-03-02 09:00:00,visit,s9,/a,,", "duplicate_event"),
        // two identical lines: one is accepted, the other is a duplicate
        Map.entry("e10,u3,2024-03-01 12:00:00,share,,,u1,", "duplicate_event|null"),
        Map.entry(malformed, "malformed_record")));
    assertEquals(expected, reasons);

    // Reconciliation: one output row per data line, each accepted or rejected exactly once.
    long dataLines = Files.readAllLines(file).size() - 1;
    assertEquals(14, dataLines);
    assertEquals(dataLines, read.size());
    long accepted = read.stream().filter(r -> r.isNullAt(r.fieldIndex("reject_reason"))).count();
    assertEquals(4, accepted);
    assertEquals(10, read.size() - accepted);

    Row e2 = find(read, "e2", true);
    assertEquals("purchase", e2.getAs(EventReader.EVENT_TYPE));
    assertEquals(12.5, (double) e2.getAs(EventReader.AMOUNT));
    assertEquals(LocalDate.parse("2024-03-01"), e2.<java.sql.Date>getAs(EventReader.EVENT_DATE)
        .toLocalDate());
    assertTrue(e2.<String>getAs(EventReader.SOURCE_FILE).endsWith("events.csv"));
    assertEquals("s1", find(read, "e1", true).getAs(EventReader.SESSION_ID));
    assertEquals("u1", find(read, "e10", true).getAs(EventReader.REFERRER_ID));
  }

  /** The accepted (or a rejected) row of an event id. */
  private static Row find(List<Row> rows, String eventId, boolean accepted) {
    return rows.stream().filter(r -> eventId.equals(r.getAs(EventReader.EVENT_ID))
        && accepted == r.isNullAt(r.fieldIndex(EventReader.REJECT_REASON))).findFirst()
        .orElseThrow(() -> new AssertionError(eventId + " accepted=" + accepted + " not found"));
  }

  @Test
  void bytesInAnotherEncodingAndOverlongOrBrokenIdsAreQuarantined() throws IOException {
    Path file = TestSpark.tempDir("events").resolve("events.csv");
    String longId = "u".repeat(257);
    Files.write(file, ("id,user,ts,type,session,page,ref,amt\n"
        + "e1,u1,2024-03-01 10:00:00,visit,,,,\n"
        + "e2," + longId + ",2024-03-01 10:00:00,visit,,,,\n"
        + "e3,u\t3,2024-03-01 10:00:00,visit,,,,\n"
        + "e4,u4,2024-03-01 10:00:00,purchase,,,,0x1p3\n"
        + "e5,u5,2024,visit,,,,\n").getBytes(StandardCharsets.UTF_8));
    Files.write(file, "e6,caf\u00e9,2024-03-01 10:00:00,visit,,,,\n"
        .getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
    EventSourceSpec spec = EventSourceSpec.defaults().withFormat("csv").withPath(file.toString())
        .withColumns(CSV_COLUMNS);
    Map<String, String> reasons = new TreeMap<>();
    for (Row r : new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR)
        .collectAsList()) {
      reasons.put(r.getAs(EventReader.EVENT_ID), String.valueOf((Object) r.getAs(
          EventReader.REJECT_REASON)));
    }
    assertEquals(new TreeMap<>(Map.of("e1", "null", "e2", "invalid_user_id",
        "e3", "invalid_user_id", "e4", "non_numeric_amount", "e5", "unparsable_timestamp",
        "e6", "invalid_encoding")), reasons);
  }

  @Test
  void aOneKindLogWithoutAnEventTypeColumnIsReadWithItsConstantType() throws IOException {
    Path file = csv("user,ts,stars", "u1,2024-03-01 10:00:00,5", "u2,2024-03-02 11:00:00,3");
    EventSourceSpec spec = EventSourceSpec.defaults().withFormat("csv").withPath(file.toString())
        .withColumns(new EventColumns("user", "ts", "event_type", "", "", "", "", ""))
        .withConstantEventType("Review");
    List<Row> rows = new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR)
        .orderBy(EventReader.USER_ID).collectAsList();
    assertEquals(List.of("u1 review null", "u2 review null"), rows.stream()
        .map(r -> r.getAs(EventReader.USER_ID) + " " + r.getAs(EventReader.EVENT_TYPE) + " "
            + r.getAs(EventReader.REJECT_REASON)).toList());
    // Without the constant the missing column is named, as before.
    InputSchemaException e = assertThrows(InputSchemaException.class, () -> new EventReader(spark)
        .read(spec.withConstantEventType(""), EngagementProfile.defaults(), FLOOR));
    assertTrue(e.getMessage().contains("column 'event_type' mapped as event-type was not found"),
        e.getMessage());
  }

  @Test
  void withoutEventIdsDuplicatesAreFoundOnTheParsedMappedValues() throws IOException {
    Path file = TestSpark.tempDir("events").resolve("events.json");
    Files.writeString(file, String.join("\n",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01T10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\" VISIT \",\"page\":\"/a\"}",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/b\"}",
        // a broken copy never displaces a good one: it keeps its own reason
        "{\"user\":\"\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
        "{\"user\":\"u1\",\"ts\":") + "\n");
    EventSourceSpec spec = EventSourceSpec.defaults().withPath(file.toString())
        .withColumns(new EventColumns("user", "ts", "type", "", "page", "", "", ""));
    Dataset<Row> read = new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR);
    Map<String, String> reasons = reasonByRecord(read);
    // Raw records are the lines as written; the first copy by (time, raw record) is the one whose
    // type is " VISIT " (a blank sorts before letters), the others are duplicates.
    assertEquals(new TreeMap<>(Map.of(
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\" VISIT \",\"page\":\"/a\"}",
            "null",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
            "duplicate_event",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01T10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
            "duplicate_event",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/b\"}",
            "null",
        "{\"user\":\"\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\",\"page\":\"/a\"}",
            "missing_user_id",
        "{\"user\":\"u1\",\"ts\":", "malformed_record")), reasons);
  }

  @Test
  void aJsonLineHoldingAnArrayIsOneMalformedRecordAndNothingIsLost() throws IOException {
    Path file = TestSpark.tempDir("events").resolve("events.json");
    String array = "[{\"user\":\"u2\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"},"
        + "{\"user\":\"u3\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"}]";
    Files.writeString(file, String.join("\n",
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"}",
        array,
        "[]",
        "",
        "{\"user\":\"u4\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"}") + "\n");
    EventSourceSpec spec = EventSourceSpec.defaults().withPath(file.toString())
        .withColumns(new EventColumns("user", "ts", "type", "", "", "", "", ""));
    Map<String, String> reasons =
        reasonByRecord(new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR));
    // Spark's JSON source read the array as two events and the empty array as none.
    assertEquals(new TreeMap<>(Map.of(
        "{\"user\":\"u1\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"}", "null",
        array, "malformed_record",
        "[]", "malformed_record",
        "{\"user\":\"u4\",\"ts\":\"2024-03-01 10:00:00\",\"type\":\"visit\"}", "null")),
        reasons);
  }

  @Test
  void identityMappingMapsUsersAndReferrersAndKeepsUnmappedUserIds() throws IOException {
    Path file = csv(
        "id,user,ts,type,session,page,ref,amt",
        "e1,u1,2024-03-01 10:00:00,visit,,,,",
        "e2,u2,2024-03-01 11:00:00,visit,,,u1,",
        "e3,u3,2024-03-01 12:00:00,visit,,,u2,",
        // under the default ignore policy an unknown type is accepted (counted as another event)
        "e4,u9,2024-03-01 13:00:00,teleport,,,,");
    EventSourceSpec spec = EventSourceSpec.defaults().withFormat("csv").withPath(file.toString())
        .withColumns(CSV_COLUMNS);
    Dataset<Row> mapping = spark.sql(
        "SELECT * FROM VALUES ('u1', 'c1'), ('u3', 'c3'), ('u9', 'c9') AS m(user_id, customer_id)");
    Map<String, String> got = new TreeMap<>();
    for (Row r : new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR,
        Optional.of(mapping)).collectAsList()) {
      got.put(r.getAs(EventReader.USER_ID), r.getAs(EventReader.CUSTOMER_ID) + " referred by "
          + r.getAs(EventReader.REFERRER_ID) + ", " + r.getAs(EventReader.REJECT_REASON));
    }
    assertEquals(Map.of("u1", "c1 referred by null, null", "u2", "u2 referred by c1, null",
        "u3", "c3 referred by u2, null", "u9", "c9 referred by null, null"), got);

    Dataset<Row> ambiguous = spark.sql("SELECT * FROM VALUES ('u1', 'c1'), ('u1', 'c2'),"
        + " ('u2', 'c2') AS m(user_id, customer_id)");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR,
            Optional.of(ambiguous)));
    assertEquals("identity mapping gives user ids more than one customer id, e.g. ['u1'];"
        + " each user id must map to one customer id", e.getMessage());
  }

  @Test
  void parquetEpochMillisTimestampsAndAMissingMappedColumn() {
    Path dir = TestSpark.tempDir("events-parquet").resolve("events");
    // 1709287200000 ms = 2024-03-01 10:00:00 UTC; 1e15 ms is no plausible event time.
    spark.sql("SELECT 'u1' AS user, 1709287200000L AS ts, 'visit' AS type"
        + " UNION ALL SELECT 'u2', 1000000000000000L, 'visit'").write().parquet(dir.toString());
    EventSourceSpec spec = new EventSourceSpec("parquet", dir.toString(), true, ",",
        EventSourceSpec.EPOCH_MILLIS, new EventColumns("user", "ts", "type", "", "", "", "", ""));
    List<Row> rows = new EventReader(spark).read(spec, EngagementProfile.defaults(), FLOOR)
        .orderBy(EventReader.USER_ID).collectAsList();
    assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-01T10:00:00Z")),
        rows.get(0).getAs(EventReader.EVENT_TS));
    assertNull(rows.get(0).getAs(EventReader.REJECT_REASON));
    assertEquals("unparsable_timestamp", rows.get(1).getAs(EventReader.REJECT_REASON));

    EventSourceSpec wrong = spec.withColumns(
        new EventColumns("user", "ts", "type", "sess", "", "", "", ""));
    InputSchemaException e = assertThrows(InputSchemaException.class,
        () -> new EventReader(spark).read(wrong, EngagementProfile.defaults(), FLOOR));
    assertEquals("Event input '" + dir + "' (format parquet): column 'sess' mapped as session-id"
        + " was not found; columns found: [user, ts, type]. Fix the event column mapping"
        + " 'session-id' or the input file.", e.getMessage());
  }
}
