package io.lapse.jobs.quality;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.jobs.lake.Outputs;
import io.lapse.jobs.lake.Table;
import io.lapse.models.onset.OnsetInputs;
import io.lapse.models.onset.OnsetScoring;
import io.lapse.models.policy.CustomerActions;
import io.lapse.models.policy.ReengagementExperiment;
import io.lapse.models.spend.SpendScorer;
import java.util.List;

/**
 * The declared checks of one table a run writes, evaluated on the rows the run staged before any
 * of them is published ({@link OutputChecks}).
 *
 * @param key columns that identify a row (README, Tables): each staged row has its own, none null
 * @param probabilities columns that hold probabilities, each in [0, 1] and not NaN where not
 *     null; a column the staged rows lack (a lake without the onset models) is not checked
 * @param nonNegative columns that hold amounts or counts, each &gt;= 0 and not NaN where not null
 *     (checked like the probabilities, at their level)
 * @param everyFeaturesCustomer every customer of features as of D has a row
 * @param rowCount the row count of D is compared with the latest earlier as-of date's
 */
public record OutputTable(Table table, List<String> key, List<String> probabilities,
    List<String> nonNegative, boolean everyFeaturesCustomer, boolean rowCount) {

  private static final String AS_OF_DATE = Outputs.AS_OF_DATE;
  private static final String CUSTOMER_ID = CustomerFeatures.CUSTOMER_ID;

  /** Every table with checks; a table a run did not stage is not checked. */
  public static final List<OutputTable> DECLARED = List.of(
      keyOnly(Table.FEATURES, AS_OF_DATE, CUSTOMER_ID),
      keyOnly(Table.SEGMENT_MODELS, AS_OF_DATE, Segmenter.SEGMENT, "model"),
      keyOnly(Table.MODEL_EVALUATION, AS_OF_DATE, Segmenter.SEGMENT, "model", "metric"),
      new OutputTable(Table.SCORES, Table.SCORES.mergeKeys(),
          List.of(OnsetInputs.P_ALIVE, OnsetInputs.PROB_NO_TRANSACTION, OnsetScoring.P_DISENGAGE,
              OnsetScoring.P_ONSET_SURVIVAL),
          List.of(OnsetInputs.EXPECTED_TRANSACTIONS, SpendScorer.EXPECTED_MEAN_SPEND,
              SpendScorer.CLV), true, true),
      keyOnly(Table.SEGMENT_POLICIES, AS_OF_DATE, Segmenter.SEGMENT, "timing_unit"),
      // The key that prevents a double contact (README): CRM loads these rows.
      keyOnly(Table.REENGAGEMENT_ACTIONS,
          Table.REENGAGEMENT_ACTIONS.mergeKeys().toArray(String[]::new)),
      keyOnly(Table.REENGAGEMENT_ASSIGNMENTS, ReengagementExperiment.EXPERIMENT_ID, CUSTOMER_ID,
          ReengagementExperiment.SPELL_START, CustomerActions.ACTION));

  public OutputTable {
    key = List.copyOf(key);
    probabilities = List.copyOf(probabilities);
    nonNegative = List.copyOf(nonNegative);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the checks of " + table + " need a key");
    }
  }

  private static OutputTable keyOnly(Table table, String... key) {
    return new OutputTable(table, List.of(key), List.of(), List.of(), false, false);
  }

  /** The table's name, e.g. scores: its results are stored with source output:scores. */
  public String name() {
    String path = table.relativePath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The source of its rows in data_quality. */
  public String source() {
    return OutputChecks.SOURCE_PREFIX + name();
  }
}
