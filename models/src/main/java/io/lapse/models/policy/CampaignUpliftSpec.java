package io.lapse.models.policy;

/**
 * How campaign history is turned into observed uplift.
 *
 * @param bucketDays width of the inactivity buckets: bucket b holds contacts made after
 *     [b * width, (b + 1) * width) days without an engaged day
 * @param responseWindowDays a contacted customer responded when they have an engaged day within
 *     this many days from the contact day (the contact day counts as the first); contacts whose
 *     window has not ended by the as-of date are left out
 * @param minContactsPerGroup a bucket replaces the prior only when it has at least this many
 *     treated and this many control contacts; smaller buckets do not enter the smoothing either
 * @param latencyBucketWidth width of the buckets of the policies timed in latency units, in
 *     multiples of the customer's latency
 */
public record CampaignUpliftSpec(int bucketDays, int responseWindowDays, long minContactsPerGroup,
    double latencyBucketWidth) {

  /** Latency buckets half a latency wide. */
  public CampaignUpliftSpec(int bucketDays, int responseWindowDays, long minContactsPerGroup) {
    this(bucketDays, responseWindowDays, minContactsPerGroup, 0.5);
  }

  public CampaignUpliftSpec {
    if (bucketDays < 1) {
      throw new IllegalArgumentException("campaign history bucket-days must be >= 1 but was "
          + bucketDays);
    }
    if (responseWindowDays < 1) {
      throw new IllegalArgumentException(
          "campaign history response-window-days must be >= 1 but was " + responseWindowDays);
    }
    if (minContactsPerGroup < 1) {
      throw new IllegalArgumentException(
          "campaign history min-contacts-per-group must be >= 1 but was " + minContactsPerGroup);
    }
    if (!(latencyBucketWidth > 0) || Double.isInfinite(latencyBucketWidth)) {
      throw new IllegalArgumentException(
          "policy latency bucket-width must be > 0 but was " + latencyBucketWidth);
    }
  }

  /** The bucket width in the unit: days, or latencies. */
  public double bucketWidth(TimingUnit unit) {
    return unit == TimingUnit.DAYS ? bucketDays : latencyBucketWidth;
  }

  /** Buckets of 7 days (half a latency), a 14-day response window, 200 contacts per group. */
  public static CampaignUpliftSpec defaults() {
    return new CampaignUpliftSpec(7, 14, 200);
  }
}
