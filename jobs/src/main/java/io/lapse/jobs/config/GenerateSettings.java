package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.models.bgnbd.BgNbdParams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** lapse.generate: the synthetic data set the generate job writes. */
public record GenerateSettings(
    String output,
    int customers,
    long seed,
    LocalDate cohortStart,
    LocalDate cohortEnd,
    LocalDate endDate,
    List<Segment> segments) {

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

  static GenerateSettings from(Config g) {
    List<Segment> segments = new ArrayList<>();
    for (Config s : g.getConfigList("segments")) {
      segments.add(new Segment(s.getString("name"), s.getDouble("share"),
          LapseConfig.bgnbdParams(s), s.getDouble("spend-p"), s.getDouble("spend-q"),
          s.getDouble("spend-gamma")));
    }
    return new GenerateSettings(g.getString("output"), g.getInt("customers"), g.getLong("seed"),
        LapseConfig.date(g.getString("cohort-start"), "lapse.generate.cohort-start"),
        LapseConfig.date(g.getString("cohort-end"), "lapse.generate.cohort-end"),
        LapseConfig.date(g.getString("end-date"), "lapse.generate.end-date"), segments);
  }
}
