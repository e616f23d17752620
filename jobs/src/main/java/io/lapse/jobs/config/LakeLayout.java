package io.lapse.jobs.config;

import io.lapse.jobs.lake.Table;

/** Where the lake lives: each {@link Table} under {@code <root>/<layer>/<table>}. */
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

  public String path(Table table) {
    return root + "/" + table.relativePath();
  }

  /** Where a nightly run stages its outputs until every stage has succeeded. */
  public String staging(String runKey) {
    return root + "/_staging/" + runKey;
  }

  /** Where trained model pipelines are saved unless lapse.models.onset.artifact-root says. */
  public String artifacts() {
    return root + "/06_models/artifacts";
  }

  /** Where runs take their locks. */
  public String locks() {
    return root + "/_locks";
  }
}
