package io.lapse.jobs.config;

import static io.lapse.jobs.config.ConfigValues.date;
import static io.lapse.jobs.config.ConfigValues.nonNegative;
import static io.lapse.jobs.config.ConfigValues.optionalDate;
import static io.lapse.jobs.config.ConfigValues.orZero;
import static io.lapse.jobs.config.ConfigValues.positive;
import static io.lapse.jobs.config.ConfigValues.stringMap;
import static io.lapse.jobs.config.ConfigValues.zone;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.lapse.features.SegmentSpec;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.models.bgnbd.BgNbdBoundary;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.jobs.quality.CheckLevel;
import io.lapse.jobs.quality.DataQualitySettings;
import io.lapse.jobs.quality.OutputCheckSettings;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The whole configuration, loaded once, validated as a whole at start-up, and resolved into one
 * settings object per concern. Defaults live only in reference.conf.
 */
public final class LapseConfig {

  /** Subtrees whose keys are free-form (passed through), so they are not checked against reference. */
  /** Either source may be left out, not both: a run needs some activity to measure. */
  private static final String NO_INPUT = "lapse.input: no input to read; set"
      + " lapse.input.transactions.path (purchases), lapse.input.events.path (an activity log:"
      + " clickstream, logins, ratings) or both";

  private static final List<String> OPEN_PATHS = List.of("lapse.spark.conf",
      "lapse.engagement.disengagement.segment-days", "lapse.policy.reward-preferences.groups");

  public final RunSettings run;
  public final SparkSettings spark;
  public final LakeLayout lake;
  /** Not configured (empty path) in a run that reads events only. */
  public final TransactionSourceSpec transactions;
  public final Optional<CustomersSource> customers;
  public final EngagementSettings engagement;
  public final IngestSettings ingest;
  public final SegmentSpec segments;
  public final long segmentMinCustomers;
  public final FitOptions bgnbd;
  public final BgNbdBoundary bgnbdBoundary;
  public final io.lapse.models.onset.OnsetSpec onset;
  public final boolean onsetEnabled;
  public final boolean paretoNbdEnabled;
  public final PolicySettings policy;
  public final int scoreHorizonDays;
  public final SpendSettings spend;
  public final GenerateSettings generate;
  public final DataQualitySettings dataQuality;
  public final OutputCheckSettings outputChecks;
  public final ReportSettings report;
  public final MaintenanceSettings maintenance;
  /**
   * The settings that differ from reference.conf, with where each came from, for the run's
   * report; values of keys that look secret are masked.
   */
  public final SortedMap<String, String> overrides;

  private LapseConfig(Config c, List<String> problems) {
    Duration lockStaleAfter = attempt(problems,
        () -> Duration.ofMinutes(positive(c.getLong("lapse.run.lock-stale-after-minutes"))),
        "lapse.run.lock-stale-after-minutes");
    this.run = attempt(problems, () -> new RunSettings(
        optionalDate(c, "lapse.run.as-of"),
        zone(c.getString("lapse.run.time-zone"), "lapse.run.time-zone"),
        lockStaleAfter), "lapse.run");
    this.spark = attempt(problems, () -> new SparkSettings(c.getString("lapse.spark.master"),
        c.getString("lapse.spark.app-name"), c.getInt("lapse.spark.shuffle-partitions"),
        stringMap(c.getConfig("lapse.spark.conf"))), "lapse.spark");
    this.lake = attempt(problems, () -> new LakeLayout(c.getString("lapse.lake.root")), "lapse.lake.root");
    this.transactions = attempt(problems, () -> {
      String t = "lapse.input.transactions.";
      return new TransactionSourceSpec(c.getString(t + "format"), c.getString(t + "path"),
          c.getBoolean(t + "csv-header"), c.getString(t + "csv-delimiter"),
          c.getString(t + "columns.customer-id"), c.getString(t + "columns.timestamp"),
          c.getString(t + "columns.amount"), c.getString(t + "columns.order-id"),
          c.getString(t + "timestamp-format"));
    }, "lapse.input.transactions");
    this.customers = attempt(problems, () -> {
      String path = c.getString("lapse.input.customers.path");
      return path.isBlank() ? Optional.<CustomersSource>empty()
          : Optional.of(new CustomersSource(path, c.getString("lapse.input.customers.format")));
    }, "lapse.input.customers");
    this.engagement = attempt(problems, () -> EngagementSettings.from(c), "lapse.engagement");
    Long futureToleranceDays = attempt(problems,
        () -> nonNegative(c.getInt("lapse.ingest.future-tolerance-days")),
        "lapse.ingest.future-tolerance-days");
    this.ingest = attempt(problems, () -> new IngestSettings(
        date(c.getString("lapse.ingest.earliest-date"), "lapse.ingest.earliest-date"),
        (int) orZero(futureToleranceDays)), "lapse.ingest");
    this.segments = attempt(problems, () -> new SegmentSpec(c.getString("lapse.segments.source"),
        c.getString("lapse.segments.customer-column"), c.getIntList("lapse.segments.rfm.recency-cuts-days"),
        c.getIntList("lapse.segments.rfm.frequency-cuts"), c.getDoubleList("lapse.segments.rfm.monetary-cuts")),
        "lapse.segments");
    this.segmentMinCustomers = orZero(attempt(problems,
        () -> positive(c.getLong("lapse.segments.min-customers")), "lapse.segments.min-customers"));
    // The start point is not a setting: the fit runs on the log scale and reaches the same
    // optimum from starts orders of magnitude away (CdnowReferenceTest), so a start changes only
    // the iteration count; a segment without an interior optimum fails the boundary check from
    // any start.
    this.bgnbd = attempt(problems, () -> new FitOptions(
        (int) positive(c.getInt("lapse.models.bgnbd.max-iterations")),
        c.getDouble("lapse.models.bgnbd.gradient-tolerance"), FitOptions.defaults().start()),
        "lapse.models.bgnbd");
    this.bgnbdBoundary = attempt(problems, () -> new BgNbdBoundary(
        c.getDouble("lapse.models.bgnbd.boundary.min-shape"),
        c.getDouble("lapse.models.bgnbd.boundary.max-shape"),
        c.getDouble("lapse.models.bgnbd.boundary.min-alpha-weeks"),
        c.getDouble("lapse.models.bgnbd.boundary.max-alpha-weeks")),
        "lapse.models.bgnbd.boundary");
    this.onset = lake == null || engagement == null || bgnbd == null ? null : attempt(problems,
        () -> OnsetSettings.from(c, lake, engagement, bgnbd), "lapse.models.onset");
    this.onsetEnabled = Boolean.TRUE.equals(attempt(problems,
        () -> c.getBoolean("lapse.models.onset.enabled"), "lapse.models.onset.enabled"));
    this.paretoNbdEnabled = Boolean.TRUE.equals(attempt(problems,
        () -> c.getBoolean("lapse.models.pareto-nbd.enabled"), "lapse.models.pareto-nbd.enabled"));
    this.policy = attempt(problems, () -> PolicySettings.from(c), "lapse.policy");
    this.scoreHorizonDays = (int) orZero(attempt(problems,
        () -> positive(c.getInt("lapse.score.horizon-days")), "lapse.score.horizon-days"));
    var gammaGamma = attempt(problems, () -> SpendSettings.gammaGamma(c),
        "lapse.models.gamma-gamma");
    var customerValue = attempt(problems, () -> SpendSettings.value(c), "lapse.score.clv");
    this.spend = gammaGamma == null || customerValue == null ? null
        : new SpendSettings(gammaGamma, customerValue);
    this.dataQuality = attempt(problems, () -> new DataQualitySettings(
        CheckLevel.parse(c.getString("lapse.data-quality.row-volume.level")),
        c.getDouble("lapse.data-quality.row-volume.min-ratio"),
        c.getDouble("lapse.data-quality.row-volume.max-ratio"),
        c.getInt("lapse.data-quality.row-volume.lookback-runs"),
        CheckLevel.parse(c.getString("lapse.data-quality.quarantine-rate.level")),
        c.getDouble("lapse.data-quality.quarantine-rate.max"),
        CheckLevel.parse(c.getString("lapse.data-quality.null-rate.level")),
        c.getDouble("lapse.data-quality.null-rate.max"),
        CheckLevel.parse(c.getString("lapse.data-quality.date-coverage.level")),
        c.getDouble("lapse.data-quality.date-coverage.min")), "lapse.data-quality");
    this.outputChecks = attempt(problems, () -> OutputCheckSettings.from(c),
        "lapse.data-quality.output");
    this.generate = attempt(problems, () -> GenerateSettings.from(c.getConfig("lapse.generate")),
        "lapse.generate");
    this.maintenance = attempt(problems, () -> new MaintenanceSettings(
        c.getBoolean("lapse.maintenance.in-nightly"), c.getBoolean("lapse.maintenance.optimize"),
        c.getLong("lapse.maintenance.vacuum-retention-hours"),
        c.getLong("lapse.maintenance.log-retention-days")), "lapse.maintenance");
    this.report = lake == null ? null : attempt(problems, () -> ReportSettings.of(
        c.getBoolean("lapse.report.enabled"), c.getInt("lapse.report.history-runs"),
        c.getString("lapse.report.path"), lake), "lapse.report");
    this.overrides = overrides(c);
    if (engagement != null && segments != null
        && engagement.features().disengagement().needsSegments()
        && "rfm".equals(segments.source())) {
      problems.add("lapse.engagement.disengagement.threshold = segment needs segments that do not"
          + " depend on behaviour (lapse.segments.source = all or customer-column) but the source"
          + " is rfm");
    }
    if (transactions != null && engagement != null && !transactions.isConfigured()
        && !engagement.hasEvents()) {
      problems.add(NO_INPUT);
    }
    if (customers != null && segments != null && customers.isEmpty()
        && "customer-column".equals(segments.source())) {
      problems.add("lapse.segments.source = customer-column needs lapse.input.customers.path");
    }
  }

  /**
   * Loads reference.conf, then the optional file, then system properties (-Dlapse.x=y), and
   * validates everything.
   *
   * @param file a config file given on the command line, or null (then -Dconfig.file applies)
   * @throws ConfigValidationException listing every unknown key, wrong type and bad value
   */
  public static LapseConfig load(File file) {
    if (file != null && !file.isFile()) {
      throw new ConfigValidationException(List.of("config file " + file + " does not exist"));
    }
    ConfigFactory.invalidateCaches();
    Config base = ConfigFactory.load();
    Config merged = file == null ? base
        : ConfigFactory.systemProperties()
            .withFallback(ConfigFactory.parseFile(file).resolve())
            .withFallback(base)
            .resolve();
    return from(merged);
  }

  /** Validates an already merged configuration (reference.conf must be among its fallbacks). */
  public static LapseConfig from(Config merged) {
    List<String> problems = new ArrayList<>();
    Config reference = ConfigFactory.defaultReference();
    for (Map.Entry<String, ConfigValue> e : merged.withOnlyPath("lapse").entrySet()) {
      String key = e.getKey();
      // Below an open path, not beside it: lapse.spark.conff { ... } is a typo, not Spark settings.
      if (!reference.hasPathOrNull(key)
          && OPEN_PATHS.stream().noneMatch(open -> key.startsWith(open + "."))) {
        problems.add("unknown key " + key + " (from " + e.getValue().origin().description()
            + "); see reference.conf for the keys lapse reads");
      }
    }
    try {
      merged.checkValid(reference, "lapse");
    } catch (ConfigException.ValidationFailed e) {
      // Missing keys or wrong structure: reading the settings would only repeat these problems.
      e.problems().forEach(p -> problems.add(p.path() + ": " + p.problem()
          + " (from " + p.origin().description() + ")"));
      throw new ConfigValidationException(problems);
    }
    LapseConfig config = new LapseConfig(merged, problems);
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(problems);
    }
    return config;
  }

  private static final Pattern SECRET = Pattern.compile(
      "(?i).*(secret|password|passwd|token|credential|access[.-]?key|account[.-]?key|sas).*");

  private static SortedMap<String, String> overrides(Config c) {
    Config reference = ConfigFactory.defaultReference();
    SortedMap<String, String> differing = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.withOnlyPath("lapse").entrySet()) {
      String key = e.getKey();
      ConfigValue value = e.getValue();
      if (reference.hasPathOrNull(key) && reference.getValue(key).equals(value)) {
        continue;
      }
      String shown = SECRET.matcher(key).matches() ? "***" : value.render(
          ConfigRenderOptions.concise());
      differing.put(key, shown + " (" + value.origin().description() + ")");
    }
    return Collections.unmodifiableSortedMap(differing);
  }

  private static <T> T attempt(List<String> problems, Supplier<T> read, String where) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.add(e.getMessage()); // already names the key and where it was set
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
    }
    return null;
  }
}
