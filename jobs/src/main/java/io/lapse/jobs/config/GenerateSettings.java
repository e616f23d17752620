package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.models.bgnbd.BgNbdParams;
import java.time.LocalDate;
import java.util.ArrayList;
import io.lapse.features.engagement.ClickstreamSimulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** lapse.generate: the synthetic data set the generate job writes. */
public record GenerateSettings(
    String output,
    int customers,
    long seed,
    LocalDate cohortStart,
    LocalDate cohortEnd,
    LocalDate endDate,
    List<Segment> segments,
    Optional<ClickstreamSimulator.Spec> clickstream) {

  /** A simulated segment: its share, true BG/NBD parameters and Gamma-Gamma spend parameters. */
  public record Segment(
      String name, double share, BgNbdParams params, double spendP, double spendQ,
      double spendGamma) {
    public Segment {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "segment '" + name + "' share must be in (0, 1] but was " + share);
      }
      if (!(spendP > 0 && spendQ > 0 && spendGamma > 0)) {
        throw new IllegalArgumentException("segment '" + name
            + "' spend-p, spend-q and spend-gamma must be > 0 but were " + spendP + ", " + spendQ
            + ", " + spendGamma);
      }
    }
  }

  public GenerateSettings {
    if (customers <= 0) {
      throw new IllegalArgumentException("customers must be > 0 but was " + customers);
    }
    if (cohortEnd.isBefore(cohortStart) || !endDate.isAfter(cohortEnd)) {
      throw new IllegalArgumentException("need cohort-start <= cohort-end < end-date but were "
          + cohortStart + ", " + cohortEnd + ", " + endDate);
    }
    double total = segments.stream().mapToDouble(Segment::share).sum();
    if (segments.isEmpty() || Math.abs(total - 1.0) > 1e-9) {
      throw new IllegalArgumentException("segment shares must add up to 1 but add up to " + total);
    }
    segments = List.copyOf(segments);
  }

  /** Transactions and customers only, no clickstream. */
  public GenerateSettings(String output, int customers, long seed, LocalDate cohortStart,
      LocalDate cohortEnd, LocalDate endDate, List<Segment> segments) {
    this(output, customers, seed, cohortStart, cohortEnd, endDate, segments, Optional.empty());
  }

  static GenerateSettings from(Config g) {
    List<Segment> segments = new ArrayList<>();
    for (Config s : g.getConfigList("segments")) {
      segments.add(new Segment(s.getString("name"), s.getDouble("share"),
          ConfigValues.bgnbdParams(s), s.getDouble("spend-p"), s.getDouble("spend-q"),
          s.getDouble("spend-gamma")));
    }
    LocalDate cohortStart =
        ConfigValues.date(g.getString("cohort-start"), "lapse.generate.cohort-start");
    LocalDate endDate = ConfigValues.date(g.getString("end-date"), "lapse.generate.end-date");
    return new GenerateSettings(g.getString("output"), g.getInt("customers"), g.getLong("seed"),
        cohortStart, ConfigValues.date(g.getString("cohort-end"), "lapse.generate.cohort-end"),
        endDate, segments, clickstream(g.getConfig("clickstream"), cohortStart, endDate));
  }

  private static Optional<ClickstreamSimulator.Spec> clickstream(Config c, LocalDate start,
      LocalDate end) {
    if (c.getInt("users") == 0) {
      return Optional.empty();
    }
    List<ClickstreamSimulator.SegmentProfile> segments = new ArrayList<>();
    int i = 0;
    for (Config s : c.getConfigList("segments")) {
      EngagementSettings.requireOnlyKeys(s, java.util.Set.of("name", "share", "daily-active-rate",
          "mean-lifetime-days", "second-session-rate", "action-rates"),
          "lapse.generate.clickstream.segments[" + i++ + "]");
      Map<String, Double> rates = new TreeMap<>();
      Config r = s.getConfig("action-rates");
      r.root().keySet().forEach(k -> rates.put(k, r.getDouble("\"" + k + "\"")));
      segments.add(new ClickstreamSimulator.SegmentProfile(s.getString("name"),
          s.getDouble("share"), s.getDouble("daily-active-rate"), s.getDouble("mean-lifetime-days"),
          s.getDouble("second-session-rate"), rates));
    }
    return Optional.of(new ClickstreamSimulator.Spec(c.getLong("seed"), c.getInt("users"), start,
        end, c.getInt("cohort-days"), c.getDouble("reach-only-share"),
        c.getDouble("referred-share"), c.getDouble("session-id-share"),
        c.getDouble("passive-event-rate"), segments));
  }
}
