package io.lapse.jobs.quality;

import java.util.List;

/** An error-level data-quality check failed: nothing of the run is published. */
public final class DataQualityException extends RuntimeException {

  public DataQualityException(List<CheckResult> failed) {
    super("data-quality gate failed, nothing published: " + String.join("; ",
        failed.stream().map(CheckResult::message).toList()));
  }
}
