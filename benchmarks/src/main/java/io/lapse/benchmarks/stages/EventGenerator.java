package io.lapse.benchmarks.stages;

import io.lapse.features.engagement.EngagementAction;
import io.lapse.features.engagement.EngagementProfile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's input at a chosen scale: {@code transactions.csv} (the purchase kind) and
 * {@code events.csv} (every other kind, in the layout of {@code conf/local.conf}'s clickstream).
 *
 * <p>Its own generator rather than {@code lapse generate}: {@code ClickstreamSimulator} keeps
 * every event in memory and picks each referrer by scanning all earlier users (quadratic in the
 * users), so 275,000 users do not finish in minutes; BG/NBD's {@code GenerateJob} writes
 * transactions only. This one streams rows to disk in constant memory, about a million rows a
 * second, and one seeded {@link SplittableRandom} drawn in a fixed order gives byte-identical
 * files for the same spec.
 *
 * <p>Each customer shows up on a day uniform in the history (an {@code impression} that day),
 * has a personal rate multiplier (Gamma, shape 2, mean 1) and an exponential lifetime (mean half
 * the history) after which no more events come. On each day of the lifetime the number of
 * events is Poisson with mean {@code eventsPerCustomerDay} x multiplier; each event picks a kind
 * uniformly among {@code kinds} and one of the kind's event types uniformly. A share of
 * customers names an earlier-numbered customer as referrer on its first event. Sessions are not
 * given: lapse cuts them by the inactivity gap (events of a day are a few minutes apart).
 */
public final class EventGenerator {

  private static final double REFERRED_SHARE = 0.05;
  private static final int DAY_START_SECONDS = 7 * 3600;
  private static final int DAY_START_SPREAD_SECONDS = 10 * 3600;
  private static final int MAX_STEP_SECONDS = 400;

  /**
   * @param customers customers simulated (>= 1)
   * @param days days of history ending with {@code endDate} (>= 1)
   * @param eventsPerCustomerDay mean events of a customer on a day of its lifetime (> 0)
   * @param kinds the engagement kinds events are drawn from (of the profile)
   * @param seed random seed
   * @param endDate the last day of data (the natural as-of date)
   */
  public record Spec(int customers, int days, double eventsPerCustomerDay, List<String> kinds,
      long seed, LocalDate endDate) {
    public Spec {
      kinds = List.copyOf(kinds);
    }

    public LocalDate startDate() {
      return endDate.minusDays(days - 1L);
    }

    public String describe() {
      return String.format(Locale.ROOT, "%d customers, %d days (%s to %s), %s events per customer"
          + " per lifetime day, kinds %s, seed %d", customers, days, startDate(), endDate,
          eventsPerCustomerDay, kinds, seed);
    }
  }

  /** What was written; {@code events} counts clickstream rows, transactions separately. */
  public record Result(Path transactions, Path events, long transactionRows, long eventRows) {
    public long totalRows() {
      return transactionRows + eventRows;
    }
  }

  private EventGenerator() {}

  /** Writes the files into {@code dir}; {@code profile} maps the kinds to event types. */
  public static Result write(Spec spec, EngagementProfile profile, Path dir) throws IOException {
    List<List<String>> typesByKind = typesByKind(spec.kinds(), profile);
    Files.createDirectories(dir);
    Path tx = dir.resolve("transactions.csv");
    Path ev = dir.resolve("events.csv");
    SplittableRandom rng = new SplittableRandom(spec.seed());
    String[] dayText = new String[spec.days()];
    for (int d = 0; d < spec.days(); d++) {
      dayText[d] = spec.startDate().plusDays(d).toString();
    }
    long txRows = 0;
    long evRows = 0;
    StringBuilder line = new StringBuilder(128);
    try (BufferedWriter t = Files.newBufferedWriter(tx, StandardCharsets.UTF_8);
        BufferedWriter e = Files.newBufferedWriter(ev, StandardCharsets.UTF_8)) {
      t.write("customer_id,timestamp,amount,order_id\n");
      e.write("event_id,user_id,ts,event_type,session_id,page,referrer_user_id,amount\n");
      for (int c = 1; c <= spec.customers(); c++) {
        String id = String.format(Locale.ROOT, "c%08d", c);
        int first = rng.nextInt(spec.days());
        double multiplier = -(Math.log(1 - rng.nextDouble()) + Math.log(1 - rng.nextDouble())) / 2;
        double lifetime = -Math.log(1 - rng.nextDouble()) * spec.days() / 2.0;
        int stop = (int) Math.min(spec.days(), first + Math.max(1, Math.ceil(lifetime)));
        String referrer = c > 1 && rng.nextDouble() < REFERRED_SHARE
            ? String.format(Locale.ROOT, "c%08d", 1 + rng.nextInt(c - 1)) : null;
        double expMinusMean = Math.exp(-spec.eventsPerCustomerDay() * multiplier);
        for (int d = first; d < stop; d++) {
          int n = poisson(rng, expMinusMean);
          int second = DAY_START_SECONDS + rng.nextInt(DAY_START_SPREAD_SECONDS);
          if (d == first) {
            evRows++;
            event(line, evRows, id, dayText[d], second, "impression", "", referrer, "");
            e.append(line);
            second += 10;
          }
          for (int i = 0; i < n; i++) {
            int k = rng.nextInt(typesByKind.size());
            List<String> types = typesByKind.get(k);
            String type = types.get(rng.nextInt(types.size()));
            second = Math.min(86_399, second + 10 + rng.nextInt(MAX_STEP_SECONDS));
            if (profile.purchaseTypes().contains(type)) {
              txRows++;
              line.setLength(0);
              line.append(id).append(',').append(dayText[d]).append(' ');
              time(line, second);
              line.append(',').append(cents(10 + rng.nextInt(19_000))).append(",o")
                  .append(txRows).append('\n');
              t.append(line);
            } else {
              evRows++;
              event(line, evRows, id, dayText[d], second, type, "/p/" + rng.nextInt(50), null,
                  "");
              e.append(line);
            }
          }
        }
      }
    }
    return new Result(tx, ev, txRows, evRows);
  }

  static List<List<String>> typesByKind(List<String> kinds, EngagementProfile profile) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("--kinds must name at least one kind of the engagement"
          + " profile; its kinds are " + profile.kinds());
    }
    List<List<String>> out = new ArrayList<>();
    for (String k : kinds) {
      List<String> types = profile.actions().stream().filter(a -> a.kind().equals(k))
          .map(EngagementAction::eventType).toList();
      if (types.isEmpty()) {
        throw new IllegalArgumentException("--kinds names '" + k + "', which is not a kind of"
            + " the engagement profile; its kinds are " + profile.kinds());
      }
      out.add(types);
    }
    return out;
  }

  /** Knuth's method: fine for the small daily means (a few events) this generator draws. */
  private static int poisson(SplittableRandom rng, double expMinusMean) {
    int k = 0;
    double p = rng.nextDouble();
    while (p > expMinusMean) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  private static void event(StringBuilder line, long n, String user, String day, int second,
      String type, String page, String referrer, String amount) {
    line.setLength(0);
    line.append('e').append(n).append(',').append(user).append(',').append(day).append(' ');
    time(line, second);
    line.append(',').append(type).append(",,").append(page).append(',')
        .append(referrer == null ? "" : referrer).append(',').append(amount).append('\n');
  }

  private static void time(StringBuilder b, int second) {
    two(b, second / 3600).append(':');
    two(b, second / 60 % 60).append(':');
    two(b, second % 60);
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  private static String cents(int cents) {
    return (cents / 100) + "." + (char) ('0' + cents / 10 % 10) + (char) ('0' + cents % 10);
  }
}
