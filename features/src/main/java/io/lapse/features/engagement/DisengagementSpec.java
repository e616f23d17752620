package io.lapse.features.engagement;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;

/**
 * When a customer counts as dis-engaged: on the first day on which recency (days since the last
 * engaged day) exceeds a threshold T, i.e. on the last engaged day + floor(T) + 1.
 *
 * <ul>
 *   <li>{@code fixed}: T = fixed-days for everyone.
 *   <li>{@code segment}: T = segment-days[segment]; segments the map does not list (and customers
 *       without a segment) use fixed-days.
 *   <li>{@code latency}: T = max(latency-floor-days, latency-multiplier x personal latency), the
 *       personal latency being the median gap between engaged days up to the last engaged day;
 *       customers with fewer than two engaged days have no latency and use fixed-days.
 * </ul>
 *
 * @param threshold one of {@link #THRESHOLDS}
 * @param fixedDays T of the fixed rule, and the fallback of the other two (>= 1)
 * @param segmentDays T per segment name (each >= 1)
 * @param latencyMultiplier k of the latency rule (> 0)
 * @param latencyFloorDays the least T of the latency rule (>= 1)
 */
public record DisengagementSpec(
    String threshold,
    int fixedDays,
    Map<String, Integer> segmentDays,
    double latencyMultiplier,
    int latencyFloorDays) {

  public static final String FIXED = "fixed";
  public static final String SEGMENT = "segment";
  public static final String LATENCY = "latency";
  public static final List<String> THRESHOLDS = List.of(FIXED, SEGMENT, LATENCY);

  public DisengagementSpec {
    if (!THRESHOLDS.contains(threshold)) {
      throw new IllegalArgumentException("disengagement threshold must be one of " + THRESHOLDS
          + " but was '" + threshold + "'");
    }
    if (fixedDays < 1) {
      throw new IllegalArgumentException(
          "disengagement fixed-days must be >= 1 but was " + fixedDays);
    }
    segmentDays = Map.copyOf(Objects.requireNonNullElse(segmentDays, Map.of()));
    for (Map.Entry<String, Integer> e : new TreeMap<>(segmentDays).entrySet()) {
      if (e.getValue() == null || e.getValue() < 1) {
        throw new IllegalArgumentException("disengagement segment-days of segment '" + e.getKey()
            + "' must be >= 1 but was " + e.getValue());
      }
    }
    if (!(latencyMultiplier > 0) || Double.isInfinite(latencyMultiplier)) {
      throw new IllegalArgumentException(
          "disengagement latency-multiplier must be > 0 but was " + latencyMultiplier);
    }
    if (latencyFloorDays < 1) {
      throw new IllegalArgumentException(
          "disengagement latency-floor-days must be >= 1 but was " + latencyFloorDays);
    }
  }

  /** Fixed at 30 days; latency rule 3 x latency, at least 14 days. */
  public static DisengagementSpec defaults() {
    return new DisengagementSpec(FIXED, 30, Map.of(), 3.0, 14);
  }

  public static DisengagementSpec fixed(int days) {
    return new DisengagementSpec(FIXED, days, Map.of(), 3.0, 14);
  }

  public static DisengagementSpec bySegment(Map<String, Integer> days, int otherwiseDays) {
    return new DisengagementSpec(SEGMENT, otherwiseDays, days, 3.0, 14);
  }

  public static DisengagementSpec byLatency(double k, int floorDays, int withoutLatencyDays) {
    return new DisengagementSpec(LATENCY, withoutLatencyDays, Map.of(), k, floorDays);
  }

  public boolean needsSegments() {
    return threshold.equals(SEGMENT);
  }

  /**
   * T in days (double) for each row.
   *
   * @param latencyDays the personal latency as of the day (null when unknown)
   * @param segment the customer's segment (null when unknown)
   */
  public Column thresholdDays(Column latencyDays, Column segment) {
    Column fixed = lit((double) fixedDays);
    return switch (threshold) {
      case FIXED -> fixed;
      case SEGMENT -> {
        Column t = fixed;
        for (Map.Entry<String, Integer> e : new TreeMap<>(segmentDays).entrySet()) {
          t = when(segment.equalTo(e.getKey()), lit(e.getValue().doubleValue())).otherwise(t);
        }
        yield t;
      }
      case LATENCY -> when(latencyDays.isNull(), fixed).otherwise(
          greatest(lit((double) latencyFloorDays), latencyDays.multiply(latencyMultiplier)));
      default -> throw new IllegalStateException(threshold);
    };
  }
}
