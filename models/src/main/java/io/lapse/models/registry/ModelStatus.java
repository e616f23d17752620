package io.lapse.models.registry;

/** Status of a trained model in model_runs. */
public enum ModelStatus {
  /** The model scoring uses for its segment and task. */
  CHAMPION("champion"),
  /** Kept for comparison: worse than the champion by more than the tolerance. */
  CHALLENGER("challenger"),
  /** Not usable: it does not beat its best baseline, or its validation metric is undefined. */
  REJECTED("rejected");

  private final String code;

  ModelStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static ModelStatus ofCode(String code) {
    for (ModelStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("model status must be champion, challenger or rejected"
        + " but was '" + code + "'");
  }
}
