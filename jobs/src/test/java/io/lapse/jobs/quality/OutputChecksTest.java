package io.lapse.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.Table;
import io.lapse.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The output checks evaluated on small tables: every check and its message. */
class OutputChecksTest {

  private static final LocalDate D = LocalDate.parse("2024-03-31");
  private static final OutputCheckSettings DEFAULTS = new OutputCheckSettings(CheckLevel.ERROR,
      CheckLevel.ERROR, CheckLevel.ERROR, CheckLevel.WARN, 0.5, 2.0);
  private static final OutputTable SCORES = OutputTable.DECLARED.stream()
      .filter(t -> t.table() == Table.SCORES).findFirst().orElseThrow();
  private static final StructType SCORE_ROWS = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("customer_id", DataTypes.StringType)
      .add("p_alive", DataTypes.DoubleType)
      .add("p_disengage", DataTypes.DoubleType)
      .add("prob_no_transaction", DataTypes.DoubleType);

  private static Row score(LocalDate asOf, String customer, Double pAlive, Double pDisengage) {
    return RowFactory.create(Date.valueOf(asOf), customer, pAlive, pDisengage, null);
  }

  private static Dataset<Row> frame(List<Row> rows, StructType schema) {
    return TestSpark.session().createDataFrame(rows, schema);
  }

  private static Dataset<Row> features(String... customers) {
    return frame(Arrays.stream(customers).map(c -> RowFactory.create(Date.valueOf(D), c, 1))
        .toList(), new StructType().add("as_of_date", DataTypes.DateType)
        .add("customer_id", DataTypes.StringType).add("active_days", DataTypes.IntegerType));
  }

  @Test
  void everyCheckOfScoresMeasuresItsOffendingRowsInOneResult() {
    List<Row> ofD = List.of(
        score(D, "c1", 0.5, 0.2),
        score(D, "c1", 0.4, null),
        score(D, null, 0.3, 0.1),
        score(D, "c3", 1.5, Double.NaN),
        score(D, "c5", 0.0, 1.0));
    List<Row> all = new ArrayList<>(ofD);
    all.add(score(D.minusDays(30), "c1", 0.5, 0.5)); // an older date: not the previous one
    all.add(score(D.minusDays(30), "c3", 0.5, 0.5));
    all.add(score(D.minusDays(30), "c5", 0.5, 0.5));
    all.add(score(D.minusDays(30), "c6", 0.5, 0.5));
    all.add(score(D.minusDays(30), "c7", 0.5, 0.5));
    all.add(score(D.minusDays(1), "c1", 0.5, 0.5));
    all.add(score(D.plusDays(1), "c1", 0.5, 0.5)); // a later date is no earlier run

    List<CheckResult> results = new OutputChecks(DEFAULTS).evaluate(SCORES, D,
        frame(ofD, SCORE_ROWS), Optional.of(features("c1", "c2", "c3", "c4", "c5")),
        Optional.of(frame(all, SCORE_ROWS)));

    assertEquals(List.of(
        "07_model_output/scores unique_key: 1 of 5 rows repeat a key (as_of_date, customer_id)"
            + " and 1 of 5 lack one (2, allowed = 0)",
        "07_model_output/scores probability_range:p_alive: 1 of 5 rows outside [0, 1] or NaN,"
            + " values from 0.0 to 1.5 (1, allowed = 0)",
        "07_model_output/scores probability_range:prob_no_transaction: 0 of 5 rows outside"
            + " [0, 1] or NaN, no values (0, allowed = 0)",
        "07_model_output/scores probability_range:p_disengage: 1 of 5 rows outside [0, 1] or"
            + " NaN, values from 0.1 to NaN (1, allowed = 0)",
        "07_model_output/scores features_scored: 2 of 5 customers of features as of 2024-03-31"
            + " have no row (2, allowed = 0)",
        "07_model_output/scores row_count: 5 rows as of 2024-03-31 are 5.000 times the 1 of"
            + " 2024-03-30 (allowed between 0.5 and 2.0 of the previous as-of date's)"),
        results.stream().map(CheckResult::message).toList());
    assertEquals(List.of("unique_key", "probability_range:p_alive",
        "probability_range:prob_no_transaction", "probability_range:p_disengage",
        "features_scored", "row_count"), results.stream().map(CheckResult::check).toList());
    assertEquals(Arrays.asList(2.0, 1.0, 0.0, 1.0, 2.0, 5.0),
        results.stream().map(CheckResult::value).toList());
    assertEquals(List.of(false, false, true, false, false, false),
        results.stream().map(CheckResult::passed).toList());
    // Every check fails the run but the row count, a warning by default.
    assertEquals(List.of(true, true, false, true, true, false),
        results.stream().map(CheckResult::failsTheRun).toList());
    assertEquals(List.of("= 0", "= 0", "= 0", "= 0", "= 0",
        "between 0.5 and 2.0 of the previous as-of date's"),
        results.stream().map(CheckResult::threshold).toList());
  }

  @Test
  void cleanRowsPassTheFirstRunHasNothingToCompareWithAndChecksTurnedOffAreLeftOut() {
    List<Row> ofD = List.of(score(D, "c1", 0.0, 1.0), score(D, "c2", 1.0, null));
    Dataset<Row> rows = frame(ofD, SCORE_ROWS);
    List<CheckResult> results = new OutputChecks(DEFAULTS).evaluate(SCORES, D, rows,
        Optional.of(features("c1", "c2")), Optional.of(rows));
    assertEquals(List.of(true, true, true, true, true, true),
        results.stream().map(CheckResult::passed).toList());
    CheckResult rowCount = results.get(5);
    assertEquals("07_model_output/scores row_count: no earlier as-of date to compare with",
        rowCount.message());
    assertEquals(null, rowCount.value());

    OutputCheckSettings keysOnly = new OutputCheckSettings(CheckLevel.WARN, CheckLevel.OFF,
        CheckLevel.OFF, CheckLevel.OFF, 0.5, 2.0);
    List<CheckResult> warned = new OutputChecks(keysOnly).evaluate(SCORES, D,
        frame(List.of(score(D, "c1", 7.0, 7.0), score(D, "c1", 7.0, 7.0)), SCORE_ROWS),
        Optional.of(features("c9")), Optional.of(rows));
    assertEquals(List.of(new CheckResult("unique_key", CheckLevel.WARN, 1.0, "= 0", false,
        "07_model_output/scores unique_key: 1 of 2 rows repeat a key (as_of_date, customer_id)"
            + " and 0 of 2 lack one (1, allowed = 0)")), warned);
    assertEquals(List.of(), new OutputChecks(new OutputCheckSettings(CheckLevel.OFF,
        CheckLevel.OFF, CheckLevel.OFF, CheckLevel.OFF, 0.5, 2.0))
        .evaluate(SCORES, D, rows, Optional.empty(), Optional.empty()));
  }

  @Test
  void amountsOfScoresAreCheckedNonNegative() {
    StructType schema = new StructType().add("as_of_date", DataTypes.DateType)
        .add("customer_id", DataTypes.StringType).add("clv", DataTypes.DoubleType);
    Date d = Date.valueOf(D);
    Dataset<Row> rows = frame(List.of(RowFactory.create(d, "c1", 5.0),
        RowFactory.create(d, "c2", -1.0), RowFactory.create(d, "c3", Double.NaN),
        RowFactory.create(d, "c4", null)), schema);
    CheckResult clv = new OutputChecks(DEFAULTS).evaluate(SCORES, D, rows, Optional.empty(),
            Optional.empty()).stream()
        .filter(r -> r.check().equals("non_negative:clv")).findFirst().orElseThrow();
    assertEquals("07_model_output/scores non_negative:clv: 2 of 4 rows below 0 or NaN, values"
        + " from -1.0 to NaN (2, allowed = 0)", clv.message());
    assertEquals(false, clv.passed());
  }

  @Test
  void theKeyOfTheActionsCrmLoadsIsEveryKeyColumn() {
    OutputTable actions = OutputTable.DECLARED.stream()
        .filter(t -> t.table() == Table.REENGAGEMENT_ACTIONS).findFirst().orElseThrow();
    assertEquals("output:reengagement_actions", actions.source());
    StructType schema = new StructType().add("as_of_date", DataTypes.DateType)
        .add("customer_id", DataTypes.StringType).add("action", DataTypes.StringType)
        .add("due_date", DataTypes.DateType);
    Date d = Date.valueOf(D);
    Date later = Date.valueOf(D.plusDays(7));
    Dataset<Row> rows = frame(List.of(RowFactory.create(d, "c1", "email", d),
        RowFactory.create(d, "c1", "email", later), RowFactory.create(d, "c1", "coupon", d),
        RowFactory.create(d, "c1", "coupon", d), RowFactory.create(d, "c2", "email", null)),
        schema);
    assertEquals(List.of("07_model_output/reengagement_actions unique_key: 1 of 5 rows repeat a"
        + " key (as_of_date, customer_id, action, due_date) and 1 of 5 lack one (2, allowed = 0)"),
        new OutputChecks(DEFAULTS).evaluate(actions, D, rows, Optional.empty(),
            Optional.of(rows)).stream().map(CheckResult::message).toList());
  }

  @Test
  void theLevelsAndBoundsComeFromReferenceConfAndABadLevelIsRefusedNamingItsKey() {
    Map<String, Object> base = Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv");
    assertEquals(DEFAULTS, config(base).outputChecks);
    Map<String, Object> bad = new java.util.HashMap<>(base);
    bad.put("lapse.data-quality.output.features-scored.level", "fatal");
    bad.put("lapse.data-quality.output.row-count.max-ratio", 0.1);
    assertEquals(List.of("lapse.data-quality.output: lapse.data-quality.output.features-scored"
        + ".level must be one of error, warn, off but was 'fatal'"),
        assertThrows(ConfigValidationException.class, () -> config(bad)).problems());
    bad.remove("lapse.data-quality.output.features-scored.level");
    assertEquals(List.of("lapse.data-quality.output: row-count needs 0 <= min-ratio <= max-ratio"
        + " but were 0.5, 0.1"),
        assertThrows(ConfigValidationException.class, () -> config(bad)).problems());
  }

  private static LapseConfig config(Map<String, Object> overrides) {
    return LapseConfig.from(ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.defaultReference()).resolve());
  }
}
