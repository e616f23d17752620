package io.lapse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.lapse.jobs.config.ConfigValidationException;
import io.lapse.jobs.config.LapseConfig;
import io.lapse.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigAndCommandLineTest {

  private static LapseConfig config(Map<String, Object> overrides) {
    return LapseConfig.from(ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void collectsEveryProblemNamingTheKey() {
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.score.horizon-dayz", 30,
        "lapse.spark.shuffle-partitions", "many")));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).startsWith("unknown key lapse.score.horizon-dayz"),
        e.problems().get(0));
    assertTrue(e.problems().get(1).contains("lapse.spark.shuffle-partitions")
        && e.problems().get(1).contains("NUMBER"), e.problems().get(1));
  }

  @Test
  void paretoNbdSwitchIsOffByDefaultAndMustBeABoolean() {
    Map<String, Object> base = Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv");
    assertTrue(!config(base).paretoNbdEnabled);
    Map<String, Object> on = new java.util.HashMap<>(base);
    on.put("lapse.models.pareto-nbd.enabled", true);
    assertTrue(config(on).paretoNbdEnabled);
    Map<String, Object> bad = new java.util.HashMap<>(base);
    bad.put("lapse.models.pareto-nbd.enabled", "sometimes");
    ConfigValidationException e = assertThrows(ConfigValidationException.class,
        () -> config(bad));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).contains("lapse.models.pareto-nbd.enabled")
        && e.problems().get(0).contains("BOOLEAN"), e.problems().get(0));
  }

  @Test
  void foldersLapseWritesIntoCannotClimbOutAndCredentialsInThemAreNotEchoed() {
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.export.path", "s3a://AKIAEXAMPLE:topsecret@bucket/crm/../../other?sig=abc",
        "lapse.report.path", "../reports")));
    assertEquals(java.util.List.of(
        "lapse.policy: lapse.export.path must not contain '..' segments (it would write outside"
            + " the folder it names) but was 's3a://***@bucket/crm/../../other?***'",
        "lapse.report: lapse.report.path must not contain '..' segments (it would write outside"
            + " the folder it names) but was '../reports'"), e.problems());
    assertTrue(!e.getMessage().contains("topsecret") && !e.getMessage().contains("sig=abc"),
        e.getMessage());
  }

  /**
   * Values that used to pass validation and fail only when the run used them (exit 70, no key
   * named), and a typo beside the open Spark settings that used to be dropped silently.
   */
  @Test
  void settingsThatFailedOnlyAtRunTimeAreReportedAtStartUpNamingTheKey() {
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.run.time-zone", "Mars/Olympus_Mons",
        "lapse.input.transactions.csv-delimiter", "",
        "lapse.input.events.csv-delimiter", "",
        "lapse.spark.conff.\"spark.hadoop.fs.s3a.endpoint\"", "http://minio:9000")));
    assertEquals(java.util.List.of(
        "unknown key lapse.spark.conff.\"spark.hadoop.fs.s3a.endpoint\"",
        "lapse.run: lapse.run.time-zone must be a time zone such as UTC, Europe/Paris or +02:00"
            + " but was 'Mars/Olympus_Mons'",
        "lapse.input.transactions: transaction input csv-delimiter must not be empty",
        "lapse.engagement: event input csv-delimiter must not be empty"),
        e.problems().stream().map(p -> p.replaceAll(" \\(from .*", "")).toList());
    // The Spark settings themselves stay open.
    LapseConfig ok = config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.run.time-zone", "+02:00",
        "lapse.spark.conf.\"spark.hadoop.fs.s3a.endpoint\"", "http://minio:9000"));
    assertEquals("http://minio:9000", ok.spark.conf().get("spark.hadoop.fs.s3a.endpoint"));
    assertEquals(java.time.ZoneOffset.ofHours(2), ok.run.timeZone());
  }

  @Test
  void badValuesAreReportedTogether() {
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.input.transactions.format", "xlsx",
        "lapse.score.horizon-days", 0,
        "lapse.segments.source", "customer-column",
        "lapse.segments.customer-column", "channel")));
    assertEquals(java.util.List.of(
        "lapse.lake.root: lake root must be set but was empty",
        "lapse.input.transactions: transaction input format must be one of [csv, json, parquet,"
            + " delta, cdnow-master, cdnow-sample] but was 'xlsx'",
        "lapse.score.horizon-days: must be > 0 but was 0"),
        e.problems().subList(0, 3));
    assertEquals(4, e.problems().size(), e.getMessage());
  }

  @Test
  void bgnbdBoundsAreReadAndABadRangeIsReportedNamingTheKey() {
    LapseConfig c = config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.bgnbd.boundary.max-shape", 500));
    assertEquals(new io.lapse.models.bgnbd.BgNbdBoundary(1e-3, 500, 1e-3, 1e5), c.bgnbdBoundary);
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.bgnbd.boundary.min-alpha-weeks", -1)));
    assertEquals(java.util.List.of("lapse.models.bgnbd.boundary: min-alpha-weeks must be > 0 and"
        + " finite but was -1.0"), e.problems());
  }

  @Test
  void spendSettingsAreReadAndABadCorrelationThresholdIsReportedNamingTheKey() {
    LapseConfig c = config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.gamma-gamma.max-abs-correlation", 0.5,
        "lapse.score.clv.annual-discount-rate", 0.0));
    assertEquals(0.5, c.spend.gammaGamma().maxAbsCorrelation());
    assertEquals(100, c.spend.gammaGamma().minRepeatCustomers());
    assertEquals(365, c.spend.value().horizonDays());
    assertEquals(0.0, c.spend.value().annualDiscountRate());
    LapseConfig clv = config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv", "lapse.policy.value-source", "clv"));
    assertTrue(clv.policy.valueFromClv());
    assertFalse(clv.policy.valueFromModels());
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.gamma-gamma.max-abs-correlation", 1.5)));
    assertEquals(java.util.List.of("lapse.models.gamma-gamma: max-abs-correlation must be in"
        + " (0, 1] but was 1.5"), e.problems());
  }

  @Test
  void parallelFitsAreReadAndZeroIsRefusedNamingTheKey() {
    assertEquals(3, config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.onset.parallel-fits", 3)).onset.parallelFits());
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
        "lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv",
        "lapse.models.onset.parallel-fits", 0)));
    assertEquals(java.util.List.of("lapse.models.onset: parallel-fits must be >= 1 but was 0"), e.problems());
  }

  @Test
  void experimentAndWinBackProblemsNameTheirKeys() {
    Map<String, Object> base = Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.transactions.path", "/tmp/in.csv");
    java.util.Map<String, Object> bad = new java.util.HashMap<>(base);
    bad.put("lapse.policy.experiment.control-share", 1.5);
    assertEquals(java.util.List.of("lapse.policy: lapse.policy.experiment: policy experiment"
        + " control-share must be in [0, 1) but was 1.5"),
        assertThrows(ConfigValidationException.class, () -> config(bad)).problems());
    java.util.Map<String, Object> clash = new java.util.HashMap<>(base);
    clash.put("lapse.policy.win-back.action", "coupon");
    assertEquals(java.util.List.of("lapse.policy: lapse.policy.win-back.action must differ from"
        + " the ladder's actions but 'coupon' is one of them"),
        assertThrows(ConfigValidationException.class, () -> config(clash)).problems());
    java.util.Map<String, Object> width = new java.util.HashMap<>(base);
    width.put("lapse.policy.latency.bucket-width", 0);
    assertEquals(java.util.List.of("lapse.policy: policy latency bucket-width must be > 0 but"
        + " was 0.0"),
        assertThrows(ConfigValidationException.class, () -> config(width)).problems());
    java.util.Map<String, Object> kinds = new java.util.HashMap<>(base);
    kinds.put("lapse.policy.reward-preferences.default-kinds", java.util.List.of("gift"));
    assertEquals(java.util.List.of("lapse.policy: lapse.policy.reward-preferences default-kinds"
        + " [gift] match no action's reward-kind (kinds: [experiential, material, none,"
        + " reputational])"),
        assertThrows(ConfigValidationException.class, () -> config(kinds)).problems());
    java.util.Map<String, Object> ownGroup = new java.util.HashMap<>(base);
    ownGroup.put("lapse.policy.reward-preferences.groups.helper",
        java.util.List.of("experiential"));
    assertEquals(java.util.List.of("experiential"),
        config(ownGroup).policy.rewards().kindsByGroup().get("helper"),
        "groups are free-form keys");
    java.util.Map<String, Object> off = new java.util.HashMap<>(base);
    off.put("lapse.policy.win-back.action", "");
    assertTrue(config(off).policy.winBack().isEmpty());
  }

  @Test
  void eitherInputMayBeLeftOutButNotBothAndThenBothKeysAreNamed() throws Exception {
    assertEquals(java.util.List.of("lapse.input: no input to read; set"
        + " lapse.input.transactions.path (purchases), lapse.input.events.path (an activity log:"
        + " clickstream, logins, ratings) or both"),
        assertThrows(ConfigValidationException.class,
            () -> config(Map.of("lapse.lake.root", "/tmp/x"))).problems());
    LapseConfig eventsOnly = config(Map.of("lapse.lake.root", "/tmp/x",
        "lapse.input.events.path", "/tmp/logins.csv"));
    assertTrue(!eventsOnly.transactions.isConfigured() && eventsOnly.engagement.hasEvents());
    Path neither = TestSpark.tempDir("conf").resolve("neither.conf");
    Files.writeString(neither, "lapse.lake.root = /tmp/x\n");
    assertEquals(ExitCode.CONFIG_ERROR, Lapse.run("nightly", "--config", neither.toString()));
  }

  @Test
  void theEmbeddedDefaultConfigIsValid() {
    LapseConfig c = LapseConfig.from(ConfigFactory.parseFile(
            Path.of("..", "conf", "local.conf").toFile())
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertEquals(LocalDate.parse("2025-06-30"), c.run.asOf().orElseThrow());
    assertEquals("channel", c.segments.customerColumn());
  }

  @Test
  void secretsComeFromTheEnvironmentOnly() {
    LapseConfig c = LapseConfig.from(ConfigFactory.parseString(
            "lapse.lake.root = /tmp/x\n"
                + "lapse.input.transactions.path = /tmp/in.csv\n"
                + "lapse.spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = ${?LAPSE_TEST_UNSET_SECRET} }")
        .withFallback(ConfigFactory.defaultReference()).resolve());
    assertTrue(c.spark.conf().isEmpty(), "an unset environment variable leaves the key out");
  }

  @Test
  void exitCodesTellASchedulerWhatWentWrong() throws Exception {
    assertEquals(ExitCode.USAGE, Lapse.run());
    assertEquals(ExitCode.USAGE, Lapse.run("explode"));
    assertEquals(ExitCode.USAGE, Lapse.run("nightly", "--as-of", "yesterday"));
    Path bad = TestSpark.tempDir("conf").resolve("bad.conf");
    Files.writeString(bad, "lapse.lake.rooot = /tmp\n");
    assertEquals(ExitCode.CONFIG_ERROR, Lapse.run("nightly", "--config", bad.toString()));
    assertEquals(ExitCode.CONFIG_ERROR,
        Lapse.run("nightly", "--config", bad.resolveSibling("missing.conf").toString()));
    Path noInput = TestSpark.tempDir("conf").resolve("noinput.conf");
    Path lake = TestSpark.tempDir("exit-lake");
    Path csv = lake.resolve("in.csv");
    Files.writeString(csv, "who,when,amount\nc1,2024-01-01,1\n");
    Files.writeString(noInput, "lapse.lake.root = \"" + lake + "\"\n"
        + "lapse.spark.master = \"local[2]\"\n"
        + "lapse.input.transactions.path = \"" + csv + "\"\n");
    assertEquals(ExitCode.INPUT_ERROR, Lapse.run("nightly", "--as-of", "2024-01-31",
        "--config", noInput.toString()));
    Files.delete(csv);
    assertEquals(ExitCode.INPUT_ERROR, Lapse.run("ingest", "--as-of", "2024-01-31",
        "--config", noInput.toString()));
  }

  @Test
  void commandLineParsing() {
    CommandLine cli = CommandLine.parse("train", "--as-of", "2024-05-01", "--config", "x.conf");
    assertEquals("train", cli.job());
    assertEquals(LocalDate.parse("2024-05-01"), cli.asOf().orElseThrow());
    UsageException e = assertThrows(UsageException.class,
        () -> CommandLine.parse("score", "--as-of"));
    assertEquals("option --as-of needs a value; " + CommandLine.USAGE, e.getMessage());
  }
}
