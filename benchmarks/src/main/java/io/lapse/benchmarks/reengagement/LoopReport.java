package io.lapse.benchmarks.reengagement;

import io.lapse.models.policy.ExperimentSpec;
import io.lapse.models.policy.PolicyAction;
import io.lapse.models.policy.PolicySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results file of {@link ReengagementLoop}, and the pass/fail of t* per segment. */
final class LoopReport {

  private LoopReport() {}

  /**
   * The buckets whose true value cannot be told from the best measured bucket's with the sample
   * sizes of the experiment: a true difference within two standard errors of the difference of
   * the two estimates. A bucket without contacts is accepted only when it is the best.
   */
  static List<Integer> acceptedBuckets(List<ReengagementLoop.BucketRow> rows) {
    ReengagementLoop.BucketRow best = null;
    for (ReengagementLoop.BucketRow r : rows) {
      if (best == null || r.trueValue() > best.trueValue()) {
        best = r;
      }
    }
    List<Integer> accepted = new ArrayList<>();
    for (ReengagementLoop.BucketRow r : rows) {
      double seDiff = Math.sqrt(r.valueSe() * r.valueSe() + best.valueSe() * best.valueSe());
      if (r == best || best.trueValue() - r.trueValue() <= 2 * seDiff) {
        accepted.add(r.bucket());
      }
    }
    return accepted;
  }

  static void write(LoopOptions o, List<ReengagementLoop.RunRow> runs,
      List<ReengagementLoop.BucketRow> buckets, List<TrueSegment> truth,
      Map<String, SpellLog> logs, Map<String, Integer> oracle, Map<String, Double> priorTStar, PolicySpec spec,
      ExperimentSpec experiment, int bucketDays, String commit) {
    PolicyAction a = spec.actions().get(0);
    int window = spec.campaignHistory().responseWindowDays();
    double v = spec.valuePerCustomer();
    StringBuilder md = new StringBuilder();
    md.append("# Closed re-engagement loop through the jobs\n\n");
    md.append("Command: `").append(System.getProperty("bench.command", "bin/bench-reengagement"))
        .append("` (commit ").append(commit).append(").\n\n");
    md.append("A simulator with a known truth plays the customers and the CRM for ")
        .append(o.runs()).append(" weekly nightly runs after a burn-in of ")
        .append(o.burnInDays()).append(" days without actions. Each week it writes the new ")
        .append("transactions, the customers and the contacts it made; `Lapse.run(\"nightly\")` ")
        .append("runs on them in process; the CRM sends what `reengagement_actions` lists (on ")
        .append("the due date, or the day after the run when due on its as-of date) to the ")
        .append("customers still in the spell it was planned for, and they respond by the ")
        .append("truth.\n\n");
    md.append(String.format(Locale.ROOT, "Action `%s`: cost %.2f, discount %.2f, fatigue %.3f;"
            + " V = %.0f; response window %d days; buckets of %d days; control share %.2f,"
            + " explore share %.2f, arms at t* x 2^(+-%d); min contacts per group %d.%n%n",
        a.name(), a.cost(), a.discount(), a.fatigueProbability(), v, window, bucketDays,
        experiment.controlShare(), experiment.exploreShare(), experiment.armOctaves(),
        spec.campaignHistory().minContactsPerGroup()));
    md.append("## The truth\n\n");
    md.append("Customers differ: a customer's chance of never coming back after an engaged day")
        .append(" is Beta distributed around the segment's mean (concentration 4), their mean")
        .append(" return time is the segment's times a Gamma(2, 1/2) factor. S(t), and with it")
        .append(" the oracle, is taken from the natural return times of the loop's own spells")
        .append(" (known to the simulator even where an action cut a spell short).\n\n");
    md.append("| segment | never returns (mean) | mean return (days) | win-back at day 0 |"
        + " its scale (days) | new customers per day | spells | S(7) | S(28) |"
        + " oracle t* (day) | W(t*) per spell |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (TrueSegment s : truth) {
      int best = oracle.get(s.name());
      SpellLog log = logs.get(s.name());
      md.append(String.format(Locale.ROOT,
          "| %s | %.2f | %.0f | %.2f | %.0f | %d | %d | %.3f | %.3f | %d | %.3f |%n",
          s.name(), s.neverReturn(), s.meanReturnDays(), s.winBack0(), s.winBackScaleDays(),
          s.newPerDay(), log.spells(), log.survival(7), log.survival(28), best,
          log.value(s, best, window, v, a.cost(), a.fatigueProbability(), a.discount())));
    }
    md.append("\n## Each run\n\nValues are the true expected value of the night's policy per")
        .append(" spell started in the week before it, times those spells: lapse's (its control")
        .append(" arm acts on nobody, its timing arms act on their days), the oracle's (everyone")
        .append(" at the true t*) and the prior's (everyone at the first night's t*, found")
        .append(" without evidence). `realized` adds up what the contacts made in the week")
        .append(" before the run actually brought: V for a customer won back who would not have")
        .append(" come back within the window, minus cost, fatigue and the discount paid to")
        .append(" everyone who came back.\n\n");
    md.append("| run | as of | segment | t* | source | timing arms (day:share) | spells | lapse |"
        + " oracle | prior | contacts | realized | wall s | CPU-s |\n");
    md.append("|---:|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ReengagementLoop.RunRow r : runs) {
      md.append(String.format(Locale.ROOT,
          "| %d | %s | %s | %s | %s | %s | %d | %.0f | %.0f | %.0f | %d | %.0f | %.0f | %.0f |%n",
          r.run(), r.asOf(), r.segment(), r.tStar() == null ? "-" : String.format(Locale.ROOT,
              "%.0f", r.tStar()), r.source(), r.armsText(), r.spells(), r.lapseValue(),
          r.oracleValue(), r.priorValue(), r.contacts(), r.realizedValue(), r.wallSeconds(),
          r.cpuSeconds()));
    }
    md.append("\n## After the last run\n\n");
    md.append("t* passes when it falls in a bucket whose true value cannot be told from the best")
        .append(" bucket's with the experiment's sample sizes: a true difference within two")
        .append(" standard errors of the difference of the two estimates (from the treated and")
        .append(" control counts of the final `reengagement_uplift`).\n\n");
    md.append("The oracle and the prior treat everyone; lapse's control arm acts on nobody, so")
        .append(" its ceiling is the oracle's value times (1 - control share): the regret")
        .append(" against that ceiling is the price of exploring and of learning the timing.\n\n");
    md.append("| segment | lapse t* | source | oracle t* | accepted buckets (days) | t* |"
        + " lapse value | oracle value | regret | ceiling with the holdout | regret against it |"
        + " prior value | lapse - prior |\n");
    md.append("|---|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (TrueSegment s : truth) {
      List<ReengagementLoop.BucketRow> rows = buckets.stream()
          .filter(b -> b.segment().equals(s.name())).toList();
      ReengagementLoop.RunRow last = runs.stream().filter(r -> r.segment().equals(s.name()))
          .reduce((x, y) -> y).orElseThrow();
      List<Integer> accepted = rows.isEmpty() ? List.of() : acceptedBuckets(rows);
      String days = accepted.stream().map(b -> Math.max(1, b * bucketDays) + "-"
          + ((b + 1) * bucketDays - 1)).reduce((x, y) -> x + ", " + y).orElse("none");
      boolean pass = last.tStar() != null
          && accepted.contains((int) Math.floor(last.tStar() / bucketDays));
      double lapse = runs.stream().filter(r -> r.segment().equals(s.name()))
          .mapToDouble(ReengagementLoop.RunRow::lapseValue).sum();
      double oracleValue = runs.stream().filter(r -> r.segment().equals(s.name()))
          .mapToDouble(ReengagementLoop.RunRow::oracleValue).sum();
      double prior = runs.stream().filter(r -> r.segment().equals(s.name()))
          .mapToDouble(ReengagementLoop.RunRow::priorValue).sum();
      double ceiling = oracleValue * (1 - experiment.controlShare());
      md.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %d | %s | %s | %.0f | %.0f | %.0f (%.1f%%) | %.0f | %.0f (%.1f%%) |"
              + " %.0f | %+.0f |%n",
          s.name(), last.tStar() == null ? "-" : String.format(Locale.ROOT, "%.0f",
              last.tStar()), last.source(), oracle.get(s.name()), days,
          pass ? "PASS" : "FAIL", lapse, oracleValue, oracleValue - lapse,
          100 * (oracleValue - lapse) / oracleValue, ceiling, ceiling - lapse,
          100 * (ceiling - lapse) / ceiling, prior, lapse - prior));
    }
    md.append("\n## The measured uplift of the last run beside the truth\n\n");
    md.append("True uplift at the bucket's mean contact day; true W at the bucket's best day;")
        .append(" SE of W from the counts.\n\n");
    md.append("| segment | bucket (days) | treated | control | uplift | 95% interval |"
        + " true uplift | replaces prior | true W | SE of W |\n");
    md.append("|---|---|---:|---:|---:|---|---:|---|---:|---:|\n");
    for (ReengagementLoop.BucketRow b : buckets) {
      md.append(String.format(Locale.ROOT,
          "| %s | %d-%d | %d | %d | %.3f | %.3f to %.3f | %.3f | %s | %.3f | %.3f |%n",
          b.segment(), Math.max(1, b.bucket() * bucketDays), (b.bucket() + 1) * bucketDays - 1,
          b.treated(), b.control(), b.uplift(), b.low(), b.high(), b.trueUplift(),
          b.replacesPrior() ? "yes" : "no", b.trueValue(), b.valueSe()));
    }
    try {
      Path out = o.out();
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
