package io.lapse.features.ingest;

import io.lapse.features.engagement.EventReader;
import io.lapse.features.engagement.EventRejectReason;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.input.ParsedRecords;
import io.lapse.features.input.RejectReason;
import io.lapse.features.input.TextLines;
import io.lapse.features.input.TransactionReader;
import io.lapse.features.input.TransactionSourceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One input as ingest sees it: the parsed records (the reader's contract, with its day column and
 * reject reason), the columns accepted records keep, and which reject reasons mean a missing key
 * column.
 *
 * @param lines the text lines of a text input, to number quarantined records by
 * @param missingKeyReasons reject reason code by key column, in the order the checks report them
 */
public record IngestSource(String name, String path, String format, Dataset<Row> parsed,
    Optional<TextLines> lines, String dayColumn, List<String> rawColumns,
    Map<String, String> missingKeyReasons) {

  public static final String TRANSACTIONS = "transactions";
  public static final String EVENTS = "events";

  // The readers of both sources name these columns alike.
  static final String REJECT_REASON = TransactionReader.REJECT_REASON;
  static final String SOURCE_FILE = TransactionReader.SOURCE_FILE;
  static final String RAW_RECORD = TransactionReader.RAW_RECORD;

  public IngestSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parsed, "parsed");
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(dayColumn, "dayColumn");
    if (rawColumns.isEmpty()) {
      throw new IllegalArgumentException("source " + name + " must keep raw columns but had none");
    }
    rawColumns = List.copyOf(rawColumns);
    missingKeyReasons = Collections.unmodifiableMap(new LinkedHashMap<>(missingKeyReasons));
  }

  /** Transactions read by {@link TransactionReader} from {@code spec}. */
  public static IngestSource transactions(TransactionSourceSpec spec, ParsedRecords parsed) {
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put("customer_id", RejectReason.MISSING_CUSTOMER_ID.code());
    missing.put("timestamp", RejectReason.UNPARSABLE_TIMESTAMP.code());
    missing.put("amount", RejectReason.MISSING_AMOUNT.code());
    return new IngestSource(TRANSACTIONS, spec.path(), spec.format(), parsed.records(),
        parsed.lines(), TransactionReader.TXN_DATE,
        List.of(TransactionReader.CUSTOMER_ID, TransactionReader.EVENT_TS,
            TransactionReader.TXN_DATE, TransactionReader.AMOUNT, TransactionReader.ORDER_ID,
            SOURCE_FILE), missing);
  }

  /** Clickstream events read by {@link EventReader} from {@code spec}. */
  public static IngestSource events(EventSourceSpec spec, ParsedRecords parsed) {
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put("user_id", EventRejectReason.MISSING_USER_ID.code());
    missing.put("timestamp", EventRejectReason.UNPARSABLE_TIMESTAMP.code());
    missing.put("event_type", EventRejectReason.MISSING_EVENT_TYPE.code());
    List<String> raw = EventReader.OUTPUT_COLUMNS.stream()
        .filter(c -> !c.equals(RAW_RECORD) && !c.equals(REJECT_REASON)).toList();
    return new IngestSource(EVENTS, spec.path(), spec.format(), parsed.records(), parsed.lines(),
        EventReader.EVENT_DATE, raw, missing);
  }
}
