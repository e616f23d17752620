package io.lapse.features.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_valid_utf8;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Text inputs (CSV and JSON lines) read one line per record, each record with the line exactly as
 * it was in the file, so that a quarantined record shows its quotes and delimiters.
 *
 * <p>Why not Spark's CSV source alone: a quoted field that spans lines is split into records of
 * its own lines, and the second half parses (a customer {@code 01"}); with {@code multiLine} it is
 * one record, but then a single stray quote swallows the rest of the file into one malformed
 * record. Here a line whose unescaped quotes do not pair up is malformed: every line of a
 * multi-line field is quarantined, each counted, and a stray quote costs its own line only.
 * Likewise Spark's JSON source reads a line holding an array as one record per element, and an
 * empty array as none: here such a line is one malformed record.
 */
public final class LineRecords {

  /** The line as read. */
  public static final String LINE = "_line";
  /** Whether the line is not one well-formed record of the columns. */
  public static final String MALFORMED = "_malformed";
  /** The file the line came from. */
  public static final String FILE = "_file";
  private static final String CORRUPT = "_corrupt_record";

  private LineRecords() {}

  /**
   * The columns of the files (as Spark's CSV source names them: the header's names, or _c0, _c1,
   * ... without a header), found before anything is parsed so a missing column is reported first.
   */
  public static StructType csvColumns(SparkSession spark, String path, boolean header,
      String delimiter) {
    return spark.read().option("header", header).option("sep", delimiter).csv(path).schema();
  }

  /**
   * Every line of the files but empty lines and, with {@code header}, the header lines (any line
   * whose fields are the column names, wherever it is in a file): the columns as strings, then
   * {@link #LINE}, {@link #MALFORMED}, {@link #FILE} and {@link TextLines#POSITION}.
   */
  public static Dataset<Row> csv(TextLines lines, StructType columns, boolean header,
      String delimiter) {
    StructType asStrings = new StructType();
    for (StructField f : columns.fields()) {
      asStrings = asStrings.add(f.name(), DataTypes.StringType, true);
    }
    asStrings = asStrings.add(CORRUPT, DataTypes.StringType, true);
    Column line = col("value");
    Column parsed = from_csv(line, lit(asStrings.toDDL()),
        Map.of("sep", delimiter, "mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    // A backslash escapes a quote in Spark's CSV dialect; every other quote opens or closes one.
    Column quotes = length(line).minus(length(replace(line, lit("\""))));
    Column escaped = length(line).minus(length(replace(line, lit("\\\"")))).divide(2);
    Column unpaired = when(line.contains("\""), pmod(quotes.minus(escaped), lit(2)).equalTo(1))
        .otherwise(false);
    List<Column> out = new ArrayList<>();
    Column isHeader = lit(header);
    for (StructField f : columns.fields()) {
      out.add(col("p").getField(f.name()).as(f.name()));
      isHeader = isHeader.and(col("p").getField(f.name()).eqNullSafe(lit(f.name())));
    }
    Column malformed = col("p").getField(CORRUPT).isNotNull().or(unpaired);
    out.add(line.as(LINE));
    out.add(malformed.as(MALFORMED));
    out.add(col("_metadata.file_path").as(FILE));
    out.add(col(TextLines.POSITION));
    // Bytes that are not UTF-8 become U+FFFD, as Spark's CSV source decodes them, so the readers
    // see (and quarantine) a file in another encoding the same way.
    return lines.lines()
        .select(make_valid_utf8(line).as("value"), col("_metadata"), col(TextLines.POSITION))
        .where(line.notEqual(""))
        .select(line, col("_metadata"), col(TextLines.POSITION), parsed.as("p"))
        .where(not(isHeader.and(col("p").getField(CORRUPT).isNull())))
        .select(out.toArray(Column[]::new));
  }

  /** The columns of JSON-lines files as Spark's JSON source infers them (objects' fields). */
  public static StructType jsonColumns(SparkSession spark, String path) {
    StructType inferred = spark.read().json(path).schema();
    StructType columns = new StructType();
    for (StructField f : inferred.fields()) {
      if (!f.name().equals(CORRUPT)) {
        columns = columns.add(f);
      }
    }
    return columns;
  }

  /**
   * Every non-empty line of JSON-lines files: the columns, then {@link #LINE}, {@link #MALFORMED}
   * (not one JSON object: broken, or an array), {@link #FILE} and {@link TextLines#POSITION}.
   */
  public static Dataset<Row> json(TextLines lines, StructType columns) {
    StructType withCorrupt = columns.add(CORRUPT, DataTypes.StringType, true);
    Column line = col("value");
    Column parsed = from_json(line, withCorrupt,
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
    List<Column> out = new ArrayList<>();
    for (StructField f : columns.fields()) {
      out.add(col("p").getField(f.name()).as(f.name()));
    }
    out.add(line.as(LINE));
    out.add(col("p").getField(CORRUPT).isNotNull().as(MALFORMED));
    out.add(col("_metadata.file_path").as(FILE));
    out.add(col(TextLines.POSITION));
    return lines.lines()
        .select(make_valid_utf8(line).as("value"), col("_metadata"), col(TextLines.POSITION))
        .where(trim(line).notEqual(""))
        .select(line, col("_metadata"), col(TextLines.POSITION), parsed.as("p"))
        .select(out.toArray(Column[]::new));
  }
}
