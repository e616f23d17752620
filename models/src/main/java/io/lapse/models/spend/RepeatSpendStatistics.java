package io.lapse.models.spend;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the Gamma-Gamma fit needs of the repeat customers of one segment (x &gt;= 1 repeat
 * transactions with total repeat spend z = x m_x &gt; 0): the customer count per distinct x, the
 * sums of ln m_x and ln z, and the gamma-dependent {@link GammaSums}; with the moments of the
 * independence check (the Pearson correlation of x and m_x) and the mean of m_x.
 *
 * <p>Why this statistic: the log-likelihood is
 * {@code sum_x n_x [lnG(px+q) - lnG(px)] - N lnG(q) + q (N ln gamma - sum ln z) - sum ln m
 * - p sum x ln(1+gamma/z) - q sum ln(1+gamma/z)}, so everything but the last two sums reduces to a
 * few numbers, and those two depend on the parameters through gamma alone. Exact grouping by (x,
 * z in cents) is compact where spend repeats (CDNOW's 946 repeat customers, a small segment), but
 * on 10 million customers with cent-valued totals it would leave millions of rows on the driver;
 * there the sums come from one cluster aggregate per trial gamma instead. Either way the fit is
 * exact (no binning of spend) and the driver holds only O(distinct x) numbers.
 */
public final class RepeatSpendStatistics {

  private final long customers;
  private final int[] distinctX;
  private final long[] countByX;
  private final double sumLogMean;
  private final double sumLogTotal;
  private final double meanSpend;
  private final double correlation;
  private final GammaSums sums;

  /**
   * @param countByX repeat customers per x (keys &gt;= 1)
   * @param sumLogMean sum of ln m_x over the customers
   * @param sumLogTotal sum of ln z over the customers
   * @param meanSpend mean of m_x over the customers
   * @param correlation Pearson correlation of x and m_x, NaN when either is constant
   */
  public RepeatSpendStatistics(Map<Integer, Long> countByX, double sumLogMean, double sumLogTotal,
      double meanSpend, double correlation, GammaSums sums) {
    TreeMap<Integer, Long> sorted = new TreeMap<>(countByX);
    this.distinctX = new int[sorted.size()];
    this.countByX = new long[sorted.size()];
    long total = 0;
    int i = 0;
    for (Map.Entry<Integer, Long> e : sorted.entrySet()) {
      if (e.getKey() < 1) {
        throw new IllegalArgumentException("repeat customers have x >= 1 but x was " + e.getKey());
      }
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("count of x = " + e.getKey() + " must be >= 1 but was "
            + e.getValue());
      }
      distinctX[i] = e.getKey();
      this.countByX[i] = e.getValue();
      total = Math.addExact(total, e.getValue());
      i++;
    }
    this.customers = total;
    this.sumLogMean = sumLogMean;
    this.sumLogTotal = sumLogTotal;
    this.meanSpend = meanSpend;
    this.correlation = correlation;
    this.sums = Objects.requireNonNull(sums, "sums");
  }

  /** A new, empty in-memory builder of grouped rows. */
  public static Builder builder() {
    return new Builder();
  }

  public long customers() {
    return customers;
  }

  int[] distinctX() {
    return distinctX;
  }

  long[] countByX() {
    return countByX;
  }

  public double sumLogMean() {
    return sumLogMean;
  }

  public double sumLogTotal() {
    return sumLogTotal;
  }

  /** Mean of m_x over the repeat customers; NaN when there are none. */
  public double meanSpend() {
    return meanSpend;
  }

  /** Pearson correlation of x and m_x over the repeat customers, NaN if undefined. */
  public double correlation() {
    return correlation;
  }

  public GammaSums sums() {
    return sums;
  }

  @Override
  public String toString() {
    return "RepeatSpendStatistics[customers=" + customers + ", distinct x=" + distinctX.length
        + ", correlation=" + correlation + "]";
  }

  /**
   * Accumulates groups of customers sharing (x, z); the built statistics evaluate the
   * {@link GammaSums} in memory, one pass over the groups per call. Not thread-safe.
   */
  public static final class Builder {
    private int[] x = new int[16];
    private double[] total = new double[16];
    private long[] count = new long[16];
    private int size;

    private Builder() {}

    /**
     * Adds {@code count} customers with x repeat transactions and total repeat spend z.
     *
     * @throws IllegalArgumentException naming the row (0-based) and the bad value
     */
    public Builder add(int x, double z, long count) {
      String where = "row " + size + ": ";
      if (x < 1) {
        throw new IllegalArgumentException(where + "x must be >= 1 but was " + x);
      }
      if (!(z > 0) || Double.isInfinite(z)) {
        throw new IllegalArgumentException(where + "total spend must be > 0 and finite but was "
            + z);
      }
      if (count < 1) {
        throw new IllegalArgumentException(where + "count must be >= 1 but was " + count);
      }
      if (size == this.x.length) {
        int capacity = size + Math.max(size >> 1, 16);
        this.x = Arrays.copyOf(this.x, capacity);
        this.total = Arrays.copyOf(this.total, capacity);
        this.count = Arrays.copyOf(this.count, capacity);
      }
      this.x[size] = x;
      this.total[size] = z;
      this.count[size] = count;
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    public RepeatSpendStatistics build() {
      int[] xs = Arrays.copyOf(x, size);
      double[] zs = Arrays.copyOf(total, size);
      long[] ns = Arrays.copyOf(count, size);
      Map<Integer, Long> byX = new TreeMap<>();
      double sumLogMean = 0;
      double sumLogTotal = 0;
      double n = 0;
      double sx = 0;
      double sm = 0;
      double sxx = 0;
      double smm = 0;
      double sxm = 0;
      for (int i = 0; i < size; i++) {
        byX.merge(xs[i], ns[i], Long::sum);
        double m = zs[i] / xs[i];
        double c = ns[i];
        sumLogMean += c * Math.log(m);
        sumLogTotal += c * Math.log(zs[i]);
        n += c;
        sx += c * xs[i];
        sm += c * m;
        sxx += c * (double) xs[i] * xs[i];
        smm += c * m * m;
        sxm += c * xs[i] * m;
      }
      return new RepeatSpendStatistics(byX, sumLogMean, sumLogTotal, sm / n,
          pearson(n, sx, sm, sxx, smm, sxm), gamma -> terms(xs, zs, ns, gamma));
    }

    private static GammaSums.Terms terms(int[] xs, double[] zs, long[] ns, double gamma) {
      double xLog1p = 0;
      double log1p = 0;
      double xInverse = 0;
      double inverse = 0;
      for (int i = 0; i < xs.length; i++) {
        double c = ns[i];
        double l = Math.log1p(gamma / zs[i]);
        double inv = 1 / (gamma + zs[i]);
        xLog1p += c * xs[i] * l;
        log1p += c * l;
        xInverse += c * xs[i] * inv;
        inverse += c * inv;
      }
      return new GammaSums.Terms(xLog1p, log1p, xInverse, inverse);
    }
  }

  /** Pearson correlation from raw moments; NaN when a variance is zero. */
  static double pearson(double n, double sx, double sm, double sxx, double smm, double sxm) {
    double covariance = sxm - sx * sm / n;
    double varianceX = sxx - sx * sx / n;
    double varianceM = smm - sm * sm / n;
    if (!(varianceX > 0) || !(varianceM > 0)) {
      return Double.NaN;
    }
    return covariance / Math.sqrt(varianceX * varianceM);
  }
}
