package io.lapse.features.input;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The lines of text files as Spark's text source reads them (a line ends at \n, \r\n or \r), each
 * marked with where it was read, so that the 1-based line number of a record in its file can be
 * found afterwards, and only for the records that need one (the quarantined).
 *
 * <p>Spark's text source gives no line number, and numbering every line as it is read would take a
 * window over each file, a sort of the whole input, on every run. Instead each line carries its
 * {@link #POSITION}: the byte offset of the file block (split) it was read in, and
 * {@code monotonically_increasing_id()} taken right at the scan, before any filter. One task reads
 * a block whole and in order, so the ids of a block's lines are consecutive (the id's low 33 bits
 * count rows within the partition, which may hold several blocks). A line's number is then its id
 * minus the first id of its block, plus the lines of the same file's earlier blocks, plus one.
 * {@link #number} finds the blocks' first ids and line counts in one grouped pass over this same
 * scan (the same file listing, so the same splits and the same ids), and not at all when there are
 * no records to number. That pass reads all the text again, without parsing it: a filter on the
 * file beneath the ids would change the splits and so the ids, so only the counting is limited
 * to the records' files.
 */
public final class TextLines {

  /** Where a line was read: struct of {@code block} (byte offset) and {@code id}. */
  public static final String POSITION = "_position";
  private static final String BLOCK = "block";
  private static final String ID = "id";
  /** The type of {@link #POSITION}, for inputs that have none (a null of this type). */
  public static final StructType POSITION_TYPE = new StructType()
      .add(BLOCK, DataTypes.LongType, true)
      .add(ID, DataTypes.LongType, false);
  private static final StructType BLOCKS = new StructType()
      .add("_b_file", DataTypes.StringType, false)
      .add("_b_block", DataTypes.LongType, false)
      .add("_b_first_id", DataTypes.LongType, false)
      .add("_b_lines_before", DataTypes.LongType, false);

  private final Dataset<Row> scan;

  private TextLines(Dataset<Row> scan) {
    this.scan = scan;
  }

  /** The lines of the file or folder at {@code path}; nothing is read yet. */
  public static TextLines read(SparkSession spark, String path) {
    // The id must be taken in the projection on the scan itself: a filter below it would leave
    // gaps that no later pass can tell from lines. A nondeterministic projection also keeps
    // Spark from pushing later filters beneath it.
    return new TextLines(spark.read().text(path).select(col("value"), col("_metadata"),
        struct(col("_metadata.file_block_start").as(BLOCK),
            monotonically_increasing_id().as(ID)).as(POSITION)));
  }

  /** Every line, blank ones included: {@code value}, {@code _metadata} and {@link #POSITION}. */
  public Dataset<Row> lines() {
    return scan;
  }

  /**
   * {@code rows}, records read from these lines, with the line number of each in its file as
   * {@code lineNumberColumn} (a long) in place of {@link #POSITION}.
   *
   * @param fileColumn the column of {@code rows} holding the file path as {@code _metadata}
   *     gave it
   */
  public Dataset<Row> number(Dataset<Row> rows, String fileColumn, String lineNumberColumn) {
    List<String> files = rows.select(col(fileColumn)).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    if (files.isEmpty()) {
      return rows.withColumn(lineNumberColumn, lit(null).cast(DataTypes.LongType)).drop(POSITION);
    }
    List<Row> blocks = scan.where(col("_metadata.file_path").isin(files.toArray()))
        .groupBy(col("_metadata.file_path"), col(POSITION + "." + BLOCK))
        .agg(min(col(POSITION + "." + ID)), count(lit(1)))
        .orderBy(col("file_path"), col(BLOCK))
        .collectAsList();
    List<Row> starts = new ArrayList<>();
    String file = null;
    long before = 0;
    for (Row b : blocks) {
      if (!b.getString(0).equals(file)) {
        file = b.getString(0);
        before = 0;
      }
      starts.add(RowFactory.create(file, b.getLong(1), b.getLong(2), before));
      before += b.getLong(3);
    }
    Dataset<Row> table = broadcast(rows.sparkSession().createDataFrame(starts, BLOCKS));
    Column position = col(POSITION);
    Column sameBlock = col(fileColumn).equalTo(col("_b_file"))
        .and(position.getField(BLOCK).equalTo(col("_b_block")));
    Column line = position.getField(ID).minus(col("_b_first_id"))
        .plus(col("_b_lines_before")).plus(lit(1L));
    return rows.join(table, sameBlock, "left")
        .withColumn(lineNumberColumn, line)
        .drop(POSITION, "_b_file", "_b_block", "_b_first_id", "_b_lines_before");
  }
}
