package io.lapse.jobs.lake;

/**
 * lapse's tables, each under {@code <lake root>/<layer>/<name>}: the data layers (raw,
 * intermediate, feature, models, model output) are visible in the paths.
 */
public enum Table {
  RAW_TRANSACTIONS("01_raw", "transactions"),
  RAW_EVENTS("01_raw", "events"),
  QUARANTINE("01_raw", "quarantine"),
  INGEST_RUNS("01_raw", "ingest_runs"),
  DATA_QUALITY("01_raw", "data_quality"),
  ACTIVITY_DAILY("02_intermediate", "activity_daily"),
  ENGAGEMENT_DAILY("02_intermediate", "engagement_daily"),
  FEATURES("04_feature", "features"),
  TRAINING_EXAMPLES("05_model_input", "training_examples"),
  SEGMENT_MODELS("06_models", "segment_models"),
  MODEL_RUNS("06_models", "model_runs"),
  SCORES("07_model_output", "scores", true),
  SEGMENT_POLICIES("07_model_output", "segment_policies"),
  REENGAGEMENT_ACTIONS("07_model_output", "reengagement_actions", true),
  REENGAGEMENT_ASSIGNMENTS("07_model_output", "reengagement_assignments"),
  MODEL_EVALUATION("08_reporting", "model_evaluation"),
  REENGAGEMENT_UPLIFT("08_reporting", "reengagement_uplift");

  private final String layer;
  private final String tableName;
  private final boolean changeDataFeed;

  Table(String layer, String tableName) {
    this(layer, tableName, false);
  }

  Table(String layer, String tableName, boolean changeDataFeed) {
    this.layer = layer;
    this.tableName = tableName;
    this.changeDataFeed = changeDataFeed;
  }

  /**
   * Whether the table is created with Delta's Change Data Feed, so that a CRM loader can read only
   * the rows changed since the version it last loaded.
   */
  public boolean changeDataFeed() {
    return changeDataFeed;
  }

  /** Path relative to the lake root, e.g. {@code 01_raw/transactions}. */
  public String relativePath() {
    return layer + "/" + tableName;
  }
}
