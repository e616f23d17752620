package io.lapse.features.engagement;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds accepted events in the {@link EventReader} contract for hand-computed cases. */
final class EventRows {

  static final StructType SCHEMA = new StructType()
      .add(EventReader.EVENT_ID, DataTypes.StringType)
      .add(EventReader.USER_ID, DataTypes.StringType)
      .add(EventReader.CUSTOMER_ID, DataTypes.StringType)
      .add(EventReader.EVENT_TS, DataTypes.TimestampType)
      .add(EventReader.EVENT_DATE, DataTypes.DateType)
      .add(EventReader.EVENT_TYPE, DataTypes.StringType)
      .add(EventReader.SESSION_ID, DataTypes.StringType)
      .add(EventReader.PAGE, DataTypes.StringType)
      .add(EventReader.REFERRER_USER_ID, DataTypes.StringType)
      .add(EventReader.REFERRER_ID, DataTypes.StringType)
      .add(EventReader.AMOUNT, DataTypes.DoubleType)
      .add(EventReader.SOURCE_FILE, DataTypes.StringType)
      .add(EventReader.RAW_RECORD, DataTypes.StringType)
      .add(EventReader.REJECT_REASON, DataTypes.StringType);

  private final List<Row> rows = new ArrayList<>();

  /** An event at "yyyy-MM-dd HH:mm[:ss]" (UTC). */
  EventRows add(String customer, String time, String type) {
    return add(customer, time, type, null, null, null, null);
  }

  EventRows add(String customer, String time, String type, String session, String referrer,
      Double amount, String rejectReason) {
    LocalDateTime t = LocalDateTime.parse(time.replace(' ', 'T'));
    rows.add(RowFactory.create("e" + (rows.size() + 1), customer, customer,
        Timestamp.from(t.toInstant(ZoneOffset.UTC)), Date.valueOf(t.toLocalDate()), type, session,
        null, referrer, referrer, amount, "test", customer + "@" + time + ":" + type,
        rejectReason));
    return this;
  }

  /** Repeats an action n times a minute apart from the given time. */
  EventRows times(int n, String customer, String time, String type) {
    LocalDateTime t = LocalDateTime.parse(time.replace(' ', 'T'));
    for (int i = 0; i < n; i++) {
      add(customer, t.plusMinutes(i).toString().replace('T', ' '), type);
    }
    return this;
  }

  Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, SCHEMA);
  }
}
