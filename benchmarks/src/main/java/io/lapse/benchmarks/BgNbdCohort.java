package io.lapse.benchmarks;

import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdSimulator;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A simulated CDNOW-like cohort with a known dis-engagement process: a BG/NBD population with
 * given parameters (per week), customers acquired uniformly over a quarter (the first purchase
 * is the acquisition day), observed to a fixed last day, written as a CDNOW master file so that
 * the benchmark and lapse's {@code cdnow-master} reader read it unchanged.
 *
 * <p>Purchase times come from lapse's {@link BgNbdSimulator} (weeks since the first purchase,
 * continuous). A repeat purchase at time t weeks falls on day {@code acquired + ceil(7 t)}: day d
 * after the acquisition holds the purchases of ((d - 1) / 7, d / 7] weeks. With this convention
 * the data up to and including a cut-off C are exactly the purchases at times &lt;= T = (C -
 * acquired) / 7 weeks and the truth window (C, C + H] is exactly (T, T + H / 7] weeks, BG/NBD's
 * prediction window; a repeat purchase never shares the acquisition day. What the day grid loses:
 * t_x is known to within a day (rounded up) and several purchases on one day are one purchase day
 * (rare: the mean rate is r / alpha = 0.055 per week at the CDNOW parameters). The file has one
 * row per purchase day with a random positive amount (independent of the purchase process).
 *
 * <p>Deterministic for a given {@link Spec}: purchase times use the spec's seed, acquisition days
 * and amounts a second stream derived from it.
 */
public final class BgNbdCohort {

  /** The published BG/NBD fit of CDNOW (Fader, Hardie and Lee 2005), per week. */
  public static final BgNbdParams CDNOW_PARAMS = new BgNbdParams(0.243, 4.414, 0.793, 2.426);
  public static final int CDNOW_CUSTOMERS = 23570;
  public static final long DEFAULT_SEED = 14;
  public static final LocalDate ACQUISITION_FROM = LocalDate.parse("1997-01-01");
  public static final LocalDate ACQUISITION_TO = LocalDate.parse("1997-03-31");
  public static final LocalDate OBSERVED_TO = LocalDate.parse("1998-06-30");
  /** The header line of the CDNOW master file. */
  public static final String HEADER = " customer_id  date number_of_cds  dollar_value";

  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
  private static final long AMOUNT_STREAM = 0x9E3779B97F4A7C15L;

  /**
   * What to simulate.
   *
   * @param params true BG/NBD parameters, rates per week
   * @param customers number of customers, &gt;= 1
   * @param seed random seed
   * @param acquisitionFrom first acquisition day
   * @param acquisitionTo last acquisition day (uniform over the days in between, both included)
   * @param observedTo last observed day, after {@code acquisitionTo}
   */
  public record Spec(BgNbdParams params, int customers, long seed, LocalDate acquisitionFrom,
      LocalDate acquisitionTo, LocalDate observedTo) {

    public Spec {
      if (customers < 1) {
        throw new IllegalArgumentException("customers must be >= 1 but was " + customers);
      }
      if (acquisitionTo.isBefore(acquisitionFrom)) {
        throw new IllegalArgumentException("acquisition days " + acquisitionFrom + " to "
            + acquisitionTo + " are empty");
      }
      if (!observedTo.isAfter(acquisitionTo)) {
        throw new IllegalArgumentException("observedTo " + observedTo
            + " must be after the last acquisition day " + acquisitionTo);
      }
    }

    /** The CDNOW defaults: its published parameters, 23,570 customers, Q1 1997 to 1998-06-30. */
    public static Spec defaults() {
      return new Spec(CDNOW_PARAMS, CDNOW_CUSTOMERS, DEFAULT_SEED, ACQUISITION_FROM,
          ACQUISITION_TO, OBSERVED_TO);
    }

    public Spec withParams(BgNbdParams p) {
      return new Spec(p, customers, seed, acquisitionFrom, acquisitionTo, observedTo);
    }

    public Spec withCustomers(int n) {
      return new Spec(params, n, seed, acquisitionFrom, acquisitionTo, observedTo);
    }

    public Spec withSeed(long s) {
      return new Spec(params, customers, s, acquisitionFrom, acquisitionTo, observedTo);
    }

    /** "r = .., alpha = .., a = .., b = .. (per week), N customers, seed S". */
    public String describe() {
      return String.format(Locale.ROOT, "r = %s, alpha = %s, a = %s, b = %s (per week), %d"
              + " customers acquired uniformly %s to %s, observed to %s, seed %d",
          num(params.r()), num(params.alpha()), num(params.a()), num(params.b()), customers,
          acquisitionFrom, acquisitionTo, observedTo, seed);
    }

    private static String num(double v) {
      return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
  }

  /** One purchase day of the file. */
  public record PurchaseDay(LocalDate day, int cds, double dollars) {}

  /**
   * One simulated customer.
   *
   * @param id zero-padded id as written to the file
   * @param acquired the first purchase day
   * @param purchaseWeeks the simulator's continuous purchase times, weeks since the first
   * @param days purchase days, ascending and distinct, the first on {@code acquired}
   */
  public record Customer(String id, LocalDate acquired, double[] purchaseWeeks,
      List<PurchaseDay> days) {}

  private BgNbdCohort() {}

  /** Simulates the cohort (deterministic for a given spec). */
  public static List<Customer> simulate(Spec spec) {
    int n = spec.customers();
    SplittableRandom random = new SplittableRandom(spec.seed() ^ AMOUNT_STREAM);
    long acquisitionDays = ChronoUnit.DAYS.between(spec.acquisitionFrom(), spec.acquisitionTo())
        + 1;
    LocalDate[] acquired = new LocalDate[n];
    double[] observationWeeks = new double[n];
    for (int i = 0; i < n; i++) {
      acquired[i] = spec.acquisitionFrom().plusDays(random.nextLong(acquisitionDays));
      observationWeeks[i] = ChronoUnit.DAYS.between(acquired[i], spec.observedTo()) / 7.0;
    }
    List<double[]> times = BgNbdSimulator.simulatePurchaseTimes(spec.params(), observationWeeks,
        spec.seed());
    int width = Math.max(5, Integer.toString(n).length());
    List<Customer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long lastOffset = ChronoUnit.DAYS.between(acquired[i], spec.observedTo());
      List<PurchaseDay> days = new ArrayList<>();
      long previous = -1;
      for (double t : times.get(i)) {
        long offset = Math.min(dayOffset(t), lastOffset);
        if (offset == previous) {
          continue; // several purchases on one day are one purchase day
        }
        previous = offset;
        int cds = 1;
        while (cds < 20 && random.nextDouble() < 0.4) {
          cds++;
        }
        double dollars = Math.max(0.01,
            Math.round(cds * (8.0 + 10.0 * random.nextDouble()) * 100) / 100.0);
        days.add(new PurchaseDay(acquired[i].plusDays(offset), cds, dollars));
      }
      String id = String.format(Locale.ROOT, "%0" + width + "d", i + 1);
      out.add(new Customer(id, acquired[i], times.get(i), List.copyOf(days)));
    }
    return out;
  }

  /** The day offset (days after the acquisition day) of a purchase at {@code weeks}. */
  static long dayOffset(double weeks) {
    return weeks <= 0 ? 0 : (long) Math.ceil(weeks * 7.0);
  }

  /** The master-file line of one purchase day. */
  static String line(String id, PurchaseDay d) {
    return String.format(Locale.ROOT, " %s %s %2d %8.2f", id, YYYYMMDD.format(d.day()), d.cds(),
        d.dollars());
  }

  /**
   * Writes the cohort as a CDNOW master file: the header, then one line per purchase day, by
   * customer then day, CRLF line ends as in the published file.
   *
   * @return the number of purchase days written
   */
  public static long write(List<Customer> customers, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    long rows = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write(HEADER);
      w.write("\r\n");
      for (Customer c : customers) {
        for (PurchaseDay d : c.days()) {
          w.write(line(c.id(), d));
          w.write("\r\n");
          rows++;
        }
      }
    }
    return rows;
  }

  /**
   * BG/NBD statistics at {@code asOf} from the purchase days (as the benchmark derives them from
   * the file): x = purchase days after the first, t_x and T in weeks (days / 7) from the
   * acquisition day. Customers acquired after {@code asOf}, or on it (T = 0), are left out.
   */
  public static SufficientStatistics statisticsAt(List<Customer> customers, LocalDate asOf) {
    SufficientStatistics.Builder b = SufficientStatistics.builder();
    for (Customer c : customers) {
      long t = ChronoUnit.DAYS.between(c.acquired(), asOf);
      if (t <= 0) {
        continue;
      }
      int x = -1;
      long tx = 0;
      for (PurchaseDay d : c.days()) {
        if (d.day().isAfter(asOf)) {
          break;
        }
        x++;
        tx = ChronoUnit.DAYS.between(c.acquired(), d.day());
      }
      b.add(x, tx / 7.0, t / 7.0, 1);
    }
    return b.build();
  }
}
