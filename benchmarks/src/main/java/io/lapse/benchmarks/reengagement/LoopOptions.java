package io.lapse.benchmarks.reengagement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Command line of {@link ReengagementLoop}.
 *
 * @param runs weekly nightly runs
 * @param burnInDays days simulated without any action before the first run
 * @param start the first simulated day
 * @param scale multiplies the customers acquired per day of every segment
 * @param seed seeds the simulation
 * @param config the lapse configuration of every run
 * @param out the markdown results file
 * @param work the work folder (inputs and lake)
 */
record LoopOptions(int runs, int burnInDays, LocalDate start, double scale, long seed,
    Path config, Path out, Path work) {

  static final String USAGE = "usage: bin/bench-reengagement [--runs N] [--burn-in-days N]"
      + " [--start YYYY-MM-DD] [--scale X] [--seed N] [--config FILE] [--out FILE.md]"
      + " [--work DIR]\n  defaults: --runs 16 --burn-in-days 56 --start 2025-01-01 --scale 1"
      + " --seed 16 --config benchmarks/reengagement/lapse-reengagement.conf"
      + " --out benchmarks/results/reengagement-loop.md --work <new temp dir>";

  static LoopOptions parse(String... args) {
    int runs = 16;
    int burnIn = 56;
    LocalDate start = LocalDate.of(2025, 1, 1);
    double scale = 1;
    long seed = 16;
    Path config = Path.of("benchmarks/reengagement/lapse-reengagement.conf");
    Path out = Path.of("benchmarks/results/reengagement-loop.md");
    Path work = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      try {
        switch (a) {
          case "--runs" -> runs = Integer.parseInt(value);
          case "--burn-in-days" -> burnIn = Integer.parseInt(value);
          case "--start" -> start = LocalDate.parse(value);
          case "--scale" -> scale = Double.parseDouble(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--config" -> config = Path.of(value);
          case "--out" -> out = Path.of(value);
          case "--work" -> work = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
        }
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(a + ": cannot read '" + value + "'\n" + USAGE, e);
      }
    }
    if (runs < 2) {
      throw new IllegalArgumentException("--runs must be >= 2 but was " + runs);
    }
    if (burnIn < 28) {
      throw new IllegalArgumentException("--burn-in-days must be >= 28 (return-time curves need"
          + " spells) but was " + burnIn);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("--scale must be > 0 but was " + scale);
    }
    try {
      work = work == null ? Files.createTempDirectory("lapse-reengagement-") : work;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LoopOptions(runs, burnIn, start, scale, seed, config, out, work);
  }
}
