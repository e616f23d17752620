package io.lapse.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class MaterializedTest {

  @Test
  void rowsKeepTheSourceRowsBehindAOneNodePlanAndCloseDropsTheCache() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> base = spark.range(0, 1000).toDF("id");
    // A deep plan, as stacked per-segment pipelines build one.
    Dataset<Row> deep = base.where(col("id").lt(0));
    for (int i = 0; i < 20; i++) {
      deep = deep.unionByName(base.where(col("id").mod(20).equalTo(i))
          .withColumn("id", col("id").plus(lit(0))));
    }
    long deepNodes = deep.queryExecution().logical().treeString().lines().count();

    Materialized m = Materialized.of(deep);
    assertEquals(1L, m.rows().queryExecution().logical().treeString().lines().count(),
        "plan of the materialized rows, from " + deepNodes + " nodes");
    assertEquals(List.of(1000L, 499500L), List.of(m.rows().count(),
        m.rows().agg(org.apache.spark.sql.functions.sum("id")).first().getLong(0)));
    assertEquals(StorageLevel.MEMORY_AND_DISK(), deep.storageLevel());
    m.close();
    assertEquals(StorageLevel.NONE(), deep.storageLevel());
  }
}
