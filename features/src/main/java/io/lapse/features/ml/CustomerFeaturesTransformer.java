package io.lapse.features.ml;

import io.lapse.features.ActivityDaily;
import io.lapse.features.CustomerFeatures;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link CustomerFeatures#asOf} as an MLlib {@link Transformer}: activity_daily rows in, one row
 * of point-in-time features per customer active on or before D out, so that the feature stage
 * composes in a {@link org.apache.spark.ml.Pipeline} and can be called from a notebook (PySpark
 * through {@code JavaTransformer}, see the README).
 */
public final class CustomerFeaturesTransformer extends Transformer
    implements DefaultParamsWritable {

  private static final String STAGE = "CustomerFeatures";

  private final String uid;
  private final Param<String> asOfDate;

  public CustomerFeaturesTransformer() {
    this(Identifiable.randomUID("lapseCustomerFeatures"));
  }

  public CustomerFeaturesTransformer(String uid) {
    this.uid = uid;
    this.asOfDate = new Param<>(this, "asOfDate",
        "the as-of date D (yyyy-MM-dd): features use the activity on or before D");
  }

  /** The as-of date D (yyyy-MM-dd); required. */
  public Param<String> asOfDate() {
    return asOfDate;
  }

  public CustomerFeaturesTransformer setAsOfDate(String value) {
    set(asOfDate, value);
    return this;
  }

  public CustomerFeaturesTransformer setAsOfDate(LocalDate value) {
    return setAsOfDate(value.toString());
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return CustomerFeatures.asOf(dataset.toDF(), asOf());
  }

  /** The features' schema, from Spark's analysis of the stage on no rows. */
  @Override
  public StructType transformSchema(StructType schema) {
    SchemaCheck.require(STAGE, schema,
        SchemaCheck.Column.of(ActivityDaily.CUSTOMER_ID, DataTypes.StringType),
        SchemaCheck.Column.of(ActivityDaily.ACTIVITY_DATE, DataTypes.DateType),
        SchemaCheck.Column.numeric(ActivityDaily.TRANSACTIONS),
        SchemaCheck.Column.numeric(ActivityDaily.AMOUNT));
    SparkSession spark = SparkSession.active();
    return CustomerFeatures.asOf(spark.createDataFrame(java.util.List.of(), schema), asOf())
        .schema();
  }

  private LocalDate asOf() {
    if (!isDefined(asOfDate)) {
      throw new IllegalArgumentException(STAGE + ": asOfDate is not set");
    }
    String value = getOrDefault(asOfDate);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(STAGE + ": asOfDate must be yyyy-MM-dd but was '"
          + value + "'", e);
    }
  }

  @Override
  public CustomerFeaturesTransformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<CustomerFeaturesTransformer> read() {
    return new DefaultParamsReader<>();
  }

  public static CustomerFeaturesTransformer load(String path) {
    return read().load(path);
  }
}
