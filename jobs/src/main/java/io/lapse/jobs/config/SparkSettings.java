package io.lapse.jobs.config;

import java.util.Map;

/** lapse.spark: how the job's SparkSession is built. */
public record SparkSettings(
    String master, String appName, int shufflePartitions, Map<String, String> conf) {

  public SparkSettings {
    if (shufflePartitions <= 0) {
      throw new IllegalArgumentException(
          "shuffle-partitions must be > 0 but was " + shufflePartitions);
    }
    conf = Map.copyOf(conf);
  }
}
