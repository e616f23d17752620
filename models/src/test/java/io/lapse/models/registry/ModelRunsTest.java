package io.lapse.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lapse.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ModelRunsTest {

  private static ModelRun run(String id, String segment, String end, ModelStatus status) {
    return new ModelRun(id, ModelRun.CLASSIFIER, segment, segment, "gbt",
        new TreeMap<>(Map.of("max_depth", "3")), 42L, LocalDate.parse("2025-01-01"),
        LocalDate.parse(end), null, null, Map.of("validation_roc_auc", 0.7), "/m/" + id, status,
        "why");
  }

  @Test
  void theChampionInForceIsTheLatestChampionPerSegment() {
    Dataset<Row> table = ModelRuns.toDataFrame(TestSpark.session(), List.of(
        run("run-1", "A", "2025-03-01", ModelStatus.CHAMPION),
        run("run-2", "A", "2025-04-01", ModelStatus.CHAMPION),
        // A later challenger and a later rejected model do not displace the champion.
        run("run-3", "A", "2025-05-01", ModelStatus.CHALLENGER),
        run("run-4", "A", "2025-05-01", ModelStatus.REJECTED),
        run("run-5", "B", "2025-02-01", ModelStatus.CHAMPION)));
    List<Row> champions = ModelRuns.currentChampions(table).orderBy("segment").collectAsList();
    assertEquals(List.of("run-2", "run-5"), champions.stream()
        .map(r -> r.<String>getAs("run_id")).toList());
    ModelRun back = ModelRuns.fromRow(champions.get(0));
    assertEquals(run("run-2", "A", "2025-04-01", ModelStatus.CHAMPION), back);
    // A champion retired by a newer row of its run is no longer in force; the champion before it
    // is not reinstated either way (it was displaced by a decision of its own).
    Dataset<Row> stamped = table.withColumn(ModelRuns.REGISTERED_AT,
        org.apache.spark.sql.functions.to_timestamp(org.apache.spark.sql.functions.lit(
            "2025-06-01 00:00:00")));
    Dataset<Row> retirement = ModelRuns.toDataFrame(TestSpark.session(), List.of(
        run("run-2", "A", "2025-04-01", ModelStatus.REJECTED)))
        .withColumn(ModelRuns.REGISTERED_AT, org.apache.spark.sql.functions.to_timestamp(
            org.apache.spark.sql.functions.lit("2025-07-01 00:00:00")));
    assertEquals(List.of("run-5"), ModelRuns.currentChampions(
            stamped.unionByName(retirement)).orderBy("segment").collectAsList().stream()
        .map(r -> r.<String>getAs("run_id")).toList());
    // The latest run whatever its status: the newest validation of each segment.
    assertEquals(List.of("run-4", "run-5"), ModelRuns.latestRuns(table).orderBy("segment")
        .collectAsList().stream().map(r -> r.<String>getAs("run_id")).toList());
  }
}
