package io.lapse.models.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.PipelineModel;

/** MLlib pipeline models saved under a root path, one folder per task and run id. */
public final class ModelArtifacts {

  private ModelArtifacts() {}

  /** {@code <root>/<task>/<runId>}: no segment in the path, since fallbacks share a run. */
  public static String pathFor(String root, String task, String runId) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("artifact root must be set but was '" + root + "'");
    }
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return base + "/" + task + "/" + runId;
  }

  /** Saves the model, replacing what a previous run with the same id saved there. */
  public static void save(PipelineModel model, String path) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save model to " + path, e);
    }
  }

  public static PipelineModel load(String path) {
    return PipelineModel.load(path);
  }
}
