package io.lapse.models.onset;

import io.lapse.features.engagement.LabelSpec;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.classification.BaselineSpec;
import io.lapse.models.classification.ClassifierSpec;
import io.lapse.models.evaluation.BinaryEvaluationSpec;
import io.lapse.models.evaluation.ConcordanceSpec;
import io.lapse.models.registry.ChampionPolicy;
import io.lapse.models.survival.SurvivalSpec;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything the dis-engagement onset models are trained, evaluated and scored with.
 *
 * @param classifier the per-segment classifiers of "dis-engagement begins within H days"
 * @param baselines the columns of the baselines every model is compared with
 * @param survival the per-segment Weibull AFT models of the time to onset
 * @param evaluation label and segment columns, calibration bins and top fraction
 * @param concordance columns of Harrell's C
 * @param classifierPolicy when a new classifier replaces the champion
 * @param survivalPolicy when a new survival model replaces the champion
 * @param artifactRoot where pipeline models are saved
 * @param kaplanMeierThresholdDays the fixed dis-engagement threshold T the Kaplan-Meier baseline
 *     needs (empty when the threshold is per segment or per customer: no Kaplan-Meier baseline)
 * @param bgnbd fit options of the BG/NBD models that give p_alive and expected transactions at
 *     each snapshot
 * @param riskTierCuts ascending cut points of P(dis-engage within H): tiers low, medium, high...
 * @param riskTiers the tier names, one more than the cuts
 * @param label the question the classifiers' label answers
 * @param parallelFits how many model fits (segments, candidates) run at once
 */
public record OnsetSpec(
    ClassifierSpec classifier,
    BaselineSpec baselines,
    SurvivalSpec survival,
    BinaryEvaluationSpec evaluation,
    ConcordanceSpec concordance,
    ChampionPolicy classifierPolicy,
    ChampionPolicy survivalPolicy,
    String artifactRoot,
    OptionalInt kaplanMeierThresholdDays,
    FitOptions bgnbd,
    List<Double> riskTierCuts,
    List<String> riskTiers,
    LabelSpec label,
    int parallelFits) {

  public OnsetSpec {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(survival, "survival");
    Objects.requireNonNull(label, "label");
    if (parallelFits < 1) {
      throw new IllegalArgumentException("parallel fits must be >= 1 but was " + parallelFits);
    }
    if (classifier.horizonDays() != survival.horizonDays()) {
      throw new IllegalArgumentException("classifier and survival horizons must agree but were "
          + classifier.horizonDays() + " and " + survival.horizonDays());
    }
    riskTierCuts = List.copyOf(riskTierCuts);
    riskTiers = List.copyOf(riskTiers);
    for (int i = 0; i < riskTierCuts.size(); i++) {
      double c = riskTierCuts.get(i);
      if (!(c > 0 && c < 1) || (i > 0 && c <= riskTierCuts.get(i - 1))) {
        throw new IllegalArgumentException("risk tier cuts must be strictly ascending in (0, 1)"
            + " but were " + riskTierCuts);
      }
    }
    if (riskTiers.size() != riskTierCuts.size() + 1) {
      throw new IllegalArgumentException("risk tiers must name one tier more than there are cuts"
          + " (" + riskTierCuts.size() + ") but were " + riskTiers);
    }
  }

  public int horizonDays() {
    return classifier.horizonDays();
  }
}
