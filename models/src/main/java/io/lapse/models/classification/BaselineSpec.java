package io.lapse.models.classification;

import io.lapse.features.CustomerFeatures;

/**
 * Which columns the baselines read; an empty name leaves that baseline out.
 *
 * @param recencyColumn days since the last engagement (recency rule; required)
 * @param latencyColumn the customer's usual gap in days; adds the rule recency / latency
 * @param bgnbdExpectedColumn BG/NBD expected transactions in the horizon; fewer means more at risk
 * @param bgnbdProbabilityColumn BG/NBD's probability of no transaction in the horizon
 * @param kaplanMeierColumn a Kaplan-Meier probability of dis-engagement within the horizon (see
 *     {@code io.lapse.models.survival.ReturnTimeBaseline})
 */
public record BaselineSpec(String recencyColumn, String latencyColumn,
    String bgnbdExpectedColumn, String bgnbdProbabilityColumn, String kaplanMeierColumn) {

  public BaselineSpec {
    if (recencyColumn == null || recencyColumn.isBlank()) {
      throw new IllegalArgumentException("baseline recency column must be set but was '"
          + recencyColumn + "'");
    }
    latencyColumn = latencyColumn == null ? "" : latencyColumn;
    bgnbdExpectedColumn = bgnbdExpectedColumn == null ? "" : bgnbdExpectedColumn;
    bgnbdProbabilityColumn = bgnbdProbabilityColumn == null ? "" : bgnbdProbabilityColumn;
    kaplanMeierColumn = kaplanMeierColumn == null ? "" : kaplanMeierColumn;
  }

  /** Recency and recency / median latency from {@link CustomerFeatures}; no BG/NBD, no KM. */
  public static BaselineSpec defaults() {
    return new BaselineSpec(CustomerFeatures.RECENCY_DAYS, CustomerFeatures.LATENCY_MEDIAN_DAYS,
        "", "", "");
  }

  public BaselineSpec withBgnbdExpectedColumn(String column) {
    return new BaselineSpec(recencyColumn, latencyColumn, column, bgnbdProbabilityColumn,
        kaplanMeierColumn);
  }

  public BaselineSpec withBgnbdProbabilityColumn(String column) {
    return new BaselineSpec(recencyColumn, latencyColumn, bgnbdExpectedColumn, column,
        kaplanMeierColumn);
  }

  public BaselineSpec withKaplanMeierColumn(String column) {
    return new BaselineSpec(recencyColumn, latencyColumn, bgnbdExpectedColumn,
        bgnbdProbabilityColumn, column);
  }

  /** The columns the baselines need. */
  public java.util.List<String> columns() {
    return java.util.stream.Stream.of(recencyColumn, latencyColumn, bgnbdExpectedColumn,
        bgnbdProbabilityColumn, kaplanMeierColumn).filter(c -> !c.isEmpty()).distinct().toList();
  }
}
