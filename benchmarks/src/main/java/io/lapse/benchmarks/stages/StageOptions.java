package io.lapse.benchmarks.stages;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Command line of {@link StageBenchmark}. Every error names the option and the value given.
 *
 * @param stages lapse stages in order: ingest and features always, then any of train, score,
 *     policy
 * @param kinds engagement kinds to draw events from; empty: every kind of the profile
 * @param work work folder (data and lake under it); empty: a new temporary folder
 */
public record StageOptions(int customers, int days, double eventsPerCustomerDay,
    List<String> kinds, long seed, LocalDate asOf, List<String> stages, int duckdbThreads,
    boolean duckdb, Path out, Optional<Path> work, Path config) {

  static final List<String> OPTIONAL_STAGES = List.of("train", "score", "policy");

  public static final String USAGE = "usage: bin/bench [--customers N] [--days N]"
      + " [--events-per-day X] [--kinds k1,k2,...] [--seed N] [--as-of YYYY-MM-DD]"
      + " [--stages ingest,features[,train,score,policy]] [--duckdb-threads N] [--no-duckdb]"
      + " [--out FILE.md] [--work DIR] [--config FILE]\n"
      + "  defaults: --customers 20000 --days 365 --events-per-day 0.08 --kinds <all of the"
      + " profile> --seed 15 --as-of 2025-06-30 --stages ingest,features --duckdb-threads"
      + " <cores> --out benchmarks/results/stages.md --work <new temp dir>"
      + " --config benchmarks/stages/lapse-stages.conf";

  public StageOptions {
    kinds = List.copyOf(kinds);
    stages = List.copyOf(stages);
  }

  /** Parses the arguments; throws {@link IllegalArgumentException} naming the bad value. */
  public static StageOptions parse(String... args) {
    int customers = 20_000;
    int days = 365;
    double rate = 0.08;
    List<String> kinds = List.of();
    long seed = 15;
    LocalDate asOf = LocalDate.parse("2025-06-30");
    List<String> stages = List.of("ingest", "features");
    int threads = Runtime.getRuntime().availableProcessors();
    boolean duckdb = true;
    Path out = Path.of("benchmarks/results/stages.md");
    Optional<Path> work = Optional.empty();
    Path config = Path.of("benchmarks/stages/lapse-stages.conf");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--no-duckdb")) {
        duckdb = false;
        continue;
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--customers" -> customers = positiveInt(a, v);
        case "--days" -> days = positiveInt(a, v);
        case "--events-per-day" -> rate = positiveDouble(a, v);
        case "--kinds" -> kinds = list(a, v);
        case "--seed" -> seed = longValue(a, v);
        case "--as-of" -> asOf = date(a, v);
        case "--stages" -> stages = stages(v);
        case "--duckdb-threads" -> threads = positiveInt(a, v);
        case "--out" -> out = Path.of(v);
        case "--work" -> work = Optional.of(Path.of(v));
        case "--config" -> config = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    return new StageOptions(customers, days, rate, kinds, seed, asOf, stages, threads, duckdb,
        out, work, config);
  }

  public EventGenerator.Spec generatorSpec(List<String> profileKinds) {
    return new EventGenerator.Spec(customers, days, eventsPerCustomerDay,
        kinds.isEmpty() ? profileKinds : kinds, seed, asOf);
  }

  private static List<String> stages(String v) {
    List<String> s = list("--stages", v);
    if (s.size() < 2 || !s.get(0).equals("ingest") || !s.get(1).equals("features")) {
      throw new IllegalArgumentException("--stages must start with ingest,features but was '"
          + v + "'");
    }
    int last = -1;
    for (String stage : s.subList(2, s.size())) {
      int at = OPTIONAL_STAGES.indexOf(stage);
      if (at < 0) {
        throw new IllegalArgumentException("--stages: unknown stage '" + stage + "' in '" + v
            + "'; after ingest,features come any of " + OPTIONAL_STAGES + " in that order");
      }
      if (at <= last) {
        throw new IllegalArgumentException("--stages: '" + stage + "' out of order in '" + v
            + "'; the order is ingest,features," + String.join(",", OPTIONAL_STAGES));
      }
      last = at;
    }
    return s;
  }

  private static List<String> list(String option, String v) {
    List<String> items = Arrays.stream(v.split(",", -1)).map(String::trim).toList();
    if (items.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(option + " must be a comma-separated list without empty"
          + " items but was '" + v + "'");
    }
    return new ArrayList<>(items);
  }

  private static int positiveInt(String option, String v) {
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a whole number >= 1 but was '" + v + "'");
  }

  private static double positiveDouble(String option, String v) {
    try {
      double x = Double.parseDouble(v);
      if (x > 0 && !Double.isInfinite(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a number > 0 but was '" + v + "'");
  }

  private static long longValue(String option, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number but was '" + v + "'");
    }
  }

  private static LocalDate date(String option, String v) {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD but was '" + v
          + "'");
    }
  }
}
