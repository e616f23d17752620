package io.lapse.models.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The schema of the model_runs table (key: run_id, segment), conversion of {@link ModelRun}s to
 * and from its rows, and the current champion per task and segment.
 */
public final class ModelRuns {

  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("task", DataTypes.StringType, false)
      .add("segment", DataTypes.StringType, false)
      .add("fitted_segment", DataTypes.StringType, false)
      .add("is_fallback", DataTypes.BooleanType, false)
      .add("algorithm", DataTypes.StringType, false)
      .add("hyper_parameters",
          DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
      .add("seed", DataTypes.LongType, false)
      .add("training_window_start", DataTypes.DateType, false)
      .add("training_window_end", DataTypes.DateType, false)
      .add("validation_window_start", DataTypes.DateType, true)
      .add("validation_window_end", DataTypes.DateType, true)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
          false)
      .add("artifact_path", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false);

  /** Column the model_runs table adds: when the row was registered. */
  public static final String REGISTERED_AT = "registered_at";

  private ModelRuns() {}

  public static Row toRow(ModelRun r) {
    return RowFactory.create(r.runId(), r.task(), r.segment(), r.fittedSegment(), r.isFallback(),
        r.algorithm(), CollectionConverters.asScala(r.hyperParameters()), r.seed(),
        Date.valueOf(r.trainingWindowStart()), Date.valueOf(r.trainingWindowEnd()),
        date(r.validationWindowStart()), date(r.validationWindowEnd()),
        CollectionConverters.asScala(r.metrics()), r.artifactPath(), r.status().code(),
        r.reason());
  }

  public static Dataset<Row> toDataFrame(SparkSession spark, List<ModelRun> runs) {
    List<Row> rows = new ArrayList<>();
    runs.forEach(r -> rows.add(toRow(r)));
    return spark.createDataFrame(rows, SCHEMA);
  }

  public static ModelRun fromRow(Row r) {
    Map<String, String> hyper = r.getJavaMap(r.fieldIndex("hyper_parameters"));
    Map<String, Double> metrics = r.getJavaMap(r.fieldIndex("metrics"));
    return new ModelRun(r.getAs("run_id"), r.getAs("task"), r.getAs("segment"),
        r.getAs("fitted_segment"), r.getAs("algorithm"), new TreeMap<>(hyper),
        r.<Long>getAs("seed"), localDate(r.getAs("training_window_start")),
        localDate(r.getAs("training_window_end")), localDate(r.getAs("validation_window_start")),
        localDate(r.getAs("validation_window_end")), metrics, r.getAs("artifact_path"),
        ModelStatus.ofCode(r.getAs("status")), r.getAs("reason"));
  }

  /**
   * The champion rows in force: per task and segment, the latest registered champion (when the
   * rows carry {@link #REGISTERED_AT}), then the one with the latest training window (ties broken
   * by run id, so the answer does not depend on row order); none when that champion was retired.
   */
  public static Dataset<Row> currentChampions(Dataset<Row> modelRuns) {
    // A run's latest row is its standing decision. Of the runs that were ever champion of a
    // segment, the newest standing decision rules: a champion, or a retirement (a newer row of
    // that run, rejected), after which no model is in force and the older champions it
    // displaced stay displaced.
    org.apache.spark.sql.expressions.WindowSpec byRun =
        Window.partitionBy("task", "segment", "run_id");
    Column champion = col("status").equalTo(ModelStatus.CHAMPION.code());
    Dataset<Row> standing = modelRuns
        .withColumn("_ever_champion", functions.max(champion.cast("int")).over(byRun))
        .withColumn("_rank", row_number().over(byRun.orderBy(order(modelRuns))))
        .where(col("_rank").equalTo(1).and(col("_ever_champion").equalTo(1)))
        .drop("_rank", "_ever_champion");
    return latestRuns(standing).where(champion);
  }

  /**
   * Per task and segment, the latest registered run whatever its status (ordered as
   * {@link #currentChampions}): the newest validation of that segment's baselines.
   */
  public static Dataset<Row> latestRuns(Dataset<Row> modelRuns) {
    return modelRuns
        .withColumn("_rank", row_number().over(Window.partitionBy("task", "segment")
            .orderBy(order(modelRuns))))
        .where(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Newest first: registered_at (where the rows carry it), training window end, run id. */
  private static org.apache.spark.sql.Column[] order(Dataset<Row> modelRuns) {
    // A registry table stamps each row with registered_at: the latest decision wins, so a
    // champion trained on the same window as an earlier one replaces it.
    java.util.List<org.apache.spark.sql.Column> order = new java.util.ArrayList<>();
    if (java.util.Arrays.asList(modelRuns.columns()).contains(REGISTERED_AT)) {
      order.add(col(REGISTERED_AT).desc());
    }
    order.add(col("training_window_end").desc());
    order.add(col("run_id").desc());
    return order.toArray(org.apache.spark.sql.Column[]::new);
  }

  /** The champion in force for one task and segment, if any. */
  public static Optional<ModelRun> currentChampion(Dataset<Row> modelRuns, String task,
      String segment) {
    List<Row> rows = currentChampions(modelRuns)
        .where(col("task").equalTo(task).and(col("segment").equalTo(segment)))
        .collectAsList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(fromRow(rows.get(0)));
  }

  private static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }

  private static LocalDate localDate(Object o) {
    return o == null ? null : ((Date) o).toLocalDate();
  }
}
