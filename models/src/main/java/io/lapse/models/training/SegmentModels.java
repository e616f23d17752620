package io.lapse.models.training;

import io.lapse.models.km.KaplanMeierCurve;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The schema of the segment_models table and the conversion of fitted models into its rows. */
public final class SegmentModels {

  public static final StructType CURVE_POINT =
      new StructType()
          .add("time_days", DataTypes.DoubleType, false)
          .add("survival", DataTypes.DoubleType, false)
          .add("standard_error", DataTypes.DoubleType, false)
          .add("at_risk", DataTypes.LongType, false)
          .add("events", DataTypes.LongType, false)
          .add("censored", DataTypes.LongType, false);

  public static final StructType SCHEMA =
      new StructType()
          .add("as_of_date", DataTypes.DateType, false)
          .add("segment", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, false)
          .add("model_version", DataTypes.StringType, false)
          .add("fitted_segment", DataTypes.StringType, false)
          .add("is_fallback", DataTypes.BooleanType, false)
          .add("customers", DataTypes.LongType, false)
          .add("observations", DataTypes.LongType, false)
          .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
          .add("standard_errors",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
          .add("log_likelihood", DataTypes.DoubleType, true)
          .add("converged", DataTypes.BooleanType, true)
          .add("iterations", DataTypes.IntegerType, true)
          .add("curve", DataTypes.createArrayType(CURVE_POINT, false), true)
          // Null where is_fallback is false, and on rows written before the column was added.
          .add("fallback_reason", DataTypes.StringType, true);

  private SegmentModels() {}

  public static Dataset<Row> toDataFrame(
      SparkSession spark, LocalDate asOf, List<SegmentModel> models) {
    List<Row> rows = new ArrayList<>();
    for (SegmentModel m : models) {
      rows.add(RowFactory.create(
          Date.valueOf(asOf), m.segment(), m.model(), m.modelVersion(), m.fittedSegment(),
          m.isFallback(), m.customers(), m.observations(),
          scala.jdk.javaapi.CollectionConverters.asScala(m.params()),
          scala.jdk.javaapi.CollectionConverters.asScala(m.standardErrors()),
          m.logLikelihood(), m.converged(), m.iterations(), curveRows(m.curve()),
          m.fallbackReason()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static scala.collection.Seq<Row> curveRows(KaplanMeierCurve c) {
    if (c == null) {
      return null;
    }
    List<Row> points = new ArrayList<>(c.times().length);
    for (int k = 0; k < c.times().length; k++) {
      points.add(RowFactory.create(c.times()[k], c.survival()[k], c.standardError()[k],
          c.atRisk()[k], c.events()[k], c.censored()[k]));
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(points);
  }

  /**
   * A version id that depends only on what was fitted, so a rerun of the same date on the same
   * data yields the same id.
   */
  public static String version(String model, LocalDate asOf, String fittedSegment, String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((model + "|" + fittedSegment + "|" + content).getBytes(StandardCharsets.UTF_8));
      return model + "-" + asOf + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  static String describe(Map<String, Double> params) {
    StringBuilder s = new StringBuilder();
    params.forEach((k, v) -> s.append(k).append('=').append(Double.toString(v)).append(';'));
    return s.toString();
  }
}
