package io.lapse.jobs.config;

import com.typesafe.config.Config;
import io.lapse.features.engagement.DisengagementLabels;
import io.lapse.features.engagement.DisengagementSpec;
import io.lapse.features.engagement.EngagementFeatures;
import io.lapse.features.engagement.LabelSpec;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.classification.BaselineSpec;
import io.lapse.models.classification.CandidateGrid;
import io.lapse.models.classification.ClassifierSpec;
import io.lapse.models.classification.FeatureTransforms;
import io.lapse.models.classification.FallbackSpec;
import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.ConcordanceSpec;
import io.lapse.models.onset.OnsetInputs;
import io.lapse.models.onset.OnsetSpec;
import io.lapse.models.registry.ChampionPolicy;
import io.lapse.models.survival.SurvivalSpec;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** lapse.models.onset and lapse.score's risk tiers resolved into the onset models' spec. */
final class OnsetSettings {

  private OnsetSettings() {}

  private static boolean calibration(Config o) {
    String c = o.getString("calibration");
    if (!c.equals("platt") && !c.equals("none")) {
      throw new IllegalArgumentException("lapse.models.onset.calibration must be platt or none but"
          + " was '" + c + "'");
    }
    return c.equals("platt");
  }

  private static int parallelFits(Config o) {
    int n = o.getInt("parallel-fits");
    if (n < 1) {
      throw new IllegalArgumentException("parallel-fits must be >= 1 but was "
          + n);
    }
    return n;
  }

  static OnsetSpec from(Config c, LakeLayout lake, EngagementSettings engagement,
      FitOptions bgnbd) {
    Config o = c.getConfig("lapse.models.onset");
    int horizon = engagement.training().horizonDays();
    String snapshot = EngagementFeatures.AS_OF_DATE;
    String segment = Segmenter.SEGMENT;
    Map<String, String> parents = new TreeMap<>();
    Config p = o.getConfig("fallback.parents");
    p.root().keySet().forEach(k -> parents.put(k, p.getString("\"" + k + "\"")));
    FallbackSpec fallback = new FallbackSpec(o.getLong("fallback.min-rows"),
        o.getLong("fallback.min-class-rows"), parents);
    CandidateGrid grid = new CandidateGrid(o.getDoubleList("logistic.reg-params"),
        o.getDouble("logistic.elastic-net"), o.getInt("logistic.max-iter"),
        o.getIntList("gbt.max-depths"), o.getInt("gbt.max-iter"), o.getDouble("gbt.step-size"));
    String metric = o.getString("selection-metric");
    int validationSnapshots = o.getInt("validation-snapshots");
    if (validationSnapshots >= engagement.training().snapshotCount()) {
      throw new IllegalArgumentException("validation-snapshots " + validationSnapshots
          + " must be fewer than lapse.engagement.training.snapshot-count "
          + engagement.training().snapshotCount() + " (some snapshots must train)");
    }
    FeatureTransforms transforms = new FeatureTransforms(o.getStringList("transforms.log1p"),
        o.getStringList("transforms.logit"));
    ClassifierSpec classifier = new ClassifierSpec(o.getStringList("features"),
        DisengagementLabels.LABEL, snapshot, segment, horizon, validationSnapshots,
        grid, metric, o.getLong("seed"), fallback, transforms, calibration(o),
        o.getDouble("selection-standard-errors"));
    DisengagementSpec rule = engagement.features().disengagement();
    boolean fixed = rule.threshold().equals(DisengagementSpec.FIXED);
    boolean kaplanMeier = fixed
        || engagement.label().definition() == LabelSpec.Definition.NO_ENGAGEMENT;
    BaselineSpec baselines = new BaselineSpec(EngagementFeatures.ENGAGEMENT_RECENCY_DAYS,
        EngagementFeatures.ENGAGEMENT_LATENCY_DAYS, OnsetInputs.EXPECTED_TRANSACTIONS,
        OnsetInputs.PROB_NO_TRANSACTION, kaplanMeier ? OnsetInputs.KM_P_DISENGAGE : "");
    SurvivalSpec survival = new SurvivalSpec(o.getStringList("features"),
        DisengagementLabels.DURATION_DAYS, DisengagementLabels.EVENT, segment, snapshot, horizon,
        o.getInt("survival.max-iter"), o.getDouble("survival.tol"), fallback);
    BinaryEvaluationSpec evaluation = new BinaryEvaluationSpec(DisengagementLabels.LABEL, segment,
        o.getInt("evaluation.calibration-bins"), o.getDouble("evaluation.top-fraction"));
    ConcordanceSpec concordance = new ConcordanceSpec(DisengagementLabels.DURATION_DAYS,
        DisengagementLabels.EVENT, segment, o.getInt("evaluation.concordance-max-rows-per-segment"),
        o.getLong("seed"));
    double tolerance = o.getDouble("champion-tolerance");
    String root = o.getString("artifact-root");
    return new OnsetSpec(classifier, baselines, survival, evaluation, concordance,
        new ChampionPolicy("validation_" + metric, true, tolerance),
        new ChampionPolicy("validation_c_index", true, tolerance),
        root.isBlank() ? lake.artifacts() : root,
        fixed ? OptionalInt.of(rule.fixedDays()) : OptionalInt.empty(), bgnbd,
        c.getDoubleList("lapse.score.risk-tier-cuts"), c.getStringList("lapse.score.risk-tiers"),
        engagement.label(), parallelFits(o));
  }
}
