package io.lapse.jobs.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The declared checks of an ingest run, evaluated on its counts. All checks are evaluated and
 * returned together, so one run reports every problem it has.
 */
public final class IngestChecks {

  /** What one ingest run measured. */
  public record Measures(
      long read, long accepted, long quarantined, long windowDays, long daysWithData,
      Map<String, Long> missingByColumn, List<Double> recentAcceptedPerDay) {}

  private final DataQualitySettings settings;

  public IngestChecks(DataQualitySettings settings) {
    this.settings = settings;
  }

  public List<CheckResult> evaluate(Measures m) {
    List<CheckResult> results = new ArrayList<>();
    long inRun = m.accepted() + m.quarantined();
    if (settings.volumeLevel() != CheckLevel.OFF) {
      results.add(volume(m));
    }
    if (settings.quarantineLevel() != CheckLevel.OFF) {
      double rate = inRun == 0 ? 0.0 : (double) m.quarantined() / inRun;
      results.add(bounded("quarantine_rate", settings.quarantineLevel(), rate, "<=",
          settings.quarantineMaxRate(), rate <= settings.quarantineMaxRate(),
          m.quarantined() + " of " + inRun + " records quarantined"));
    }
    if (settings.nullLevel() != CheckLevel.OFF) {
      for (Map.Entry<String, Long> e : m.missingByColumn().entrySet()) {
        double rate = inRun == 0 ? 0.0 : (double) e.getValue() / inRun;
        results.add(bounded("null_rate:" + e.getKey(), settings.nullLevel(), rate, "<=",
            settings.nullMaxRate(), rate <= settings.nullMaxRate(),
            e.getValue() + " of " + inRun + " records lack " + e.getKey()));
      }
    }
    if (settings.coverageLevel() != CheckLevel.OFF) {
      double share = m.windowDays() == 0 ? 1.0 : (double) m.daysWithData() / m.windowDays();
      results.add(bounded("date_coverage", settings.coverageLevel(), share, ">=",
          settings.coverageMinShare(), share >= settings.coverageMinShare(),
          m.daysWithData() + " of " + m.windowDays() + " days in the window have records"));
    }
    return results;
  }

  private CheckResult volume(Measures m) {
    String threshold = String.format(Locale.ROOT, "between %s and %s of the mean of the last %d runs",
        settings.volumeMinRatio(), settings.volumeMaxRatio(), settings.volumeLookbackRuns());
    List<Double> recent = m.recentAcceptedPerDay();
    if (recent.isEmpty() || m.windowDays() == 0) {
      return new CheckResult("row_volume", settings.volumeLevel(), null, threshold, true,
          "row_volume: no earlier runs to compare with");
    }
    double mean = recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double perDay = (double) m.accepted() / m.windowDays();
    double ratio = mean == 0 ? (perDay == 0 ? 1.0 : Double.POSITIVE_INFINITY) : perDay / mean;
    boolean passed = ratio >= settings.volumeMinRatio() && ratio <= settings.volumeMaxRatio();
    return new CheckResult("row_volume", settings.volumeLevel(), ratio, threshold, passed,
        String.format(Locale.ROOT, "row_volume: %.1f accepted records per day is %.3f times the"
            + " mean %.1f of the last %d runs (allowed %s)", perDay, ratio, mean, recent.size(),
            threshold));
  }

  private static CheckResult bounded(String check, CheckLevel level, double value, String op,
      double bound, boolean passed, String detail) {
    String threshold = op + " " + bound;
    return new CheckResult(check, level, value, threshold, passed, String.format(Locale.ROOT,
        "%s: %s (%.4f, allowed %s)", check, detail, value, threshold));
  }
}
