package io.lapse.models.bgnbd;

import java.util.Arrays;

/**
 * Customers grouped by their BG/NBD sufficient statistics {@code (x, t_x, T)}: x repeat purchases,
 * the last one t_x weeks after the first purchase, observed for T weeks since the first purchase;
 * {@code count} customers share each row.
 *
 * <p>Immutable. Stored as parallel primitive arrays so that a likelihood evaluation is one tight
 * loop over rows without boxing; the fitter evaluates it hundreds of times.
 */
public final class SufficientStatistics {

  final int[] x;
  final double[] tx;
  final double[] T;
  final long[] count;
  private final long customers;

  // The likelihood's log-gamma/digamma terms depend on x only; precomputing the customer count
  // per distinct x lets the fitter call those special functions once per distinct x instead of
  // once per row.
  final int[] distinctX;
  final long[] countByX;

  private SufficientStatistics(int[] x, double[] tx, double[] T, long[] count) {
    this.x = x;
    this.tx = tx;
    this.T = T;
    this.count = count;
    long total = 0;
    for (long c : count) {
      total = Math.addExact(total, c);
    }
    this.customers = total;

    int[] sorted = x.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    this.distinctX = Arrays.copyOf(sorted, distinct);
    this.countByX = new long[distinct];
    for (int i = 0; i < x.length; i++) {
      countByX[Arrays.binarySearch(distinctX, x[i])] += count[i];
    }
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Copies and validates the given parallel arrays (row i = customers {@code count[i]}). */
  public static SufficientStatistics of(int[] x, double[] tx, double[] T, long[] count) {
    int n = x.length;
    if (tx.length != n || T.length != n || count.length != n) {
      throw new IllegalArgumentException(
          "arrays must have equal lengths but were x=" + n + ", tx=" + tx.length
              + ", T=" + T.length + ", count=" + count.length);
    }
    Builder builder = new Builder(n);
    for (int i = 0; i < n; i++) {
      builder.add(x[i], tx[i], T[i], count[i]);
    }
    return builder.build();
  }

  /** Number of rows (groups). */
  public int size() {
    return x.length;
  }

  /** Number of customers, the sum of all counts. */
  public long customers() {
    return customers;
  }

  public int x(int row) {
    return x[row];
  }

  public double tx(int row) {
    return tx[row];
  }

  public double T(int row) {
    return T[row];
  }

  public long count(int row) {
    return count[row];
  }

  /**
   * Number of distinct x values: terms of a likelihood that depend on x alone (log-gamma,
   * digamma) need one evaluation per distinct x, not per row.
   */
  public int distinctXCount() {
    return distinctX.length;
  }

  /** The k-th distinct x, in increasing order. */
  public int distinctX(int k) {
    return distinctX[k];
  }

  /** Customers whose x is {@link #distinctX(int) distinctX(k)}. */
  public long customersWithX(int k) {
    return countByX[k];
  }

  @Override
  public String toString() {
    return "SufficientStatistics[rows=" + size() + ", customers=" + customers + "]";
  }

  /** Checks one customer's (x, t_x, T); the message starts with {@code where}. */
  public static void validateRow(String where, int x, double tx, double T) {
    if (x < 0) {
      throw new IllegalArgumentException(where + "x must be >= 0 but was " + x);
    }
    if (!(T > 0) || Double.isInfinite(T)) {
      throw new IllegalArgumentException(where + "T must be > 0 and finite but was " + T);
    }
    if (!(tx >= 0 && tx <= T)) {
      throw new IllegalArgumentException(
          where + "tx must be in [0, T=" + T + "] but was " + tx);
    }
    // With no repeat purchase the recency is, by definition, the first purchase itself.
    if (x == 0 && tx != 0) {
      throw new IllegalArgumentException(where + "tx must be 0 when x == 0 but was " + tx);
    }
  }

  /** Accumulates rows; arrays grow geometrically. Not thread-safe. */
  public static final class Builder {
    private int[] x;
    private double[] tx;
    private double[] T;
    private long[] count;
    private int size;

    private Builder() {
      this(16);
    }

    private Builder(int capacity) {
      int c = Math.max(capacity, 1);
      x = new int[c];
      tx = new double[c];
      T = new double[c];
      count = new long[c];
    }

    /**
     * Adds {@code count} customers with statistics {@code (x, tx, T)}; rows are not merged, so
     * equal rows may be added twice.
     *
     * @throws IllegalArgumentException naming the row index (0-based, in order of addition) and
     *     the bad value
     */
    public Builder add(int x, double tx, double T, long count) {
      String where = "row " + size + ": ";
      validateRow(where, x, tx, T);
      if (count <= 0) {
        throw new IllegalArgumentException(where + "count must be > 0 but was " + count);
      }
      if (size == this.x.length) {
        int capacity = Math.addExact(size, Math.max(size >> 1, 16));
        this.x = Arrays.copyOf(this.x, capacity);
        this.tx = Arrays.copyOf(this.tx, capacity);
        this.T = Arrays.copyOf(this.T, capacity);
        this.count = Arrays.copyOf(this.count, capacity);
      }
      this.x[size] = x;
      this.tx[size] = tx;
      this.T[size] = T;
      this.count[size] = count;
      size++;
      return this;
    }

    /** Number of rows added so far. */
    public int size() {
      return size;
    }

    /** An immutable snapshot; the builder may be reused afterwards. */
    public SufficientStatistics build() {
      return new SufficientStatistics(
          Arrays.copyOf(x, size), Arrays.copyOf(tx, size), Arrays.copyOf(T, size),
          Arrays.copyOf(count, size));
    }
  }
}
