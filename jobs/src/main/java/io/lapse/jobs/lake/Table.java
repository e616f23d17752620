package io.lapse.jobs.lake;

import io.lapse.jobs.ScoreJob;
import io.lapse.models.onset.OnsetScoring;
import io.lapse.models.policy.CustomerActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * lapse's tables, each under {@code <lake root>/<layer>/<name>}: the data layers (raw,
 * intermediate, feature, models, model output) are visible in the paths. Each table's settings
 * are declared here and nowhere else: partitioning, Change Data Feed and the keys its rows are
 * merged on, and its schema policy.
 */
public enum Table {
  RAW_TRANSACTIONS("01_raw", "transactions", Layout.followsConfig()),
  RAW_EVENTS("01_raw", "events", Layout.followsConfig()),
  QUARANTINE("01_raw", "quarantine", Layout.contract()),
  INGEST_RUNS("01_raw", "ingest_runs", Layout.contract()),
  DATA_QUALITY("01_raw", "data_quality", Layout.contract()),
  ACTIVITY_DAILY("02_intermediate", "activity_daily", Layout.followsConfig()),
  ENGAGEMENT_DAILY("02_intermediate", "engagement_daily", Layout.followsConfig()),
  FEATURES("04_feature", "features", Layout.followsConfig().byAsOfDate()),
  TRAINING_EXAMPLES("05_model_input", "training_examples", Layout.followsConfig()),
  SEGMENT_MODELS("06_models", "segment_models", Layout.contract()),
  MODEL_RUNS("06_models", "model_runs", Layout.contract()),
  /**
   * Without engagement data, or with the policy off, or scored alone before the policy runs, a
   * run's scores lack the engagement, onset and policy columns: they may be absent (null).
   */
  SCORES("07_model_output", "scores", Layout.contract(optionalScoreColumns()).byAsOfDate()
      .changeDataFeed(Outputs.AS_OF_DATE, CustomerActions.CUSTOMER_ID)),
  SEGMENT_POLICIES("07_model_output", "segment_policies", Layout.contract().byAsOfDate()),
  REENGAGEMENT_ACTIONS("07_model_output", "reengagement_actions", Layout.contract().byAsOfDate()
      .changeDataFeed(Outputs.AS_OF_DATE, CustomerActions.CUSTOMER_ID, CustomerActions.ACTION,
          CustomerActions.DUE_DATE)),
  REENGAGEMENT_ASSIGNMENTS("07_model_output", "reengagement_assignments",
      Layout.contract().byAsOfDate()),
  MODEL_EVALUATION("08_reporting", "model_evaluation", Layout.contract()),
  REENGAGEMENT_UPLIFT("08_reporting", "reengagement_uplift", Layout.contract().byAsOfDate());

  /**
   * What a publish may do to a table's columns. Every policy allows new columns and stops a
   * column whose type changes.
   */
  public enum SchemaPolicy {
    /**
     * The table is read by others (CRM, data scientists, the report): a column of the table that
     * the rows lack (dropped or renamed) stops the publish, unless declared optional.
     */
    CONTRACT,
    /**
     * The columns follow the configured inputs and features (a source's optional columns, the
     * event kinds): a column the rows lack stays in the table, null in their rows.
     */
    FOLLOWS_CONFIG
  }

  private final String layer;
  private final String tableName;
  private final Layout layout;

  Table(String layer, String tableName, Layout layout) {
    this.layer = layer;
    this.tableName = tableName;
    this.layout = layout;
  }

  /** Path relative to the lake root, e.g. {@code 01_raw/transactions}. */
  public String relativePath() {
    return layer + "/" + tableName;
  }

  /** The columns the table is partitioned by when created. */
  public String[] partitionColumns() {
    return layout.partitionColumns.toArray(String[]::new);
  }

  /**
   * Whether the table has Delta's Change Data Feed from its first version, so that a CRM loader
   * can read only the rows changed since the version it last loaded. Such a table is published
   * by MERGE on {@link #mergeKeys()}: a rerun that changes nothing emits no change.
   */
  public boolean changeDataFeed() {
    return !layout.mergeKeys.isEmpty();
  }

  /** The columns that identify a row (with Change Data Feed only); empty otherwise. */
  public List<String> mergeKeys() {
    return layout.mergeKeys;
  }

  public SchemaPolicy schemaPolicy() {
    return layout.policy;
  }

  /** Columns a run's rows may lack under {@link SchemaPolicy#CONTRACT}. */
  public Set<String> optionalColumns() {
    return layout.optionalColumns;
  }

  private static List<String> optionalScoreColumns() {
    List<String> optional = new ArrayList<>(ScoreJob.ENGAGEMENT_COLUMNS);
    optional.addAll(OnsetScoring.COLUMNS);
    optional.addAll(CustomerActions.SCORE_COLUMNS);
    optional.addAll(io.lapse.models.spend.SpendScorer.COLUMNS);
    return optional;
  }

  /** A table's declared settings, built fluently in the constants above. */
  private record Layout(SchemaPolicy policy, Set<String> optionalColumns,
      List<String> partitionColumns, List<String> mergeKeys) {

    static Layout contract(List<String> optional) {
      return new Layout(SchemaPolicy.CONTRACT, Set.copyOf(optional), List.of(), List.of());
    }

    static Layout contract() {
      return contract(List.of());
    }

    static Layout followsConfig() {
      return new Layout(SchemaPolicy.FOLLOWS_CONFIG, Set.of(), List.of(), List.of());
    }

    Layout byAsOfDate() {
      return new Layout(policy, optionalColumns, List.of(Outputs.AS_OF_DATE), mergeKeys);
    }

    Layout changeDataFeed(String... keys) {
      return new Layout(policy, optionalColumns, partitionColumns, List.of(keys));
    }
  }
}
