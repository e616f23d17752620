package io.lapse.jobs;

import java.io.File;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code <job> [--as-of YYYY-MM-DD] [--config FILE] [--reingest-from YYYY-MM-DD]
 * [--segments a,b]}.
 */
public record CommandLine(
    String job, Optional<LocalDate> asOf, Optional<File> config, Optional<LocalDate> reingestFrom,
    java.util.Set<String> segments) {

  public static final List<String> JOBS =
      List.of("nightly", "ingest", "features", "train", "evaluate", "score", "policy",
          "export", "report", "maintain", "generate");

  public static final String USAGE = "usage: lapse <" + String.join("|", JOBS) + ">"
      + " [--as-of YYYY-MM-DD] [--config FILE] [--reingest-from YYYY-MM-DD]"
      + " [--segments a,b (train only)]";

  public static CommandLine parse(String... args) {
    if (args.length == 0) {
      throw new UsageException("no job given; " + USAGE);
    }
    String job = args[0];
    if (!JOBS.contains(job)) {
      throw new UsageException("unknown job '" + job + "'; " + USAGE);
    }
    Optional<LocalDate> asOf = Optional.empty();
    Optional<File> config = Optional.empty();
    Optional<LocalDate> reingestFrom = Optional.empty();
    java.util.Set<String> segments = new java.util.TreeSet<>();
    for (int i = 1; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new UsageException("option " + flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--as-of" -> asOf = Optional.of(date(flag, value));
        case "--config" -> config = Optional.of(new File(value));
        case "--reingest-from" -> reingestFrom = Optional.of(date(flag, value));
        case "--segments" -> {
          if (!job.equals("train")) {
            throw new UsageException("--segments is an option of train only; " + USAGE);
          }
          for (String s : value.split(",")) {
            if (s.isBlank()) {
              throw new UsageException("--segments must list segment names separated by commas"
                  + " but was '" + value + "'");
            }
            segments.add(s.trim());
          }
        }
        default -> throw new UsageException("unknown option '" + flag + "'; " + USAGE);
      }
    }
    return new CommandLine(job, asOf, config, reingestFrom, segments);
  }

  private static LocalDate date(String flag, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(flag + " must be a date YYYY-MM-DD but was '" + value + "'");
    }
  }
}
