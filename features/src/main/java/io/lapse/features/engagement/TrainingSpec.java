package io.lapse.features.engagement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which snapshots training examples are taken at, and the label horizon.
 *
 * @param horizonDays H: the label is "dis-engagement begins within H days after the snapshot"
 * @param snapshotSpacingDays days between snapshots; a multiple of 7 keeps every snapshot on the
 *     same weekday, so weekly patterns do not differ between snapshots
 * @param snapshotCount number of snapshots
 */
public record TrainingSpec(int horizonDays, int snapshotSpacingDays, int snapshotCount) {

  public TrainingSpec {
    if (horizonDays < 1) {
      throw new IllegalArgumentException(
          "training horizon-days must be >= 1 but was " + horizonDays);
    }
    if (snapshotSpacingDays < 1) {
      throw new IllegalArgumentException(
          "training snapshot-spacing-days must be >= 1 but was " + snapshotSpacingDays);
    }
    if (snapshotCount < 1) {
      throw new IllegalArgumentException(
          "training snapshot-count must be >= 1 but was " + snapshotCount);
    }
  }

  public static TrainingSpec defaults() {
    return new TrainingSpec(30, 28, 6);
  }

  /**
   * Snapshot dates, ascending, the last one {@code horizonDays} before the end of the data so that
   * every label is fully observed.
   */
  public List<LocalDate> snapshotDates(LocalDate dataEnd) {
    LocalDate last = dataEnd.minusDays(horizonDays);
    List<LocalDate> dates = new ArrayList<>();
    for (int i = snapshotCount - 1; i >= 0; i--) {
      dates.add(last.minusDays((long) i * snapshotSpacingDays));
    }
    return List.copyOf(dates);
  }
}
