package io.lapse.models.classification;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A time-ordered split of snapshot dates for choosing hyper-parameters: the latest snapshots
 * validate, and only snapshots at least {@code embargoDays} (the label horizon) before the first
 * validation snapshot train. The embargo matters: a training label at S reads S..S+H, so without
 * it the training labels would see the validation period. Never a random split across time.
 *
 * @param trainDates snapshots the candidates are fitted on
 * @param validationDates snapshots the candidates are compared on
 * @param embargoedDates snapshots in neither (used again when the chosen candidate is refitted)
 * @param embargoDays the gap required between a training snapshot and the first validation one
 */
public record TimeSplit(List<LocalDate> trainDates, List<LocalDate> validationDates,
    List<LocalDate> embargoedDates, int embargoDays) {

  public TimeSplit {
    trainDates = List.copyOf(trainDates);
    validationDates = List.copyOf(validationDates);
    embargoedDates = List.copyOf(embargoedDates);
  }

  /**
   * @param snapshotDates the distinct snapshot dates of the examples, any order
   * @param validationSnapshots how many of the latest snapshots validate (>= 1)
   * @param embargoDays training snapshots must be at least this many days before the first
   *     validation snapshot (>= 0; use the label horizon)
   */
  public static TimeSplit of(Collection<LocalDate> snapshotDates, int validationSnapshots,
      int embargoDays) {
    if (validationSnapshots < 1) {
      throw new IllegalArgumentException(
          "validation snapshots must be >= 1 but was " + validationSnapshots);
    }
    if (embargoDays < 0) {
      throw new IllegalArgumentException("embargo days must be >= 0 but was " + embargoDays);
    }
    List<LocalDate> dates = new ArrayList<>(new TreeSet<>(snapshotDates));
    if (dates.size() <= validationSnapshots) {
      throw new IllegalArgumentException("time-ordered validation needs more than "
          + validationSnapshots + " snapshot dates but the examples have " + dates);
    }
    List<LocalDate> validation = dates.subList(dates.size() - validationSnapshots, dates.size());
    LocalDate latestTrain = validation.get(0).minusDays(embargoDays);
    List<LocalDate> train = new ArrayList<>();
    List<LocalDate> embargoed = new ArrayList<>();
    for (LocalDate d : dates.subList(0, dates.size() - validationSnapshots)) {
      (d.isAfter(latestTrain) ? embargoed : train).add(d);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("time-ordered validation needs a snapshot on or before "
          + latestTrain + " (" + embargoDays + " days before the first validation snapshot "
          + validation.get(0) + ") but the snapshots are " + dates);
    }
    return new TimeSplit(train, validation, embargoed, embargoDays);
  }

  public boolean isValidation(LocalDate d) {
    return validationDates.contains(d);
  }
}
