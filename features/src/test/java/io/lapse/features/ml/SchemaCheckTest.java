package io.lapse.features.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("activity_date", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(12, 2));

  @Test
  void everyProblemIsNamedInOneMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SchemaCheck.require("Stage", SCHEMA,
            SchemaCheck.Column.of("customer_id", DataTypes.StringType),
            SchemaCheck.Column.of("activity_date", DataTypes.DateType, DataTypes.TimestampType),
            SchemaCheck.Column.numeric("transactions"),
            SchemaCheck.Column.numeric("customer_id")));
    assertEquals("Stage: column 'activity_date' must be DateType or TimestampType but was"
        + " StringType; column 'transactions' is missing; column 'customer_id' must be numeric"
        + " but was StringType (columns: customer_id, activity_date, amount)", e.getMessage());
  }

  @Test
  void decimalsAreNumericAndAnyTypeChecksPresenceOnly() {
    SchemaCheck.require("Stage", SCHEMA, SchemaCheck.Column.numeric("amount"));
    assertEquals(Optional.empty(), SchemaCheck.problems("Stage", SCHEMA,
        SchemaCheck.Column.any("customer_id", "activity_date", "amount")));
    assertEquals(Optional.of("contacts: column 'group' is missing (columns: customer_id,"
        + " activity_date, amount)"), SchemaCheck.problems("contacts", SCHEMA,
        SchemaCheck.Column.any("customer_id", "group")));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SchemaCheck.Column.of("x")).getMessage().contains("at least one type"));
  }
}
