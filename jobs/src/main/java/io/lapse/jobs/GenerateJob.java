package io.lapse.jobs;

import io.lapse.jobs.config.GenerateSettings;
import io.lapse.models.bgnbd.BgNbdSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.lapse.features.engagement.ClickstreamSimulator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Writes a synthetic data set whose truth is known: customers drawn from each configured segment's
 * BG/NBD parameters, spend from its Gamma-Gamma parameters. Files: transactions.csv
 * (customer_id, timestamp, amount, order_id) and customers.csv (customer_id, signup_date,
 * channel) and, when lapse.generate.clickstream.users > 0, events.csv from
 * {@link ClickstreamSimulator}. Plain Java, so the same seed gives byte-identical files.
 */
public final class GenerateJob {

  private static final double DAYS_PER_WEEK = 7.0;
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** What was written. */
  public record Result(Path transactions, Path customers, int customerCount, long transactionCount,
      Optional<Path> events, long eventCount) {}

  private GenerateJob() {}

  public static Result run(GenerateSettings settings, Path outputDir) {
    try {
      Files.createDirectories(outputDir);
      Path transactions = outputDir.resolve("transactions.csv");
      Path customers = outputDir.resolve("customers.csv");
      RandomGenerator random = new Well19937c(settings.seed());
      long cohortDays = ChronoUnit.DAYS.between(settings.cohortStart(), settings.cohortEnd()) + 1;
      LocalDateTime endExclusive = settings.endDate().plusDays(1).atStartOfDay();
      int written = 0;
      Optional<Path> events = Optional.empty();
      long eventCount = 0;
      long transactionCount = 0;
      try (Writer tx = Files.newBufferedWriter(transactions, StandardCharsets.UTF_8);
          Writer cu = Files.newBufferedWriter(customers, StandardCharsets.UTF_8)) {
        tx.write("customer_id,timestamp,amount,order_id\n");
        cu.write("customer_id,signup_date,channel\n");
        List<GenerateSettings.Segment> segments = settings.segments();
        for (int s = 0; s < segments.size(); s++) {
          GenerateSettings.Segment segment = segments.get(s);
          int n = s == segments.size() - 1 ? settings.customers() - written
              : (int) Math.round(segment.share() * settings.customers());
          LocalDateTime[] firstPurchase = new LocalDateTime[n];
          double[] observedWeeks = new double[n];
          for (int i = 0; i < n; i++) {
            LocalDate day = settings.cohortStart().plusDays((long) (random.nextDouble() * cohortDays));
            firstPurchase[i] = day.atStartOfDay().plusSeconds((long) (random.nextDouble() * 86_400));
            observedWeeks[i] = ChronoUnit.SECONDS.between(firstPurchase[i], endExclusive)
                / 86_400.0 / DAYS_PER_WEEK;
          }
          List<double[]> purchases = BgNbdSimulator.simulatePurchaseTimes(
              segment.params(), observedWeeks, settings.seed() + 1 + s);
          GammaDistribution spendRates = new GammaDistribution(random, segment.spendQ(),
              1.0 / segment.spendGamma());
          for (int i = 0; i < n; i++) {
            String id = String.format(Locale.ROOT, "C%06d", written + i + 1);
            cu.write(id + "," + firstPurchase[i].toLocalDate() + "," + segment.name() + "\n");
            double nu = spendRates.sample();
            GammaDistribution amounts = new GammaDistribution(random, segment.spendP(), 1.0 / nu);
            for (double weeks : purchases.get(i)) {
              LocalDateTime at = firstPurchase[i].plusSeconds(
                  (long) Math.floor(weeks * DAYS_PER_WEEK * 86_400));
              transactionCount++;
              tx.write(id + "," + TS.format(at) + ","
                  + String.format(Locale.ROOT, "%.2f", amounts.sample()) + ","
                  + String.format(Locale.ROOT, "O%08d", transactionCount) + "\n");
            }
          }
          written += n;
        }
        if (settings.clickstream().isPresent()) {
          ClickstreamSimulator.Simulation sim =
              ClickstreamSimulator.simulate(settings.clickstream().get());
          events = Optional.of(outputDir.resolve("events.csv"));
          sim.writeCsv(events.get());
          eventCount = sim.events().size();
          // Clickstream users join the customers table with their simulated segment as channel,
          // so that segments by channel cover them too.
          for (ClickstreamSimulator.User u : sim.users()) {
            cu.write(u.userId() + "," + u.firstSeen() + "," + u.segment() + "\n");
          }
          written += sim.users().size();
        }
      }
      return new Result(transactions, customers, written, transactionCount, events, eventCount);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated data to " + outputDir, e);
    }
  }
}
