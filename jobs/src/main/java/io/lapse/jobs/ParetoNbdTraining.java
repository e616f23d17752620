package io.lapse.jobs;

import io.lapse.jobs.config.LapseConfig;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.paretonbd.ParetoNbdFitOptions;
import io.lapse.models.training.ParetoNbdSegmentTrainer;
import io.lapse.models.training.SegmentModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The train job's Pareto/NBD step: per segment, on the statistics grouped for BG/NBD (no second
 * pass over the customers), with BG/NBD's limits, when lapse.models.pareto-nbd.enabled.
 */
final class ParetoNbdTraining {

  private ParetoNbdTraining() {}

  static List<SegmentModel> fit(LapseConfig config, Map<String, SufficientStatistics> stats,
      LocalDate asOf) {
    if (!config.paretoNbdEnabled) {
      return List.of();
    }
    return new ParetoNbdSegmentTrainer(ParetoNbdFitOptions.of(config.bgnbd),
        config.bgnbdBoundary, config.segmentMinCustomers).fit(stats, asOf);
  }
}
