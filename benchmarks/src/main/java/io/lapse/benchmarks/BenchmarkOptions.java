package io.lapse.benchmarks;

import io.lapse.models.bgnbd.BgNbdParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Command line of {@link CdnowChurnBenchmark}.
 *
 * @param data the CDNOW master file
 * @param cutoffs as-of dates C, ascending and distinct
 * @param horizons horizons H in days, ascending and distinct
 * @param out the markdown results file
 * @param work the work folder (one lake per horizon under it); empty: a new temporary folder
 * @param config the lapse configuration file every run uses
 * @param failFast stop at the first lapse job that fails instead of recording it and going on
 * @param generate when present, the benchmark simulates this BG/NBD cohort, writes it as a CDNOW
 *     master file under the work folder and uses it as the data (no --data then), and adds the
 *     oracle score (P(no purchase) from the true parameters) to every row
 */
public record BenchmarkOptions(Path data, List<LocalDate> cutoffs, List<Integer> horizons,
    Path out, Optional<Path> work, Path config, boolean failFast,
    Optional<BgNbdCohort.Spec> generate) {

  public static final String USAGE = "usage: bin/bench-cdnow-churn [--data PATH]"
      + " [--cutoffs YYYY-MM-DD,...] [--horizons DAYS,...] [--out FILE.md] [--work DIR]"
      + " [--config FILE] [--fail-fast] [--generate [r,alpha,a,b[,customers[,seed]]]]\n"
      + "  defaults: --data data/cdnow/CDNOW_master.txt --cutoffs 1997-09-30,1997-12-31,1998-03-31"
      + " --horizons 28,91 --out benchmarks/results/cdnow-churn.md --work <new temp dir>"
      + " --config benchmarks/cdnow/lapse-cdnow.conf\n"
      + "  --generate: simulate a BG/NBD cohort (default r,alpha,a,b = 0.243,4.414,0.793,2.426 per"
      + " week, 23570 customers, seed 14; acquired 1997-01-01..1997-03-31, observed to"
      + " 1998-06-30), write it under the work folder as a CDNOW master file, use it as the data"
      + " and add the oracle score from the true parameters";

  public BenchmarkOptions {
    cutoffs = List.copyOf(new TreeSet<>(cutoffs));
    horizons = List.copyOf(new TreeSet<>(horizons));
  }

  /** Parses the arguments; throws {@link IllegalArgumentException} with the usage on errors. */
  public static BenchmarkOptions parse(String... args) {
    Path data = Path.of("data/cdnow/CDNOW_master.txt");
    List<LocalDate> cutoffs = dates("1997-09-30,1997-12-31,1998-03-31");
    List<Integer> horizons = ints("28,91");
    Path out = Path.of("benchmarks/results/cdnow-churn.md");
    Optional<Path> work = Optional.empty();
    Path config = Path.of("benchmarks/cdnow/lapse-cdnow.conf");
    boolean failFast = false;
    boolean dataGiven = false;
    Optional<BgNbdCohort.Spec> generate = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--fail-fast")) {
        failFast = true;
        continue;
      }
      if (a.equals("--generate")) {
        if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          generate = Optional.of(cohort(args[++i]));
        } else {
          generate = Optional.of(BgNbdCohort.Spec.defaults());
        }
        continue;
      }
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--data" -> {
          data = Path.of(v);
          dataGiven = true;
        }
        case "--cutoffs" -> cutoffs = dates(v);
        case "--horizons" -> horizons = ints(v);
        case "--out" -> out = Path.of(v);
        case "--work" -> work = Optional.of(Path.of(v));
        case "--config" -> config = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (cutoffs.isEmpty() || horizons.isEmpty()) {
      throw new IllegalArgumentException("--cutoffs and --horizons need at least one value\n"
          + USAGE);
    }
    if (dataGiven && generate.isPresent()) {
      throw new IllegalArgumentException("--data and --generate exclude each other (--generate"
          + " writes its own data file under --work)\n" + USAGE);
    }
    return new BenchmarkOptions(data, cutoffs, horizons, out, work, config, failFast, generate);
  }

  /** The value of --generate: r,alpha,a,b[,customers[,seed]]. */
  static BgNbdCohort.Spec cohort(String csv) {
    String[] parts = csv.split(",", -1);
    if (parts.length < 4 || parts.length > 6) {
      throw new IllegalArgumentException("--generate takes r,alpha,a,b[,customers[,seed]] but was '"
          + csv + "'\n" + USAGE);
    }
    double[] p = new double[4];
    for (int k = 0; k < 4; k++) {
      try {
        p[k] = Double.parseDouble(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--generate: '" + parts[k].trim()
            + "' is not a number\n" + USAGE);
      }
    }
    BgNbdCohort.Spec spec;
    try {
      spec = BgNbdCohort.Spec.defaults().withParams(BgNbdParams.of(p));
      if (parts.length >= 5) {
        spec = spec.withCustomers(Integer.parseInt(parts[4].trim()));
      }
      if (parts.length == 6) {
        spec = spec.withSeed(Long.parseLong(parts[5].trim()));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--generate " + csv + ": " + e.getMessage() + "\n"
          + USAGE);
    }
    return spec;
  }

  /**
   * Every problem with the windows the benchmark would need, given the data's first and last
   * purchase day: the truth of (C, H) reads (C, C + H], which must end on or before the last day,
   * and the logistic-regression baseline trains at C - H, which must be after the first day.
   *
   * @return problem messages, empty when every (C, H) can be evaluated
   */
  public static List<String> windowProblems(List<LocalDate> cutoffs, List<Integer> horizons,
      LocalDate firstDay, LocalDate lastDay) {
    List<String> problems = new ArrayList<>();
    for (LocalDate c : cutoffs) {
      for (int h : horizons) {
        LocalDate end = c.plusDays(h);
        if (end.isAfter(lastDay)) {
          problems.add("cut-off " + c + " + horizon " + h + " days = " + end
              + " is after the data's last day " + lastDay
              + ": the truth window (C, C + H] would not be fully observed;"
              + " use an earlier cut-off or a shorter horizon");
        }
        LocalDate train = c.minusDays(h);
        if (!train.isAfter(firstDay)) {
          problems.add("cut-off " + c + " - horizon " + h + " days = " + train
              + " is not after the data's first day " + firstDay
              + ": the logistic-regression baseline has no history to train on at C - H");
        }
      }
    }
    return problems;
  }

  private static List<LocalDate> dates(String csv) {
    List<LocalDate> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        out.add(LocalDate.parse(s.trim()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("cut-off '" + s.trim() + "' is not a date YYYY-MM-DD\n"
            + USAGE);
      }
    }
    return out;
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      int h;
      try {
        h = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("horizon '" + s.trim() + "' is not a number of days\n"
            + USAGE);
      }
      if (h <= 0) {
        throw new IllegalArgumentException("horizon must be > 0 days but was " + h);
      }
      out.add(h);
    }
    return out;
  }
}
