package io.lapse.features.engagement;

import static io.lapse.features.input.SourceColumns.columnsExcept;
import static io.lapse.features.input.SourceColumns.quoted;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.lapse.features.input.LineRecords;
import io.lapse.features.input.InputSchemaException;
import io.lapse.features.input.ParsedRecords;
import io.lapse.features.input.StrictValues;
import io.lapse.features.input.TextLines;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads raw clickstream events in any supported format into one contract without dropping
 * anything: every record comes out either accepted ({@link #REJECT_REASON} null) or with the
 * {@link EventRejectReason} it must be quarantined for, together with its source file and raw
 * text, so that records read = accepted + rejected.
 *
 * <p>Event types are normalized (trimmed, lower case). Duplicates are found among the records that
 * pass every other check, on the event id, or, for a record without one, on all mapped columns;
 * the first by (event time, raw record, source file) is accepted and every later copy is rejected
 * as {@code duplicate_event}.
 *
 * <p>With an identity mapping (columns {@link #IDENTITY_USER_ID}, {@link #IDENTITY_CUSTOMER_ID}),
 * user ids and referring user ids become customer ids; a user id the mapping does not list keeps
 * its user id as customer id, so that anonymous or not-yet-matched users are still measured (and
 * can be merged later by re-running with a fuller mapping).
 *
 * <p>Output columns: {@link #OUTPUT_COLUMNS}, then {@link TextLines#POSITION} (null for Parquet
 * and Delta).
 */
public final class EventReader {

  public static final String EVENT_ID = "event_id";
  public static final String USER_ID = "user_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String EVENT_TS = "event_ts";
  public static final String EVENT_DATE = "event_date";
  public static final String EVENT_TYPE = "event_type";
  public static final String SESSION_ID = "session_id";
  public static final String PAGE = "page";
  public static final String REFERRER_USER_ID = "referrer_user_id";
  /** The referring user's customer id (through the identity mapping). */
  public static final String REFERRER_ID = "referrer_id";
  public static final String AMOUNT = "amount";
  public static final String SOURCE_FILE = "source_file";
  public static final String RAW_RECORD = "raw_record";
  public static final String REJECT_REASON = "reject_reason";
  public static final List<String> OUTPUT_COLUMNS = List.of(
      EVENT_ID, USER_ID, CUSTOMER_ID, EVENT_TS, EVENT_DATE, EVENT_TYPE, SESSION_ID, PAGE,
      REFERRER_USER_ID, REFERRER_ID, AMOUNT, SOURCE_FILE, RAW_RECORD, REJECT_REASON);

  /** Columns of the identity mapping table. */
  public static final String IDENTITY_USER_ID = "user_id";
  public static final String IDENTITY_CUSTOMER_ID = "customer_id";

  // Epoch values beyond these are not plausible event times and would overflow the conversion.

  private final SparkSession spark;

  public EventReader(SparkSession spark) {
    this.spark = spark;
  }

  /** Reads without an identity mapping (customer id = user id) or a latest plausible day. */
  public Dataset<Row> read(EventSourceSpec spec, EngagementProfile profile,
      LocalDate earliestDate) {
    return read(spec, profile, earliestDate, Optional.empty());
  }

  /** Reads without a latest plausible day. */
  public Dataset<Row> read(EventSourceSpec spec, EngagementProfile profile, LocalDate earliestDate,
      Optional<Dataset<Row>> identityMap) {
    return read(spec, profile, earliestDate, LocalDate.MAX, identityMap);
  }

  /**
   * Reads, validates, deduplicates and maps all records of the source.
   *
   * @param earliestDate records dated before this day are rejected as timestamp_before_floor
   * @param latestDate records dated after this day are rejected as timestamp_in_future
   * @param identityMap optional (user_id, customer_id) table; one customer id per user id
   * @throws InputSchemaException when a mapped column is missing from the source
   * @throws IllegalArgumentException when the mapping gives a user id more than one customer id
   */
  public Dataset<Row> read(EventSourceSpec spec, EngagementProfile profile, LocalDate earliestDate,
      LocalDate latestDate, Optional<Dataset<Row>> identityMap) {
    return parse(spec, profile, earliestDate, latestDate, identityMap).records();
  }

  /** As {@link #read}, with the text lines of a text input to number records by. */
  public ParsedRecords parse(EventSourceSpec spec, EngagementProfile profile,
      LocalDate earliestDate, LocalDate latestDate, Optional<Dataset<Row>> identityMap) {
    if (!spec.isConfigured()) {
      throw new IllegalArgumentException("event input path must be set but was empty");
    }
    Optional<TextLines> lines = spec.format().equals("csv") || spec.format().equals("json")
        ? Optional.of(TextLines.read(spark, spec.path())) : Optional.empty();
    Dataset<Row> normalized = readMapped(spec, lines);
    Dataset<Row> validated =
        validate(normalized, profile, earliestDate, latestDate, spec.columns());
    Dataset<Row> mapped = identityMap.isPresent()
        ? mapIdentities(validated, identityMap.get())
        : validated.withColumn(CUSTOMER_ID, col(USER_ID))
            .withColumn(REFERRER_ID, col(REFERRER_USER_ID));
    List<Column> out = new java.util.ArrayList<>(OUTPUT_COLUMNS.stream().map(c -> col(c)).toList());
    out.add(col(TextLines.POSITION));
    return new ParsedRecords(mapped.select(out.toArray(Column[]::new)), lines);
  }

  private Dataset<Row> readMapped(EventSourceSpec spec, Optional<TextLines> lines) {
    EventColumns c = spec.columns();
    Dataset<Row> source;
    Column raw;
    Column malformed = lit(false);
    Column file = col("_metadata.file_path");
    Column position = col(TextLines.POSITION);
    switch (spec.format()) {
      case "csv" -> {
        StructType found = LineRecords.csvColumns(spark, spec.path(), spec.csvHeader(),
            spec.csvDelimiter());
        requireColumns(spec, found);
        // Every column as a string, so that a bad value becomes a reject reason, not a null.
        source = LineRecords.csv(lines.orElseThrow(), found, spec.csvHeader(),
            spec.csvDelimiter());
        raw = col(LineRecords.LINE);
        malformed = col(LineRecords.MALFORMED);
        file = col(LineRecords.FILE);
      }
      case "json" -> {
        StructType found = LineRecords.jsonColumns(spark, spec.path());
        requireColumns(spec, found);
        source = LineRecords.json(lines.orElseThrow(), found);
        raw = col(LineRecords.LINE);
        malformed = col(LineRecords.MALFORMED);
        file = col(LineRecords.FILE);
      }
      case "parquet", "delta" -> {
        source = spark.read().format(spec.format()).load(spec.path());
        requireColumns(spec, source.schema());
        raw = to_json(struct(columnsExcept(source.schema(), null)));
        position = lit(null).cast(TextLines.POSITION_TYPE);
        if (spec.format().equals("delta")) {
          file = lit(spec.path());
        }
      }
      default -> throw new IllegalStateException("unhandled format " + spec.format());
    }
    StructType schema = source.schema();
    Column amountRaw = optionalString(c.amount());
    Column amount;
    if (c.amount().isEmpty()) {
      amount = lit(null).cast(DataTypes.DoubleType);
    } else if (schema.apply(c.amount()).dataType() instanceof NumericType) {
      amount = col(quoted(c.amount())).cast(DataTypes.DoubleType);
    } else {
      amount = StrictValues.decimal(amountRaw);
    }
    Column type = spec.constantEventType().isEmpty()
        ? lower(trim(col(quoted(c.eventType())).cast(DataTypes.StringType)))
        : lit(spec.constantEventType().toLowerCase(java.util.Locale.ROOT));
    return source.select(
        raw.as(RAW_RECORD),
        file.as(SOURCE_FILE),
        malformed.as("malformed"),
        blankToNull(col(quoted(c.userId())).cast(DataTypes.StringType)).as(USER_ID),
        StrictValues.timestamp(col(quoted(c.timestamp())), schema.apply(c.timestamp()).dataType(),
            spec.timestampFormat()).as(EVENT_TS),
        blankToNull(type).as(EVENT_TYPE),
        optionalString(c.sessionId()).as(SESSION_ID),
        optionalString(c.page()).as(PAGE),
        optionalString(c.referrerId()).as(REFERRER_USER_ID),
        optionalString(c.eventId()).as(EVENT_ID),
        amountRaw.as("amount_raw"),
        amount.as(AMOUNT),
        position.as(TextLines.POSITION));
  }

  private static Dataset<Row> validate(Dataset<Row> n, EngagementProfile profile,
      LocalDate earliestDate, LocalDate latestDate, EventColumns columns) {
    Column type = col(EVENT_TYPE);
    Column amount = col(AMOUNT);
    // Only purchases use the amount, so a bad value in another event's amount field is no reason
    // to lose the event.
    Column purchase = type.isin(profile.purchaseTypes().toArray());
    Column reason =
        when(col("malformed"), lit(EventRejectReason.MALFORMED_RECORD.code()))
            // Spark decodes undecodable bytes as U+FFFD: the file is not in the expected encoding.
            .when(col(RAW_RECORD).contains("\uFFFD"),
                lit(EventRejectReason.INVALID_ENCODING.code()))
            .when(col(USER_ID).isNull(), lit(EventRejectReason.MISSING_USER_ID.code()))
            .when(StrictValues.invalidId(col(USER_ID)),
                lit(EventRejectReason.INVALID_USER_ID.code()))
            .when(col(EVENT_TS).isNull(), lit(EventRejectReason.UNPARSABLE_TIMESTAMP.code()))
            .when(to_date(col(EVENT_TS)).lt(lit(java.sql.Date.valueOf(earliestDate))),
                lit(EventRejectReason.TIMESTAMP_BEFORE_FLOOR.code()))
            .when(latestDate.equals(LocalDate.MAX) ? lit(false)
                    : to_date(col(EVENT_TS)).gt(lit(java.sql.Date.valueOf(latestDate))),
                lit(EventRejectReason.TIMESTAMP_IN_FUTURE.code()))
            .when(type.isNull(), lit(EventRejectReason.MISSING_EVENT_TYPE.code()))
            .when(lit(profile.quarantinesUnknownTypes()).and(not(profile.isKnownType(type))),
                lit(EventRejectReason.UNKNOWN_EVENT_TYPE.code()))
            .when(purchase.and(col("amount_raw").isNotNull())
                    .and(amount.isNull().or(isnan(amount))
                        .or(abs(amount).equalTo(Double.POSITIVE_INFINITY))),
                lit(EventRejectReason.NON_NUMERIC_AMOUNT.code()))
            .when(purchase.and(amount.lt(0)), lit(EventRejectReason.NEGATIVE_AMOUNT.code()));
    Dataset<Row> checked = n.withColumn(REJECT_REASON, reason)
        .withColumn(EVENT_DATE, to_date(col(EVENT_TS)));
    // The key of a record without an event id is its parsed values, so that two copies that differ
    // only in formatting (e.g. " view" and "VIEW") are still one event.
    Column valuesKey = to_json(struct(col(USER_ID), col(EVENT_TS), col(EVENT_TYPE), col(SESSION_ID),
        col(PAGE), col(REFERRER_USER_ID), col("amount_raw")));
    Column key = columns.eventId().isEmpty()
        ? concat(lit("row:"), valuesKey)
        : coalesce(concat(lit("id:"), col(EVENT_ID)), concat(lit("row:"), valuesKey));
    // Only records that pass every other check take part, so a broken copy never displaces a good
    // one; rejected records keep their own reason.
    Dataset<Row> candidates = checked.where(col(REJECT_REASON).isNull());
    Dataset<Row> deduplicated = candidates
        .withColumn("dedup_rank", row_number().over(Window.partitionBy(key)
            .orderBy(col(EVENT_TS), col(RAW_RECORD), col(SOURCE_FILE))))
        .withColumn(REJECT_REASON, when(col("dedup_rank").gt(1),
            lit(EventRejectReason.DUPLICATE_EVENT.code())))
        .drop("dedup_rank");
    return deduplicated.unionByName(checked.where(col(REJECT_REASON).isNotNull()));
  }

  private static Dataset<Row> mapIdentities(Dataset<Row> events, Dataset<Row> identityMap) {
    List<String> names = Arrays.asList(identityMap.columns());
    for (String needed : List.of(IDENTITY_USER_ID, IDENTITY_CUSTOMER_ID)) {
      if (!names.contains(needed)) {
        throw new InputSchemaException("identity mapping: column '" + needed
            + "' was not found; columns found: " + names + ".");
      }
    }
    Dataset<Row> mapping = identityMap
        .select(blankToNull(col(IDENTITY_USER_ID).cast(DataTypes.StringType)).as("m_user"),
            blankToNull(col(IDENTITY_CUSTOMER_ID).cast(DataTypes.StringType)).as("m_customer"))
        .where(col("m_user").isNotNull().and(col("m_customer").isNotNull()))
        .distinct();
    // A user with two customers would double-count engagement or pick one silently: refuse.
    List<Row> ambiguous = mapping.groupBy("m_user").agg(count_distinct(col("m_customer")).as("n"))
        .where(col("n").gt(1)).orderBy("m_user").limit(5).collectAsList();
    if (!ambiguous.isEmpty()) {
      throw new IllegalArgumentException(
          "identity mapping gives user ids more than one customer id, e.g. "
              + ambiguous.stream().map(r -> "'" + r.getString(0) + "'").toList()
              + "; each user id must map to one customer id");
    }
    Dataset<Row> byUser = mapping.withColumnRenamed("m_user", "u_user")
        .withColumnRenamed("m_customer", "u_customer");
    Dataset<Row> byReferrer = mapping.withColumnRenamed("m_user", "r_user")
        .withColumnRenamed("m_customer", "r_customer");
    return events
        .join(byUser, col(USER_ID).equalTo(col("u_user")), "left")
        .join(byReferrer, col(REFERRER_USER_ID).equalTo(col("r_user")), "left")
        .withColumn(CUSTOMER_ID, coalesce(col("u_customer"), col(USER_ID)))
        .withColumn(REFERRER_ID, coalesce(col("r_customer"), col(REFERRER_USER_ID)))
        .drop("u_user", "u_customer", "r_user", "r_customer");
  }

  private static Column optionalString(String column) {
    return column.isEmpty()
        ? lit(null).cast(DataTypes.StringType)
        : blankToNull(col(quoted(column)).cast(DataTypes.StringType));
  }

  private static Column blankToNull(Column s) {
    Column t = trim(s);
    return when(t.notEqual(lit("")), t);
  }

  private static void requireColumns(EventSourceSpec spec, StructType found) {
    if (found.fields().length == 0) {
      throw new InputSchemaException("Event input '" + spec.path() + "' (format " + spec.format()
          + ") is empty: no header and no records. Check what writes it, or set"
          + " lapse.input.events.path to the files that hold the data.");
    }
    List<String> names = Arrays.asList(found.fieldNames());
    for (Map.Entry<String, String> e : spec.readColumns().entrySet()) {
      if (!names.contains(e.getValue())) {
        throw new InputSchemaException("Event input '" + spec.path() + "' (format "
            + spec.format() + "): column '" + e.getValue() + "' mapped as " + e.getKey()
            + " was not found; columns found: " + names + ". Fix the event column mapping '"
            + e.getKey() + "' or the input file.");
      }
    }
  }
}
