package io.lapse.benchmarks.reengagement;

import static org.apache.spark.sql.functions.col;

import io.lapse.benchmarks.Commit;
import io.lapse.jobs.ExitCode;
import io.lapse.jobs.Lapse;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.jobs.lake.Table;
import io.lapse.models.policy.ExperimentSpec;
import io.lapse.models.policy.PolicyAction;
import io.lapse.models.policy.PolicySpec;
import io.lapse.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The closed re-engagement loop through the real jobs (issue 16): a simulator with known uplift
 * curves per segment plays the customers and the CRM for a number of weekly nightly runs. Each
 * week it writes the new transactions, the customers and the contacts it made; lapse's nightly
 * (ingest, features, train, score, policy) runs on them in process; the CRM sends what
 * {@code reengagement_actions} lists, and the customers respond by the truth. Printed per run and
 * segment: lapse's t*, where it comes from and its timing arms; at the end: t* against the true
 * optimum with a tolerance from the measured sample sizes, and the expected value of lapse's
 * policy against the oracle's (regret) and against "always the prior".
 */
public final class ReengagementLoop {

  /** The known truth: two segments whose best coupon timing differs. */
  static final List<TrueSegment> SEGMENTS = List.of(
      new TrueSegment("fast", 0.35, 5, 0.30, 30, 300),
      new TrueSegment("slow", 0.30, 18, 0.40, 20, 300));

  private ReengagementLoop() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The state of the loop after each run, for the report. */
  record RunRow(int run, LocalDate asOf, String segment, Double tStar, String source,
      List<double[]> arms, long spells, double lapseValue, double oracleValue,
      double priorValue, long contacts, double realizedValue, double cpuSeconds,
      double wallSeconds) {

    RunRow withValues(double lapse, double oracle, double prior) {
      return new RunRow(run, asOf, segment, tStar, source, arms, spells, lapse, oracle, prior,
          contacts, realizedValue, cpuSeconds, wallSeconds);
    }

    String armsText() {
      List<String> parts = new ArrayList<>();
      for (double[] a : arms) {
        parts.add(String.format(Locale.ROOT, "%.0f:%.2f", a[0], a[1]));
      }
      return String.join(" ", parts);
    }
  }

  /** One bucket of the final uplift table beside the truth. */
  record BucketRow(String segment, int bucket, long treated, long control, double uplift,
      double low, double high, double trueUplift, boolean replacesPrior, double trueValue,
      double valueSe) {}

  static int run(String... args) {
    LoopOptions o;
    try {
      o = LoopOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-reengagement: " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    Path work = o.work();
    Path input = work.resolve("input");
    Path txFolder = input.resolve("transactions");
    Path customersFile = input.resolve("customers.csv");
    Path contactsFile = input.resolve("campaign_contacts.csv");
    try {
      Files.createDirectories(txFolder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("lapse.lake.root", work.resolve("lake").toString());
    System.setProperty("lapse.input.transactions.path", txFolder.toString());
    System.setProperty("lapse.input.customers.path", customersFile.toString());
    System.setProperty("lapse.input.campaign-contacts.path", contactsFile.toString());
    com.typesafe.config.ConfigFactory.invalidateCaches();
    LapseConfig config = LapseConfig.load(o.config().toFile());
    PolicySpec spec = config.policy.spec();
    if (spec.actions().size() != 1) {
      System.err.println("bench-reengagement: the loop times one action; the config has "
          + spec.actions().size());
      return ExitCode.USAGE.code();
    }
    PolicyAction action = spec.actions().get(0);
    ExperimentSpec experiment = config.policy.experiment();
    int window = spec.campaignHistory().responseWindowDays();
    int bucketDays = spec.campaignHistory().bucketDays();
    double v = spec.valuePerCustomer();
    SparkSession spark = SparkSessions.getOrCreate(config.spark.appName(), config.spark.master(),
        config.spark.shufflePartitions(), config.spark.conf());
    List<TrueSegment> truth = SEGMENTS.stream().map(s -> new TrueSegment(s.name(),
        s.neverReturn(), s.meanReturnDays(), s.winBack0(), s.winBackScaleDays(),
        (int) Math.round(s.newPerDay() * o.scale()))).toList();
    CrmSimulation sim = new CrmSimulation(truth, o.start(), window, o.seed());
    List<CrmSimulation.Contact> allContacts = new ArrayList<>();
    List<RunRow> rows = new ArrayList<>();
    LocalDate first = o.start().plusDays(o.burnInDays() - 1);
    sim.logSpellsFrom(first.plusDays(1));
    long[] spellsBefore = null;
    for (int k = 0; k < o.runs(); k++) {
      LocalDate asOf = first.plusDays(7L * k);
      List<CrmSimulation.Transaction> tx = new ArrayList<>();
      List<CrmSimulation.Contact> week = new ArrayList<>();
      sim.simulateThrough(asOf, tx, week);
      allContacts.addAll(week);
      writeInputs(txFolder.resolve(String.format("part-%03d.csv", k)), tx, customersFile,
          sim.customers(), contactsFile, allContacts);
      long cpu0 = cpuNanos();
      long wall0 = System.nanoTime();
      ExitCode code = Lapse.run("nightly", "--as-of", asOf.toString(), "--config",
          o.config().toString());
      double cpu = (cpuNanos() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      if (code != ExitCode.SUCCESS) {
        System.err.println("bench-reengagement: nightly as of " + asOf + " failed: " + code);
        return code.code();
      }
      Dataset<Row> policies = read(spark, config, Table.SEGMENT_POLICIES)
          .where(col("as_of_date").equalTo(Date.valueOf(asOf)))
          .where(col("timing_unit").equalTo("days"));
      long[] spellsNow = sim.spellsStarted();
      for (int s = 0; s < truth.size(); s++) {
        TrueSegment seg = truth.get(s);
        List<Row> p = policies.where(col("segment").equalTo(seg.name())).collectAsList();
        Double tStar = p.isEmpty() || p.get(0).isNullAt(p.get(0).fieldIndex("t_star")) ? null
            : p.get(0).getDouble(p.get(0).fieldIndex("t_star"));
        String source = p.isEmpty() ? "none" : p.get(0).getAs("t_star_source");
        List<double[]> arms = new ArrayList<>();
        if (!p.isEmpty()) {
          for (Row arm : p.get(0).<Row>getList(p.get(0).fieldIndex("timing_arms"))) {
            arms.add(new double[] {arm.getDouble(arm.fieldIndex("t")),
                arm.getDouble(arm.fieldIndex("share"))});
          }
        }
        long spells = spellsBefore == null ? 0 : spellsNow[s] - spellsBefore[s];
        long contacts = week.stream().filter(c -> c.segment().equals(seg.name())).count();
        double realized = week.stream().filter(c -> c.segment().equals(seg.name()))
            .mapToDouble(c -> (c.wonBack() && !c.wouldHaveComeBackInWindow() ? v : 0)
                - action.cost() - action.fatigueProbability() * v
                - action.discount() * (c.cameBackInWindow() ? 1 : 0))
            .sum();
        rows.add(new RunRow(k + 1, asOf, seg.name(), tStar, source, arms, spells, 0, 0, 0,
            contacts, realized, cpu, wall));
        System.out.println(String.format(Locale.ROOT,
            "run %2d %s %-5s t*=%s %s arms[%s] contacts %d (%.0f s, %.0f CPU-s)", k + 1, asOf,
            seg.name(), tStar, source, rows.get(rows.size() - 1).armsText(), contacts, wall,
            cpu));
      }
      spellsBefore = spellsNow;
      List<CrmSimulation.Send> sends = new ArrayList<>();
      for (Row a : read(spark, config, Table.REENGAGEMENT_ACTIONS)
          .where(col("as_of_date").equalTo(Date.valueOf(asOf)))
          .select("customer_id", "action", "due_date", "days_inactive_at_due").collectAsList()) {
        LocalDate due = a.getDate(2).toLocalDate();
        sends.add(new CrmSimulation.Send(a.getString(0), a.getString(1), due,
            due.minusDays(a.getInt(3))));
      }
      sim.schedule(sends);
    }
    // The truth of the spells of the loop (all simulated by now): oracle, prior and values.
    Map<String, SpellLog> logs = new LinkedHashMap<>();
    Map<String, Integer> oracle = new LinkedHashMap<>();
    for (int s = 0; s < truth.size(); s++) {
      logs.put(truth.get(s).name(), sim.log(s));
      oracle.put(truth.get(s).name(), bestDay(truth.get(s), sim.log(s), window, v, action,
          (int) spec.maxTime()));
    }
    Map<String, Double> priorTStar = new TreeMap<>();
    List<RunRow> valued = new ArrayList<>();
    for (RunRow r : rows) {
      TrueSegment seg = truth.stream().filter(t -> t.name().equals(r.segment())).findFirst()
          .orElseThrow();
      SpellLog log = logs.get(r.segment());
      if (r.run() == 1) {
        priorTStar.put(r.segment(), r.tStar());
      }
      Double prior = priorTStar.get(r.segment());
      valued.add(r.withValues(
          r.spells() * expectedPerSpell(seg, log, r.tStar(), r.arms(), window, v, action,
              experiment.controlShare()),
          r.spells() * log.value(seg, oracle.get(r.segment()), window, v, action.cost(),
              action.fatigueProbability(), action.discount()),
          prior == null ? 0.0 : r.spells() * log.value(seg, (int) Math.ceil(prior), window, v,
              action.cost(), action.fatigueProbability(), action.discount())));
    }
    LocalDate last = first.plusDays(7L * (o.runs() - 1));
    List<BucketRow> buckets = buckets(spark, config, last, truth, logs, allContacts, window, v,
        action, bucketDays);
    rows = valued;
    LoopReport.write(o, rows, buckets, truth, logs, oracle, priorTStar, spec, experiment,
        bucketDays, Commit.describe());
    System.out.println("bench-reengagement: wrote " + o.out());
    return 0;
  }

  /** The day d in 1..max with the largest true W(d). */
  static int bestDay(TrueSegment s, SpellLog log, int window, double v, PolicyAction a,
      int max) {
    int best = 1;
    for (int d = 2; d <= max; d++) {
      if (log.value(s, d, window, v, a.cost(), a.fatigueProbability(), a.discount())
          > log.value(s, best, window, v, a.cost(), a.fatigueProbability(), a.discount())) {
        best = d;
      }
    }
    return best;
  }

  /**
   * The true expected value per spell of lapse's policy of the night: the treated share (1 -
   * control) of each timing arm acts on its day, or everyone treated at t* without arms.
   */
  static double expectedPerSpell(TrueSegment s, SpellLog log, Double tStar, List<double[]> arms,
      int window, double v, PolicyAction a, double controlShare) {
    if (tStar == null) {
      return 0.0;
    }
    if (arms.isEmpty()) {
      return (1 - controlShare) * log.value(s, (int) Math.ceil(tStar), window, v, a.cost(),
          a.fatigueProbability(), a.discount());
    }
    double total = 0;
    for (double[] arm : arms) {
      total += arm[1] * log.value(s, (int) Math.ceil(arm[0]), window, v, a.cost(),
          a.fatigueProbability(), a.discount());
    }
    return (1 - controlShare) * total;
  }

  /** The final uplift table of each segment beside the truth at the contacts' mean day. */
  static List<BucketRow> buckets(SparkSession spark, LapseConfig config, LocalDate asOf,
      List<TrueSegment> truth, Map<String, SpellLog> logs, List<CrmSimulation.Contact> contacts,
      int window, double v, PolicyAction a, int bucketDays) {
    List<BucketRow> out = new ArrayList<>();
    // The loop times in days and has no preference groups: the buckets in days of all contacts.
    for (Row r : read(spark, config, Table.REENGAGEMENT_UPLIFT)
        .where(col("as_of_date").equalTo(Date.valueOf(asOf)))
        .where(col("unit").equalTo("days").and(col("preference_group").equalTo("all")))
        .orderBy("segment", "bucket").collectAsList()) {
      String segment = r.getAs("segment");
      TrueSegment seg = truth.stream().filter(t -> t.name().equals(segment)).findFirst()
          .orElse(null);
      if (seg == null) {
        continue;
      }
      int bucket = r.getAs("bucket");
      double meanDay = contacts.stream().filter(c -> c.segment().equals(segment)
              && c.daysInactive() / bucketDays == bucket)
          .mapToInt(CrmSimulation.Contact::daysInactive).average().orElse(Double.NaN);
      int day = Double.isNaN(meanDay) ? bucket * bucketDays + bucketDays / 2
          : (int) Math.round(meanDay);
      long treated = r.getAs("treated");
      long control = r.getAs("control");
      double pt = treated == 0 ? 0 : ((long) r.getAs("treated_responses")) / (double) treated;
      double pc = control == 0 ? 0 : ((long) r.getAs("control_responses")) / (double) control;
      double varU = treated == 0 || control == 0 ? Double.POSITIVE_INFINITY
          : pt * (1 - pt) / treated + pc * (1 - pc) / control;
      double varQ = control == 0 ? Double.POSITIVE_INFINITY : pc * (1 - pc) / control;
      // W = S (u (V - d) - c - f V - d q): its standard error from those of u and q (taken as
      // independent, which overstates it a little: u and q share the control group).
      SpellLog log = logs.get(segment);
      double se = log.survival(day - 1) * Math.sqrt((v - a.discount()) * (v - a.discount()) * varU
          + a.discount() * a.discount() * varQ);
      out.add(new BucketRow(segment, bucket, treated, control,
          r.isNullAt(r.fieldIndex("uplift")) ? Double.NaN : r.getAs("uplift"),
          r.isNullAt(r.fieldIndex("uplift_low")) ? Double.NaN : r.getAs("uplift_low"),
          r.isNullAt(r.fieldIndex("uplift_high")) ? Double.NaN : r.getAs("uplift_high"),
          log.uplift(seg, day, window), r.getAs("replaces_prior"),
          bestInBucket(seg, log, bucket, bucketDays, window, v, a), se));
    }
    return out;
  }

  /** The true W of a bucket: its best day's. */
  static double bestInBucket(TrueSegment s, SpellLog log, int bucket, int bucketDays,
      int window, double v, PolicyAction a) {
    double best = Double.NEGATIVE_INFINITY;
    for (int d = Math.max(1, bucket * bucketDays); d < (bucket + 1) * bucketDays; d++) {
      best = Math.max(best, log.value(s, d, window, v, a.cost(), a.fatigueProbability(),
          a.discount()));
    }
    return best;
  }

  private static Dataset<Row> read(SparkSession spark, LapseConfig config, Table t) {
    return spark.read().format("delta").load(config.lake.path(t));
  }

  private static void writeInputs(Path transactions, List<CrmSimulation.Transaction> tx,
      Path customersFile, List<String[]> customers, Path contactsFile,
      List<CrmSimulation.Contact> contacts) {
    StringBuilder t = new StringBuilder("customer_id,timestamp,amount\n");
    for (CrmSimulation.Transaction x : tx) {
      t.append(x.customerId()).append(',').append(x.day()).append(" 12:00:00,")
          .append(x.amount()).append('\n');
    }
    StringBuilder c = new StringBuilder("customer_id,signup_date,channel\n");
    for (String[] x : customers) {
      c.append(x[0]).append(',').append(x[1]).append(',').append(x[2]).append('\n');
    }
    // What CRM reports back: the contacts it made (all treated; lapse keeps the control arm).
    StringBuilder k = new StringBuilder("customer_id,contact_ts,action,group\n");
    for (CrmSimulation.Contact x : contacts) {
      k.append(x.customerId()).append(',').append(x.day()).append(" 09:00:00,")
          .append(x.action()).append(",treated\n");
    }
    try {
      Files.writeString(transactions, t);
      Files.writeString(customersFile, c);
      Files.writeString(contactsFile, k);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
