package io.lapse.features.input;

import static io.lapse.features.input.SourceColumns.columnsExcept;
import static io.lapse.features.input.SourceColumns.quoted;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads raw transactions in any supported format into one contract, without dropping anything:
 * every record comes out either valid (reject_reason null) or with the reason it must be
 * quarantined, together with its source file and raw text.
 *
 * <p>Output columns: {@link #OUTPUT_COLUMNS}, then {@link TextLines#POSITION} (null for Parquet
 * and Delta).
 */
public final class TransactionReader {

  public static final String CUSTOMER_ID = "customer_id";
  public static final String EVENT_TS = "event_ts";
  public static final String TXN_DATE = "txn_date";
  public static final String AMOUNT = "amount";
  public static final String ORDER_ID = "order_id";
  public static final String SOURCE_FILE = "source_file";
  public static final String RAW_RECORD = "raw_record";
  public static final String REJECT_REASON = "reject_reason";
  public static final List<String> OUTPUT_COLUMNS =
      List.of(
          CUSTOMER_ID, EVENT_TS, TXN_DATE, AMOUNT, ORDER_ID, SOURCE_FILE, RAW_RECORD, REJECT_REASON);

  private static final String CDNOW_DATE_FORMAT = "yyyyMMdd";

  private final SparkSession spark;

  public TransactionReader(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Reads and validates all records of the source.
   *
   * @param earliestDate records dated before this day are quarantined as out of range
   * @param latestDate records dated after this day are quarantined as in the future (a clock or
   *     data error, not merely data for a later run)
   */
  public Dataset<Row> read(TransactionSourceSpec spec, LocalDate earliestDate,
      LocalDate latestDate) {
    return parse(spec, earliestDate, latestDate).records();
  }

  /** As {@link #read}, with the text lines of a text input to number records by. */
  public ParsedRecords parse(TransactionSourceSpec spec, LocalDate earliestDate,
      LocalDate latestDate) {
    if (!spec.isConfigured()) {
      throw new IllegalArgumentException("transaction input path must be set but was empty");
    }
    Optional<TextLines> lines = spec.format().equals("parquet") || spec.format().equals("delta")
        ? Optional.empty() : Optional.of(TextLines.read(spark, spec.path()));
    Dataset<Row> normalized = spec.isCdnow() ? readCdnow(spec, lines.orElseThrow())
        : readMapped(spec, lines);
    return new ParsedRecords(validate(normalized, earliestDate, latestDate, spec.hasOrderId()),
        lines);
  }

  /**
   * The CDNOW files are whitespace separated with a variable number of blanks, which no CSV
   * reader option expresses, so lines are split by hand.
   */
  private Dataset<Row> readCdnow(TransactionSourceSpec spec, TextLines text) {
    boolean sample = spec.format().equals("cdnow-sample");
    int tokens = sample ? 5 : 4;
    int dateIndex = sample ? 3 : 2;
    int amountIndex = sample ? 5 : 4;
    Column line = regexp_replace(col("value"), "^\\s+|\\s+$", "");
    Dataset<Row> lines =
        text.lines()
            .select(line.as("line"), col("_metadata.file_path").as(SOURCE_FILE),
                col(TextLines.POSITION))
            // Blank lines and the master file's header line carry no record.
            .where(col("line").notEqual(lit("")).and(functions.not(col("line").startsWith("customer_id"))));
    Column split = split(col("line"), "\\s+");
    return lines.select(
        col("line").as(RAW_RECORD),
        col(SOURCE_FILE),
        size(split).notEqual(lit(tokens)).as("malformed"),
        trim(try_element_at(split, lit(1))).as("customer_raw"),
        trim(try_element_at(split, lit(dateIndex))).as("ts_raw"),
        trim(try_element_at(split, lit(amountIndex))).as("amount_raw"),
        lit(null).cast(DataTypes.StringType).as(ORDER_ID),
        StrictValues.timestamp(trim(try_element_at(split, lit(dateIndex))), CDNOW_DATE_FORMAT)
            .as(EVENT_TS),
        StrictValues.decimal(trim(try_element_at(split, lit(amountIndex)))).as(AMOUNT),
        col(TextLines.POSITION));
  }

  private Dataset<Row> readMapped(TransactionSourceSpec spec, Optional<TextLines> lines) {
    Map<String, String> mapped = new LinkedHashMap<>();
    mapped.put("customer-id", spec.customerIdColumn());
    mapped.put("timestamp", spec.timestampColumn());
    mapped.put("amount", spec.amountColumn());
    if (spec.hasOrderId()) {
      mapped.put("order-id", spec.orderIdColumn());
    }
    Dataset<Row> source;
    Column raw;
    Column malformed = lit(false);
    Column file = col("_metadata.file_path");
    Column position = col(TextLines.POSITION);
    switch (spec.format()) {
      case "csv" -> {
        StructType found = LineRecords.csvColumns(spark, spec.path(), spec.csvHeader(),
            spec.csvDelimiter());
        requireColumns(spec, found, mapped);
        // Every column as a string, so that a bad value becomes a quarantine reason, not a null.
        source = LineRecords.csv(lines.orElseThrow(), found, spec.csvHeader(),
            spec.csvDelimiter());
        raw = col(LineRecords.LINE);
        malformed = col(LineRecords.MALFORMED);
        file = col(LineRecords.FILE);
      }
      case "json" -> {
        StructType found = LineRecords.jsonColumns(spark, spec.path());
        requireColumns(spec, found, mapped);
        source = LineRecords.json(lines.orElseThrow(), found);
        raw = col(LineRecords.LINE);
        malformed = col(LineRecords.MALFORMED);
        file = col(LineRecords.FILE);
      }
      case "parquet", "delta" -> {
        source = spark.read().format(spec.format()).load(spec.path());
        StructType found = source.schema();
        requireColumns(spec, found, mapped);
        raw = to_json(struct(columnsExcept(found, null)));
        position = lit(null).cast(TextLines.POSITION_TYPE);
        if (spec.format().equals("delta")) {
          file = lit(spec.path());
        }
      }
      default -> throw new IllegalStateException("unhandled format " + spec.format());
    }
    StructType schema = source.schema();
    requireType(spec, schema, spec.customerIdColumn(), "customer-id", "a string or an integer",
        t -> t instanceof StringType || t instanceof org.apache.spark.sql.types.IntegralType);
    boolean epoch = spec.timestampFormat().equals(StrictValues.EPOCH_SECONDS)
        || spec.timestampFormat().equals(StrictValues.EPOCH_MILLIS);
    requireType(spec, schema, spec.timestampColumn(), "timestamp",
        epoch ? "a number or a string" : "a timestamp, a date or a string",
        t -> epoch ? t instanceof NumericType || t instanceof StringType
            : t instanceof TimestampType || t instanceof TimestampNTZType
                || t instanceof DateType || t instanceof StringType);
    requireType(spec, schema, spec.amountColumn(), "amount", "a number or a string",
        t -> t instanceof NumericType || t instanceof StringType);
    Column ts = StrictValues.timestamp(col(quoted(spec.timestampColumn())),
        schema.apply(spec.timestampColumn()).dataType(), spec.timestampFormat());
    Column amountCol = col(quoted(spec.amountColumn()));
    DataType amountType = schema.apply(spec.amountColumn()).dataType();
    Column amount = amountType instanceof NumericType
        ? amountCol.cast(DataTypes.DoubleType)
        : StrictValues.decimal(trim(amountCol.cast(DataTypes.StringType)));
    return source.select(
        raw.as(RAW_RECORD),
        file.as(SOURCE_FILE),
        malformed.as("malformed"),
        trim(col(quoted(spec.customerIdColumn())).cast(DataTypes.StringType)).as("customer_raw"),
        col(quoted(spec.timestampColumn())).cast(DataTypes.StringType).as("ts_raw"),
        amountCol.cast(DataTypes.StringType).as("amount_raw"),
        (spec.hasOrderId()
                ? trim(col(quoted(spec.orderIdColumn())).cast(DataTypes.StringType))
                : lit(null).cast(DataTypes.StringType))
            .as(ORDER_ID),
        ts.as(EVENT_TS),
        amount.as(AMOUNT),
        position.as(TextLines.POSITION));
  }

  private static Dataset<Row> validate(Dataset<Row> n, LocalDate earliestDate,
      LocalDate latestDate, boolean hasOrderId) {
    Column customerMissing = col("customer_raw").isNull().or(col("customer_raw").equalTo(""));
    Column reason =
        when(col("malformed"), lit(RejectReason.MALFORMED_RECORD.code()))
            // Spark decodes undecodable bytes as U+FFFD: the file is not in the expected encoding.
            .when(col(RAW_RECORD).contains("\uFFFD"), lit(RejectReason.INVALID_ENCODING.code()))
            .when(customerMissing, lit(RejectReason.MISSING_CUSTOMER_ID.code()))
            .when(StrictValues.invalidId(col("customer_raw")),
                lit(RejectReason.INVALID_CUSTOMER_ID.code()))
            .when(col(EVENT_TS).isNull(), lit(RejectReason.UNPARSABLE_TIMESTAMP.code()))
            .when(to_date(col(EVENT_TS)).lt(lit(java.sql.Date.valueOf(earliestDate))),
                lit(RejectReason.TIMESTAMP_BEFORE_FLOOR.code()))
            .when(to_date(col(EVENT_TS)).gt(lit(java.sql.Date.valueOf(latestDate))),
                lit(RejectReason.TIMESTAMP_IN_FUTURE.code()))
            .when(col("amount_raw").isNull().or(trim(col("amount_raw")).equalTo("")),
                lit(RejectReason.MISSING_AMOUNT.code()))
            .when(col(AMOUNT).isNull().or(isnan(col(AMOUNT)))
                    .or(col(AMOUNT).equalTo(Double.POSITIVE_INFINITY)),
                lit(RejectReason.NON_NUMERIC_AMOUNT.code()))
            .when(col(AMOUNT).lt(0), lit(RejectReason.NEGATIVE_AMOUNT.code()));
    Dataset<Row> validated = n.select(
        when(customerMissing, lit(null)).otherwise(col("customer_raw")).as(CUSTOMER_ID),
        col(EVENT_TS),
        to_date(col(EVENT_TS)).as(TXN_DATE),
        col(AMOUNT),
        col(ORDER_ID),
        col(SOURCE_FILE),
        col(RAW_RECORD),
        reason.as(REJECT_REASON),
        col(TextLines.POSITION));
    if (!hasOrderId) {
      return validated;
    }
    // An order seen twice is counted once: the earliest valid record keeps it, in a fixed order
    // so that reruns keep the same one.
    Column occurrence = row_number().over(Window
        .partitionBy(col(ORDER_ID), col(REJECT_REASON).isNull())
        .orderBy(col(EVENT_TS), col(RAW_RECORD), col(SOURCE_FILE)));
    Column isDuplicate = col(REJECT_REASON).isNull().and(col(ORDER_ID).isNotNull())
        .and(occurrence.gt(1));
    return validated.withColumn(REJECT_REASON,
        when(isDuplicate, lit(RejectReason.DUPLICATE_ORDER_ID.code()))
            .otherwise(col(REJECT_REASON)));
  }

  private static void requireColumns(
      TransactionSourceSpec spec, StructType found, Map<String, String> mapped) {
    if (found.fields().length == 0) {
      throw new InputSchemaException("Transaction input '" + spec.path() + "' (format "
          + spec.format() + ") is empty: no header and no records. Check what writes it, or set"
          + " lapse.input.transactions.path to the files that hold the data.");
    }
    List<String> names = Arrays.asList(found.fieldNames());
    for (Map.Entry<String, String> e : mapped.entrySet()) {
      if (!names.contains(e.getValue())) {
        throw new InputSchemaException(
            "Transaction input '" + spec.path() + "' (format " + spec.format() + "): column '"
                + e.getValue() + "' mapped as " + e.getKey() + " was not found; columns found: "
                + names + ". Fix lapse.input.transactions.columns." + e.getKey()
                + " or the input file.");
      }
    }
  }

  private static void requireType(TransactionSourceSpec spec, StructType schema, String column,
      String role, String expected, java.util.function.Predicate<DataType> accepted) {
    DataType found = schema.apply(column).dataType();
    if (!accepted.test(found)) {
      throw new InputSchemaException("Transaction input '" + spec.path() + "' (format "
          + spec.format() + "): column '" + column + "' mapped as " + role + " has type "
          + found.simpleString() + "; expected " + expected + ". Fix the input or"
          + " lapse.input.transactions.columns." + role + ".");
    }
  }
}
