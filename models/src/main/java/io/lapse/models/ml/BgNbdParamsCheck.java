package io.lapse.models.ml;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.ml.SchemaCheck;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The input columns BG/NBD fits and scores on: the customer features' (x, t_x, T). */
final class BgNbdParamsCheck {

  private BgNbdParamsCheck() {}

  static void requireInputs(String stage, StructType schema) {
    SchemaCheck.require(stage, schema,
        SchemaCheck.Column.of(CustomerFeatures.REPEAT_DAYS, DataTypes.IntegerType),
        SchemaCheck.Column.of(CustomerFeatures.T_X_WEEKS, DataTypes.DoubleType),
        SchemaCheck.Column.of(CustomerFeatures.T_WEEKS, DataTypes.DoubleType));
  }
}
