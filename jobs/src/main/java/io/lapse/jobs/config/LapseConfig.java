package io.lapse.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.lapse.features.SegmentSpec;
import io.lapse.features.input.TransactionSourceSpec;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.FitOptions;
import java.io.File;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The whole configuration, loaded once, validated as a whole at start-up, and resolved into one
 * settings object per concern. Defaults live only in reference.conf.
 */
public final class LapseConfig {

  /** Subtrees whose keys are free-form (passed through), so they are not checked against reference. */
  private static final List<String> OPEN_PATHS = List.of("lapse.spark.conf");

  public final RunSettings run;
  public final SparkSettings spark;
  public final LakeLayout lake;
  public final TransactionSourceSpec transactions;
  public final Optional<CustomersSource> customers;
  public final LocalDate ingestEarliestDate;
  public final SegmentSpec segments;
  public final long segmentMinCustomers;
  public final FitOptions bgnbd;
  public final int scoreHorizonDays;
  public final GenerateSettings generate;

  private LapseConfig(Config c, List<String> problems) {
    Config l = c.getConfig("lapse");
    this.run = attempt(problems, () -> new RunSettings(
        optionalDate(l, "run.as-of"), ZoneId.of(l.getString("run.time-zone"))), "lapse.run");
    this.spark = attempt(problems, () -> new SparkSettings(l.getString("spark.master"),
        l.getString("spark.app-name"), l.getInt("spark.shuffle-partitions"),
        stringMap(l.getConfig("spark.conf"))), "lapse.spark");
    this.lake = attempt(problems, () -> new LakeLayout(l.getString("lake.root")), "lapse.lake.root");
    this.transactions = attempt(problems, () -> {
      Config t = l.getConfig("input.transactions");
      return new TransactionSourceSpec(t.getString("format"), t.getString("path"),
          t.getBoolean("csv-header"), t.getString("csv-delimiter"),
          t.getString("columns.customer-id"), t.getString("columns.timestamp"),
          t.getString("columns.amount"), t.getString("columns.order-id"),
          t.getString("timestamp-format"));
    }, "lapse.input.transactions");
    this.customers = attempt(problems, () -> {
      String path = l.getString("input.customers.path");
      return path.isBlank() ? Optional.<CustomersSource>empty()
          : Optional.of(new CustomersSource(path, l.getString("input.customers.format")));
    }, "lapse.input.customers");
    this.ingestEarliestDate = attempt(problems,
        () -> date(l.getString("ingest.earliest-date"), "lapse.ingest.earliest-date"),
        "lapse.ingest.earliest-date");
    this.segments = attempt(problems, () -> new SegmentSpec(l.getString("segments.source"),
        l.getString("segments.customer-column"), l.getIntList("segments.rfm.recency-cuts-days"),
        l.getIntList("segments.rfm.frequency-cuts"), l.getDoubleList("segments.rfm.monetary-cuts")),
        "lapse.segments");
    this.segmentMinCustomers = attempt(problems,
        () -> positive(l.getLong("segments.min-customers"), "lapse.segments.min-customers"),
        "lapse.segments.min-customers");
    this.bgnbd = attempt(problems, () -> new FitOptions(
        (int) positive(l.getInt("models.bgnbd.max-iterations"), "lapse.models.bgnbd.max-iterations"),
        l.getDouble("models.bgnbd.gradient-tolerance"), FitOptions.defaults().start()),
        "lapse.models.bgnbd");
    this.scoreHorizonDays = attempt(problems,
        () -> (int) positive(l.getInt("score.horizon-days"), "lapse.score.horizon-days"),
        "lapse.score.horizon-days");
    this.generate = attempt(problems, () -> GenerateSettings.from(l.getConfig("generate")),
        "lapse.generate");
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
      if (!reference.hasPathOrNull(key) && OPEN_PATHS.stream().noneMatch(key::startsWith)) {
        problems.add("unknown key " + key + " (from " + e.getValue().origin().description()
            + "); see reference.conf for the keys lapse reads");
      }
    }
    try {
      merged.checkValid(reference, "lapse");
    } catch (ConfigException.ValidationFailed e) {
      e.problems().forEach(p -> problems.add(p.path() + ": " + p.problem()
          + " (from " + p.origin().description() + ")"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(problems);
    }
    LapseConfig config = new LapseConfig(merged, problems);
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(problems);
    }
    return config;
  }

  private static <T> T attempt(List<String> problems, Supplier<T> read, String where) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
    }
    return null;
  }

  private static Optional<LocalDate> optionalDate(Config c, String key) {
    String v = c.getString(key);
    return v.isBlank() ? Optional.empty() : Optional.of(date(v, "lapse." + key));
  }

  static LocalDate date(String value, String key) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be a date YYYY-MM-DD but was '" + value + "'");
    }
  }

  private static long positive(long value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be > 0 but was " + value);
    }
    return value;
  }

  private static Map<String, String> stringMap(Config c) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      ConfigValueType t = e.getValue().valueType();
      if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
        throw new IllegalArgumentException("lapse.spark.conf." + e.getKey()
            + " must be a plain value but was a " + t.name().toLowerCase());
      }
      out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** BG/NBD parameters read from a config object with keys r, alpha, a, b. */
  static BgNbdParams bgnbdParams(Config c) {
    return new BgNbdParams(c.getDouble("r"), c.getDouble("alpha"), c.getDouble("a"),
        c.getDouble("b"));
  }
}
