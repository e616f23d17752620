package io.lapse.features.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Locale;
import org.apache.spark.sql.Column;

/**
 * Where an input record ends in an ingest run: accepted, quarantined (with a reason), already
 * ingested (an earlier run's day) or deferred (dated after D). Every record has exactly one.
 */
enum Disposition {
  ACCEPTED, QUARANTINED, ALREADY_INGESTED, DEFERRED;

  /** The column of classified records that holds the disposition code. */
  static final String COLUMN = "disposition";

  String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  Column literal() {
    return lit(code());
  }

  /** True for the records of this disposition. */
  Column matches() {
    return col(COLUMN).equalTo(code());
  }
}
