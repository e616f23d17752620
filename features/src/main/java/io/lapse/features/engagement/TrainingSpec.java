package io.lapse.features.engagement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which snapshots training examples are taken at, and the label horizon.
 *
 * @param horizonDays H: the label reads the H days after the snapshot
 * @param snapshotSpacingDays days between snapshots; a multiple of 7 keeps every snapshot on the
 *     same weekday, so weekly patterns do not differ between snapshots
 * @param snapshotCount number of snapshots wanted (validation and training together)
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
    if (snapshotCount < 2) {
      throw new IllegalArgumentException("training snapshot-count must be >= 2 (one to train on,"
          + " one to validate) but was " + snapshotCount);
    }
  }

  public static TrainingSpec defaults() {
    return new TrainingSpec(30, 28, 6);
  }

  /**
   * The snapshots that fit the data, laid out for time-ordered validation.
   *
   * @param validation the latest snapshots, the last H days before the end of the data (so every
   *     label is observed), the others {@code snapshotSpacingDays} apart before it
   * @param training snapshots at least H days before the first validation snapshot (a training
   *     label must not read the validation period), spaced back from there
   * @param wanted how many snapshots the spec asked for; fewer fit when the history is short
   */
  public record SnapshotPlan(List<LocalDate> validation, List<LocalDate> training, int wanted) {

    public SnapshotPlan {
      validation = List.copyOf(validation);
      training = List.copyOf(training);
    }

    /** Every snapshot, ascending. */
    public List<LocalDate> dates() {
      TreeSet<LocalDate> all = new TreeSet<>(training);
      all.addAll(validation);
      return List.copyOf(all);
    }

    public boolean isShort() {
      return dates().size() < wanted;
    }
  }

  /**
   * Lays out {@code snapshotCount} snapshots: {@code validationSnapshots} ending H days before
   * {@code dataEnd}, the rest for training on the calendar grid of {@link #onGridOnOrBefore}, the
   * latest on or before H days before the first validation one. Only snapshots after
   * {@code dataStart} are kept (a snapshot needs customers with history). Fails, before any data
   * is read, when not even one validation and one training snapshot fit, naming the settings that
   * would make them fit.
   *
   * <p>Validation follows D night by night (the freshest labels select and calibrate the models);
   * training snapshots stay on their grid, so consecutive nights share them and the features job
   * keeps their examples instead of recomputing them: a night adds a training snapshot only once
   * every {@code snapshotSpacingDays}. The gap between the last training and the first
   * validation snapshot is thus H to H + spacing - 1 days.
   */
  public SnapshotPlan plan(LocalDate dataStart, LocalDate dataEnd, int validationSnapshots) {
    if (validationSnapshots < 1 || validationSnapshots >= snapshotCount) {
      throw new IllegalArgumentException("validation snapshots must be >= 1 and fewer than"
          + " lapse.engagement.training.snapshot-count " + snapshotCount + " but was "
          + validationSnapshots);
    }
    LocalDate lastValidation = dataEnd.minusDays(horizonDays);
    List<LocalDate> validation = new ArrayList<>();
    for (int i = validationSnapshots - 1; i >= 0; i--) {
      LocalDate d = lastValidation.minusDays((long) i * snapshotSpacingDays);
      if (d.isAfter(dataStart)) {
        validation.add(d);
      }
    }
    LocalDate lastTraining = onGridOnOrBefore(lastValidation
        .minusDays((long) (validationSnapshots - 1) * snapshotSpacingDays + horizonDays));
    List<LocalDate> training = new ArrayList<>();
    for (int i = snapshotCount - validationSnapshots - 1; i >= 0; i--) {
      LocalDate d = lastTraining.minusDays((long) i * snapshotSpacingDays);
      if (d.isAfter(dataStart)) {
        training.add(d);
      }
    }
    if (validation.isEmpty() || training.isEmpty()) {
      throw new IllegalArgumentException("training examples need a training snapshot on or"
          + " before " + lastTraining + " and a validation snapshot on or before "
          + lastValidation + " (lapse.engagement.training.horizon-days = " + horizonDays
          + " days before the as-of date " + dataEnd + ", training on the grid of"
          + " snapshot-spacing-days = " + snapshotSpacingDays + " at least " + horizonDays
          + " days before that), each after the first day of data "
          + dataStart + "; the data holds " + (dataEnd.toEpochDay() - dataStart.toEpochDay() + 1)
          + " days: lower lapse.engagement.training.horizon-days or run for a later as-of date");
    }
    return new SnapshotPlan(validation, training, snapshotCount);
  }

  /**
   * The latest training grid day on or before {@code day}: the days whose count since 1970-01-01
   * is a multiple of {@code snapshotSpacingDays} (with 28, every fourth Thursday), fixed whatever
   * the as-of date.
   */
  public LocalDate onGridOnOrBefore(LocalDate day) {
    return day.minusDays(Math.floorMod(day.toEpochDay(), snapshotSpacingDays));
  }
}
