package io.lapse.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaPolicyCheckTest {

  private static final StructType SCORES = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("customer_id", DataTypes.StringType)
      .add("p_alive", DataTypes.DoubleType)
      .add("model_version", DataTypes.StringType)
      .add("p_disengage", DataTypes.DoubleType);

  @Test
  void addedColumnsAndAbsentOptionalColumnsPass() {
    StructType written = new StructType()
        .add("as_of_date", DataTypes.DateType)
        .add("customer_id", DataTypes.StringType, false)
        .add("p_alive", DataTypes.DoubleType)
        .add("model_version", DataTypes.StringType)
        .add("clv", DataTypes.DoubleType);
    assertEquals(List.of(), SchemaPolicyCheck.violations(Table.SCORES, SCORES, written),
        "p_disengage is optional in scores (no engagement data), clv is new, nullability aside");
  }

  @Test
  void droppedRenamedAndRetypedColumnsOfAContractAreNamed() {
    StructType written = new StructType()
        .add("as_of_date", DataTypes.DateType)
        .add("customer_id", DataTypes.StringType)
        .add("p_alive", DataTypes.StringType)
        .add("model", DataTypes.StringType);
    assertEquals(List.of(
        "column p_alive is double in the table but string in the rows written: retyped",
        "column model_version (string) is in the table but not in the rows written: dropped or"
            + " renamed"),
        SchemaPolicyCheck.violations(Table.SCORES, SCORES, written));
  }

  @Test
  void aTableWhoseColumnsFollowTheConfigMayLoseAColumnButNotRetypeOne() {
    StructType features = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add("actions_visit_7d", DataTypes.LongType)
        .add("recency_days", DataTypes.IntegerType);
    StructType written = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add("recency_days", DataTypes.LongType);
    assertEquals(List.of(
        "column recency_days is int in the table but bigint in the rows written: retyped"),
        SchemaPolicyCheck.violations(Table.FEATURES, features, written));
  }

  @Test
  void structsMayGainFieldsButNotLoseOrRetypeThem() {
    StructType rung = new StructType().add("rung", DataTypes.IntegerType)
        .add("action", DataTypes.StringType);
    StructType policies = new StructType()
        .add("segment", DataTypes.StringType)
        .add("ladder", DataTypes.createArrayType(rung));
    StructType gained = new StructType()
        .add("segment", DataTypes.StringType)
        .add("ladder", DataTypes.createArrayType(rung.add("cost", DataTypes.DoubleType), false));
    assertEquals(List.of(),
        SchemaPolicyCheck.violations(Table.SEGMENT_POLICIES, policies, gained));
    StructType lost = new StructType()
        .add("segment", DataTypes.StringType)
        .add("ladder", DataTypes.createArrayType(new StructType().add("rung",
            DataTypes.LongType).add("action", DataTypes.StringType)));
    assertEquals(List.of("column ladder is array<struct<rung:int,action:string>> in the table"
        + " but array<struct<rung:bigint,action:string>> in the rows written: retyped"),
        SchemaPolicyCheck.violations(Table.SEGMENT_POLICIES, policies, lost));
  }
}
