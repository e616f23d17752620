package io.lapse.models.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void latestSnapshotsValidateAndTrainingEndsAHorizonBeforeThem() {
    List<LocalDate> dates = List.of(d("2025-04-01"), d("2025-01-01"), d("2025-03-15"),
        d("2025-02-01"), d("2025-03-01"), d("2025-04-01"));
    TimeSplit s = TimeSplit.of(dates, 1, 30);
    assertEquals(List.of(d("2025-04-01")), s.validationDates());
    // 2025-03-02 is the latest allowed; 03-15 would let its labels read 03-15..04-14.
    assertEquals(List.of(d("2025-01-01"), d("2025-02-01"), d("2025-03-01")), s.trainDates());
    assertEquals(List.of(d("2025-03-15")), s.embargoedDates());

    TimeSplit two = TimeSplit.of(dates, 2, 0);
    assertEquals(List.of(d("2025-03-15"), d("2025-04-01")), two.validationDates());
    assertEquals(List.of(d("2025-01-01"), d("2025-02-01"), d("2025-03-01")), two.trainDates());
  }

  @Test
  void refusesWhenNothingIsEarlyEnoughToTrain() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeSplit.of(List.of(d("2025-03-15"), d("2025-04-01")), 1, 30));
    assertEquals("time-ordered validation needs a snapshot on or before 2025-03-02 (30 days before"
        + " the first validation snapshot 2025-04-01) but the snapshots are [2025-03-15,"
        + " 2025-04-01]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TimeSplit.of(List.of(d("2025-04-01")), 1, 0));
    assertEquals("time-ordered validation needs more than 1 snapshot dates but the examples have"
        + " [2025-04-01]", e.getMessage());
  }
}
