package io.lapse.models.policy;

/**
 * The bootstrap confidence interval of t*.
 *
 * @param replicates number of resamples of the segment's inactivity spells; 0 switches the
 *     interval off
 * @param level coverage of the percentile interval, e.g. 0.9 for the 5% and 95% percentiles
 * @param seed seed of the resampling, so that a rerun gives the same interval
 */
public record BootstrapSpec(int replicates, double level, long seed) {

  public BootstrapSpec {
    if (replicates < 0) {
      throw new IllegalArgumentException("policy bootstrap replicates must be >= 0 but was "
          + replicates);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("policy bootstrap level must be in (0, 1) but was "
          + level);
    }
  }

  /** 200 replicates, 90% interval, seed 42. */
  public static BootstrapSpec defaults() {
    return new BootstrapSpec(200, 0.9, 42L);
  }
}
