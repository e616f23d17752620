package io.lapse.benchmarks.stages;

/**
 * One measured step of the run: a lapse stage, the data generation or DuckDB's features.
 *
 * @param rowsIn rows the step read (-1: not counted)
 * @param rowsOut rows the step wrote (-1: not counted)
 * @param heapMeasured whether the peak heap means anything (DuckDB allocates natively)
 * @param note what the row counts are, for the report
 */
record StageRow(String name, StageMeter.Measure measure, long rowsIn, long rowsOut,
    boolean heapMeasured, String note) {

  double rowsPerSecond() {
    return rowsIn < 0 || measure.wallSeconds() <= 0 ? Double.NaN
        : rowsIn / measure.wallSeconds();
  }
}
