package io.lapse.benchmarks;

import io.lapse.models.evaluation.CalibrationBin;
import java.util.List;

/** Calibration error of a probability score from its quantile bins. */
public final class Calibration {

  private Calibration() {}

  /**
   * Mean over the bins of |mean predicted - observed rate|, each bin counting once whatever its
   * size. lapse's evaluator puts tied scores in one bin, so a coarse score can have fewer than ten
   * (non-empty) deciles; the mean is over the bins that exist.
   *
   * @return NaN when there is no bin
   */
  public static double error(List<CalibrationBin> bins) {
    if (bins.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (CalibrationBin b : bins) {
      sum += Math.abs(b.meanPredicted() - b.observedRate());
    }
    return sum / bins.size();
  }
}
