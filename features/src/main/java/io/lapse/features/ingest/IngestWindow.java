package io.lapse.features.ingest;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The days one ingest run takes from a source: from {@code start} (every day when empty) through
 * {@code end}, the run's as-of date D.
 */
public record IngestWindow(Optional<LocalDate> start, LocalDate end) {

  public IngestWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /**
   * The window of a run for {@code end}: it starts the day after the last one ingested from the
   * source by runs for earlier as-of dates (so a rerun of D repeats exactly the same work), or at
   * --reingest-from if that is earlier; every day when neither is known.
   *
   * @param lastIngested the latest window end of the source's runs for earlier as-of dates
   */
  public static IngestWindow after(Optional<LocalDate> lastIngested,
      Optional<LocalDate> reingestFrom, LocalDate end) {
    Optional<LocalDate> afterWatermark = lastIngested.map(d -> d.plusDays(1));
    if (reingestFrom.isPresent()) {
      LocalDate from = reingestFrom.get();
      if (afterWatermark.isEmpty() || from.isBefore(afterWatermark.get())) {
        return new IngestWindow(Optional.of(from), end);
      }
    }
    return new IngestWindow(afterWatermark, end);
  }

  /**
   * The window covering all of {@code windows}, which end on the same day: every day when any of
   * them takes every day, else from the earliest start.
   */
  public static IngestWindow covering(Collection<IngestWindow> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("need at least one window to cover but got none");
    }
    LocalDate end = windows.iterator().next().end();
    if (windows.stream().anyMatch(w -> !w.end().equals(end))) {
      throw new IllegalArgumentException(
          "windows to cover must end on the same day but were " + windows);
    }
    if (windows.stream().anyMatch(w -> w.start().isEmpty())) {
      return new IngestWindow(Optional.empty(), end);
    }
    return new IngestWindow(
        windows.stream().map(w -> w.start().get()).min(LocalDate::compareTo), end);
  }

  /** A SQL predicate selecting the window's days of a date column. */
  public String predicate(String column) {
    String upper = column + " <= DATE'" + end + "'";
    return start.map(s -> column + " >= DATE'" + s + "' AND " + upper).orElse(upper);
  }

  /** The first day as text, "(all)" when the window takes every day. */
  public String startText() {
    return start.map(LocalDate::toString).orElse("(all)");
  }
}
