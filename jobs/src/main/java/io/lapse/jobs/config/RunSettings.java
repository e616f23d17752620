package io.lapse.jobs.config;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** lapse.run: which as-of date a run uses when the command line gives none. */
public record RunSettings(Optional<LocalDate> asOf, ZoneId timeZone, Duration lockStaleAfter) {

  /** The configured as-of date, or yesterday in the configured zone (a nightly run's day). */
  public LocalDate defaultAsOf(Clock clock) {
    return asOf.orElseGet(() -> LocalDate.now(clock.withZone(timeZone)).minusDays(1));
  }
}
