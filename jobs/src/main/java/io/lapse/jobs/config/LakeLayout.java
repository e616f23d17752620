package io.lapse.jobs.config;

/**
 * Where each Delta table lives: {@code <root>/<layer>/<table>}, with the data layers (raw,
 * intermediate, feature, models, model output) visible in the paths.
 */
public record LakeLayout(String root) {

  public LakeLayout {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("lake root must be set but was empty");
    }
    if (root.contains("..")) {
      throw new IllegalArgumentException("lake root must not contain '..' but was '" + root + "'");
    }
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String rawTransactions() {
    return root + "/01_raw/transactions";
  }

  public String quarantine() {
    return root + "/01_raw/quarantine";
  }

  public String ingestRuns() {
    return root + "/01_raw/ingest_runs";
  }

  public String activityDaily() {
    return root + "/02_intermediate/activity_daily";
  }

  public String features() {
    return root + "/04_feature/features";
  }

  public String segmentModels() {
    return root + "/06_models/segment_models";
  }

  public String scores() {
    return root + "/07_model_output/scores";
  }
}
