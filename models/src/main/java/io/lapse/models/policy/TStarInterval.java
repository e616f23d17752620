package io.lapse.models.policy;

/**
 * Bootstrap percentile interval of t* (the first rung's time).
 *
 * @param low lower percentile of t* over the replicates that act
 * @param high upper percentile
 * @param level coverage, e.g. 0.9
 * @param replicates number of resamples
 * @param noActionReplicates resamples in which no action paid (left out of the percentiles; a
 *     large share says that acting at all is uncertain)
 */
public record TStarInterval(double low, double high, double level, int replicates,
    int noActionReplicates) {

  public TStarInterval {
    if (!(low <= high)) {
      throw new IllegalArgumentException("t* interval low must be <= high but was [" + low + ", "
          + high + "]");
    }
  }

  public boolean contains(double t) {
    return t >= low && t <= high;
  }
}
