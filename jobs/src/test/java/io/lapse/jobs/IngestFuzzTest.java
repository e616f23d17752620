package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Malformed files do not crash ingest and lose nothing: every data line of the file is read as one
 * record and ends accepted, quarantined, already ingested or deferred, and the tables hold exactly
 * the counted rows.
 */
class IngestFuzzTest {

  private static final LocalDate D = LocalDate.parse("2024-06-30");

  @Test
  void randomMalformedLinesAreAllAccountedFor() throws Exception {
    Random random = new Random(20261123L);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes("customer_id,timestamp,amount,order_id\n".getBytes(StandardCharsets.UTF_8));
    long dataLines = 0;
    for (int i = 0; i < 1500; i++) {
      byte[] line = line(random, i);
      file.writeBytes(line);
      file.write('\n');
      if (line.length > 0) { // an empty line holds no record; the CSV reader skips it
        dataLines++;
      }
    }
    Path input = TestSpark.tempDir("fuzz").resolve("transactions.csv");
    Files.write(input, file.toByteArray());

    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(input, null));
    for (String check : new String[] {"row-volume", "quarantine-rate", "null-rate",
        "date-coverage"}) {
      conf.put("lapse.data-quality." + check + ".level", "off");
    }
    TestLake lake = new TestLake(conf);
    lake.run("ingest", D);

    Row run = lake.ingestRun(D);
    long read = run.getAs("rows_read");
    long accepted = run.getAs("rows_accepted");
    long quarantined = run.getAs("rows_quarantined");
    long deferred = run.getAs("rows_deferred");
    long already = run.getAs("rows_already_ingested");
    assertEquals(dataLines, read, "every non-empty line is one record");
    assertEquals(read, accepted + quarantined + deferred + already);
    assertEquals(accepted, lake.table(Table.RAW_TRANSACTIONS).count());
    assertEquals(quarantined, lake.table(Table.QUARANTINE).count());
    assertTrue(accepted > 100 && quarantined > 100, "the fuzz mixes good and bad lines: accepted "
        + accepted + ", quarantined " + quarantined);
    assertEquals(0, lake.table(Table.QUARANTINE).where("reason IS NULL OR raw_record IS NULL")
        .count());
    // Accepted amounts are finite and non-negative whatever the input held.
    assertEquals(0, lake.table(Table.RAW_TRANSACTIONS)
        .where("amount < 0 OR isnan(amount) OR amount = double('Infinity')").count());
  }

  @Test
  void recordsDatedInTheFutureAreQuarantinedByEveryRunNotDeferred() throws Exception {
    Path dir = TestSpark.tempDir("future");
    Path transactions = Files.writeString(dir.resolve("transactions.csv"), String.join("\n",
        "customer_id,timestamp,amount,order_id",
        "C1,2024-06-01 10:00:00,5.00,O1",
        "C2,2024-06-02 10:00:00,6.00,O2",
        "C3,2024-07-15 10:00:00,7.00,O3", // after D, not in the future: the run of its day takes it
        "C4,2099-01-01 10:00:00,8.00,O4")); // a clock or data error
    Path events = Files.writeString(dir.resolve("events.csv"), String.join("\n",
        "user_id,timestamp,event_type",
        "C1,2024-06-01 10:00:00,page_view",
        "C2,9999-12-31 10:00:00,page_view"));
    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(transactions, null));
    conf.put("lapse.input.events.path", events.toString());
    conf.put("lapse.input.events.format", "csv");
    conf.put("lapse.data-quality.quarantine-rate.level", "warn");
    conf.put("lapse.data-quality.row-volume.level", "off");
    TestLake lake = new TestLake(conf);
    lake.run("ingest", D);
    lake.run("ingest", D.plusDays(1));

    for (LocalDate d : List.of(D, D.plusDays(1))) {
      Row txn = lake.ingestRun(d);
      assertEquals(1L, (long) txn.getAs("rows_quarantined"), d + ": " + txn);
      assertEquals(1L, (long) txn.getAs("rows_deferred"), d + ": " + txn);
      Row evt = lake.ingestRun(d, IngestJob.EVENTS);
      assertEquals(1L, (long) evt.getAs("rows_quarantined"), d + ": " + evt);
      assertEquals(0L, (long) evt.getAs("rows_deferred"), d + ": " + evt);
      List<Row> quarantined = lake.table(Table.QUARANTINE)
          .where("as_of_date = DATE'" + d + "'").orderBy("raw_record").collectAsList();
      assertEquals(List.of("timestamp_in_future", "timestamp_in_future"),
          quarantined.stream().map(r -> r.<String>getAs("reason")).toList());
      assertEquals(List.of("C2,9999-12-31 10:00:00,page_view", "C4,2099-01-01 10:00:00,8.00,O4"),
          quarantined.stream().map(r -> r.<String>getAs("raw_record")).toList());
      // The quarantine-rate check counts them.
      Row rate = lake.table(Table.DATA_QUALITY).where("as_of_date = DATE'" + d
          + "' AND check = 'quarantine_rate' AND source = '" + IngestJob.TRANSACTIONS + "'")
          .first();
      // D accepts the two June records; D + 1 has none in its one-day window.
      assertEquals(d.equals(D)
          ? "quarantine_rate: 1 of 3 records quarantined (0.3333, allowed <= 0.05)"
          : "quarantine_rate: 1 of 1 records quarantined (1.0000, allowed <= 0.05)",
          rate.getAs("message"));
    }
  }

  /** One line: valid, or broken in one of several ways. Never holds a line break. */
  private static byte[] line(Random random, int i) {
    String day = "2024-" + String.format("%02d", 1 + random.nextInt(8)) + "-"
        + String.format("%02d", 1 + random.nextInt(28));
    String valid = "C" + random.nextInt(300) + "," + day + " 10:00:00,"
        + (random.nextInt(10_000) / 100.0) + ",O" + i;
    return switch (random.nextInt(12)) {
      case 0 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
      case 1 -> randomBytes(random, 1 + random.nextInt(80));
      case 2 -> valid.replace(',', ';').getBytes(StandardCharsets.UTF_8);
      case 3 -> ("C1," + day + "," + new String[] {"1e308", "-0", "1e309", "99999999999999999999",
          "-1e-300", "0x10", "١٢"}[random.nextInt(7)] + ",O" + i).getBytes(StandardCharsets.UTF_8);
      case 4 -> ("C" + "x".repeat(50_000 + random.nextInt(50_000)) + "," + day + ",1.00,O" + i)
          .getBytes(StandardCharsets.UTF_8);
      case 5 -> ("\"C1," + day + ",1.00,O" + i).getBytes(StandardCharsets.UTF_8);
      case 6 -> (valid + ",extra,fields").getBytes(StandardCharsets.UTF_8);
      case 7 -> new byte[0];
      case 8 -> ("C2,9999-99-99 99:99:99,1.00,O" + i).getBytes(StandardCharsets.UTF_8);
      default -> valid.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    for (int k = 0; k < n; k++) {
      if (b[k] == '\n' || b[k] == '\r') {
        b[k] = 'x';
      }
    }
    // A line of blanks only would be skipped like an empty one; keep one visible byte.
    b[0] = '#';
    return b;
  }
}
