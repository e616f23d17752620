package io.lapse.models.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.lapse.features.CustomerFeatures;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.scoring.BgNbdScorer;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted BG/NBD model: adds P(alive), expected transactions and P(no transaction) in the next
 * horizonDays to each row's (x, t_x, T). The fitted r, alpha, a, b are params, so that the model
 * saves and loads like any MLlib stage.
 */
public final class BgNbdModel extends Model<BgNbdModel> implements DefaultParamsWritable {

  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_TRANSACTIONS = "expected_transactions";
  public static final String PROB_NO_TRANSACTION = "prob_no_transaction";
  private static final double DAYS_PER_WEEK = 7.0;

  private final String uid;
  private final IntParam horizonDays;
  private final DoubleParam r;
  private final DoubleParam alpha;
  private final DoubleParam a;
  private final DoubleParam b;

  public BgNbdModel(String uid) {
    this.uid = uid;
    this.horizonDays = horizonParam(this);
    setDefault(horizonDays, 28);
    this.r = parameter("r", "BG/NBD r: shape of the transaction-rate gamma");
    this.alpha = parameter("alpha", "BG/NBD alpha: scale of the transaction-rate gamma");
    this.a = parameter("a", "BG/NBD a: first shape of the dropout-probability beta");
    this.b = parameter("b", "BG/NBD b: second shape of the dropout-probability beta");
  }

  static IntParam horizonParam(Identifiable parent) {
    return new IntParam(parent, "horizonDays",
        "days ahead of D for expected transactions and P(no transaction)",
        ParamValidators.gt(0));
  }

  private DoubleParam parameter(String name, String doc) {
    return new DoubleParam(this, name, doc, ParamValidators.gt(0));
  }

  public IntParam horizonDays() {
    return horizonDays;
  }

  public DoubleParam r() {
    return r;
  }

  public DoubleParam alpha() {
    return alpha;
  }

  public DoubleParam a() {
    return a;
  }

  public DoubleParam b() {
    return b;
  }

  public BgNbdModel setHorizonDays(int value) {
    set(horizonDays, value);
    return this;
  }

  BgNbdModel setParams(BgNbdParams p) {
    set(r, p.r());
    set(alpha, p.alpha());
    set(a, p.a());
    set(b, p.b());
    return this;
  }

  /** The fitted parameters. */
  public BgNbdParams fittedParams() {
    return new BgNbdParams((Double) getOrDefault(r), (Double) getOrDefault(alpha),
        (Double) getOrDefault(a), (Double) getOrDefault(b));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    BgNbdParams p = fittedParams();
    int horizon = (Integer) getOrDefault(horizonDays);
    Column[] predicted = BgNbdScorer.predictions(lit(p.r()), lit(p.alpha()), lit(p.a()),
        lit(p.b()), col(CustomerFeatures.REPEAT_DAYS), col(CustomerFeatures.T_X_WEEKS),
        col(CustomerFeatures.T_WEEKS), lit(horizon / DAYS_PER_WEEK));
    return dataset.toDF()
        .withColumn(P_ALIVE, predicted[0])
        .withColumn(EXPECTED_TRANSACTIONS, predicted[1])
        .withColumn(PROB_NO_TRANSACTION, predicted[2]);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    BgNbdParamsCheck.requireInputs(BgNbdEstimator.STAGE, schema);
    return outputSchema(schema);
  }

  static StructType outputSchema(StructType schema) {
    for (String c : new String[] {P_ALIVE, EXPECTED_TRANSACTIONS, PROB_NO_TRANSACTION}) {
      if (java.util.Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException(BgNbdEstimator.STAGE + ": output column '" + c
            + "' already exists");
      }
    }
    return schema.add(P_ALIVE, DataTypes.DoubleType, true)
        .add(EXPECTED_TRANSACTIONS, DataTypes.DoubleType, true)
        .add(PROB_NO_TRANSACTION, DataTypes.DoubleType, true);
  }

  @Override
  public BgNbdModel copy(ParamMap extra) {
    return copyValues(new BgNbdModel(uid), extra).setParent(parent());
  }

  public static MLReader<BgNbdModel> read() {
    return new DefaultParamsReader<>();
  }

  public static BgNbdModel load(String path) {
    return read().load(path);
  }
}
