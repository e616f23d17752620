package io.lapse.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.lapse.features.engagement.CommunityRoleSpec;
import io.lapse.features.engagement.DisengagementSpec;
import io.lapse.features.engagement.EngagementFeatureSpec;
import io.lapse.features.engagement.EngagementProfile;
import io.lapse.features.engagement.EventColumns;
import io.lapse.features.engagement.EventSourceSpec;
import io.lapse.features.engagement.LabelSpec;
import io.lapse.features.engagement.SessionSpec;
import io.lapse.features.engagement.TrainingSpec;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.classification.CandidateGrid;
import io.lapse.models.classification.ClassifierSpec;
import io.lapse.models.classification.FallbackSpec;
import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.ConcordanceSpec;
import io.lapse.models.onset.OnsetSpec;
import io.lapse.models.policy.BootstrapSpec;
import io.lapse.models.policy.CampaignUpliftSpec;
import io.lapse.models.policy.ExperimentSpec;
import io.lapse.models.policy.PolicySpec;
import io.lapse.models.policy.RewardPreferences;
import io.lapse.models.registry.ChampionPolicy;
import io.lapse.models.survival.SurvivalSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * conf/reference.conf is the one documented source of defaults; the {@code defaults()} factories
 * of the specs must say the same, or code that builds a spec without the configuration (tests,
 * backtests, library use) quietly runs with other settings than the jobs. Each spec is resolved
 * from reference.conf by {@link LapseConfig}, as the jobs resolve it, and compared with its
 * {@code defaults()}.
 *
 * <p>Where the job sets fields itself (names of columns of the tables it reads), the expected
 * spec is {@code defaults()} with exactly those fields taken from the configured one, so every
 * other field, including one added later, is still compared. No Spark.
 *
 * <p>Not compared, having no twin: BaselineSpec (every field is a column the job names),
 * BgNbdCohort.Spec (the benchmarks' simulated cohort) and lapse.generate, which has no
 * {@code defaults()} (the tests' clickstream is their own ClickstreamScenario).
 */
class SpecDefaultsTest {

  /**
   * conf/reference.conf, plus the two keys it deliberately leaves empty (every deployment has its
   * own lake and input; without them the configuration is invalid). The file comes first so that
   * no -Dlapse.* system property of the test JVM replaces a default; the class path's reference,
   * which LapseConfig validates against, only supplies those system properties (the build sets
   * -Dlapse.data.dir).
   */
  private static final LapseConfig REFERENCE = LapseConfig.from(ConfigFactory.parseMap(Map.of(
          "lapse.lake.root", "/nonexistent/lake",
          "lapse.input.transactions.path", "/nonexistent/transactions.csv"))
      .withFallback(ConfigFactory.parseFile(Path.of("..", "conf", "reference.conf").toFile()))
      .withFallback(ConfigFactory.defaultReference())
      .resolve());

  @Test
  void engagementSpecs() {
    EngagementSettings e = REFERENCE.engagement;
    assertEquals(EventColumns.defaults(), e.events().columns());
    assertEquals(EventSourceSpec.defaults(), e.events());
    assertEquals(SessionSpec.defaults(), e.sessions());
    assertEquals(TrainingSpec.defaults(), e.training());
    assertEquals(LabelSpec.defaults(), e.label());
    assertEquals(EngagementProfile.defaults(), e.features().profile());
    assertEquals(CommunityRoleSpec.defaults(), e.features().roles());
    assertEquals(DisengagementSpec.defaults(), e.features().disengagement());
    assertEquals(EngagementFeatureSpec.defaults(), e.features());
  }

  @Test
  void bgnbdFitOptions() {
    assertEquals(FitOptions.defaults(), REFERENCE.bgnbd);
  }

  @Test
  void paretoNbdIsOffByDefaultAndFitsWithBgNbdsLimits() {
    org.junit.jupiter.api.Assertions.assertFalse(REFERENCE.paretoNbdEnabled);
    assertEquals(io.lapse.models.paretonbd.ParetoNbdFitOptions.defaults(),
        io.lapse.models.paretonbd.ParetoNbdFitOptions.of(REFERENCE.bgnbd));
  }

  @Test
  void onsetClassifier() {
    ClassifierSpec configured = REFERENCE.onset.classifier();
    ClassifierSpec d = ClassifierSpec.defaults();
    assertEquals(FallbackSpec.defaults(), configured.fallback());
    assertEquals(CandidateGrid.defaults(), configured.grid());
    // The job's: the label, snapshot and segment columns of training_examples. Feature columns
    // and their transforms name columns of the table read too: defaults() lists the transaction
    // features of CustomerFeatures (models' own backtest and tests), lapse.models.onset.features
    // those of the jobs' training_examples, so the job's list has no second copy in code.
    ClassifierSpec expected = new ClassifierSpec(configured.featureColumns(),
        configured.labelColumn(), configured.snapshotColumn(), configured.segmentColumn(),
        d.horizonDays(), d.validationSnapshots(), d.grid(), d.selectionMetric(), d.seed(),
        d.fallback(), configured.transforms(), d.calibrate(), d.selectionStandardErrors());
    assertEquals(expected, configured);
  }

  @Test
  void onsetSurvival() {
    SurvivalSpec configured = REFERENCE.onset.survival();
    SurvivalSpec d = SurvivalSpec.defaults();
    // The job's: the feature, duration, event, segment and snapshot columns (as above).
    SurvivalSpec expected = new SurvivalSpec(configured.featureColumns(),
        configured.durationColumn(), configured.eventColumn(), configured.segmentColumn(),
        configured.snapshotColumn(), d.horizonDays(), d.maxIter(), d.tol(), d.fallback());
    assertEquals(expected, configured);
  }

  @Test
  void onsetEvaluationAndChampions() {
    OnsetSpec onset = REFERENCE.onset;
    BinaryEvaluationSpec evaluation = BinaryEvaluationSpec.defaults();
    // The job's: the label and segment columns.
    assertEquals(new BinaryEvaluationSpec(onset.evaluation().labelColumn(),
        onset.evaluation().segmentColumn(), evaluation.calibrationBins(),
        evaluation.topFraction()), onset.evaluation());
    ConcordanceSpec concordance = ConcordanceSpec.defaults();
    // The job's: the time, event and segment columns.
    assertEquals(new ConcordanceSpec(onset.concordance().timeColumn(),
        onset.concordance().eventColumn(), onset.concordance().segmentColumn(),
        concordance.maxRowsPerSegment(), concordance.sampleSeed()), onset.concordance());
    assertEquals(ChampionPolicy.defaults(), onset.classifierPolicy());
  }

  @Test
  void policy() {
    PolicySpec configured = REFERENCE.policy.spec();
    assertEquals(CampaignUpliftSpec.defaults(), configured.campaignHistory());
    assertEquals(BootstrapSpec.defaults(), configured.bootstrap());
    assertEquals(PolicySpec.defaults(), configured);
    assertEquals(ExperimentSpec.defaults(), REFERENCE.policy.experiment());
    assertEquals(RewardPreferences.defaults(), REFERENCE.policy.rewards());
  }
}
