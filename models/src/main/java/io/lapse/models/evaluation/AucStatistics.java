package io.lapse.models.evaluation;

import java.util.Arrays;

/** Sampling error of ROC AUCs: Hanley-McNeil for one AUC, DeLong for a paired difference. */
public final class AucStatistics {

  private AucStatistics() {}

  /**
   * Hanley and McNeil (1982) standard error of an AUC {@code a} estimated on {@code positives}
   * and {@code negatives} rows: {@code sqrt((a(1-a) + (n1-1)(Q1-a^2) + (n0-1)(Q2-a^2)) / (n1 n0))}
   * with {@code Q1 = a/(2-a)}, {@code Q2 = 2a^2/(1+a)}.
   *
   * @return NaN when a class is empty or {@code a} is NaN
   */
  public static double hanleyMcNeil(double a, long positives, long negatives) {
    if (positives < 1 || negatives < 1 || Double.isNaN(a)) {
      return Double.NaN;
    }
    double q1 = a / (2 - a);
    double q2 = 2 * a * a / (1 + a);
    double v = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
        / ((double) positives * negatives);
    return Math.sqrt(Math.max(v, 0));
  }

  /**
   * The ROC AUC of a score: the probability that a random row of label 1 scores above a random row
   * of label 0, ties counting one half (Mann-Whitney U over the average ranks). NaN when a class
   * is empty.
   *
   * @param labels 1 or 0 per row
   */
  public static double rocAuc(double[] labels, double[] scores) {
    int n = labels.length;
    if (scores.length != n) {
      throw new IllegalArgumentException("labels and scores must have the same length but were "
          + n + " and " + scores.length);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRanks = 0;
    long positives = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        if (labels[order[k]] == 1.0) {
          positiveRanks += rank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * DeLong, DeLong and Clarke-Pearson (1988): the two AUCs of two scores on the same rows and the
   * standard error of their difference, which accounts for the scores' correlation. Ties count
   * one half. A higher score means more likely label 1.
   *
   * @param labels 1 or 0 per row
   * @return {auc1, auc2, standard error of auc1 - auc2}; NaNs when a class is empty
   */
  public static double[] deLong(double[] labels, double[] score1, double[] score2) {
    int n = labels.length;
    if (score1.length != n || score2.length != n) {
      throw new IllegalArgumentException("labels and scores must have the same length");
    }
    int n1 = 0;
    for (double l : labels) {
      if (l == 1.0) {
        n1++;
      }
    }
    int n0 = n - n1;
    if (n1 < 2 || n0 < 2) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double[][] v10 = new double[2][];
    double[][] v01 = new double[2][];
    double[] auc = new double[2];
    double[][] scores = {score1, score2};
    for (int k = 0; k < 2; k++) {
      double[] pos = new double[n1];
      double[] neg = new double[n0];
      int i1 = 0;
      int i0 = 0;
      for (int i = 0; i < n; i++) {
        if (labels[i] == 1.0) {
          pos[i1++] = scores[k][i];
        } else {
          neg[i0++] = scores[k][i];
        }
      }
      double[] sortedPos = pos.clone();
      double[] sortedNeg = neg.clone();
      Arrays.sort(sortedPos);
      Arrays.sort(sortedNeg);
      v10[k] = new double[n1];
      double sum = 0;
      for (int i = 0; i < n1; i++) {
        // negatives below pos[i], ties one half
        int below = lowerBound(sortedNeg, pos[i]);
        int ties = lowerBound(sortedNeg, Math.nextUp(pos[i])) - below;
        v10[k][i] = (below + 0.5 * ties) / n0;
        sum += v10[k][i];
      }
      auc[k] = sum / n1;
      v01[k] = new double[n0];
      for (int j = 0; j < n0; j++) {
        // positives above neg[j], ties one half
        int notAbove = lowerBound(sortedPos, Math.nextUp(neg[j]));
        int ties = notAbove - lowerBound(sortedPos, neg[j]);
        v01[k][j] = (n1 - notAbove + 0.5 * ties) / n1;
      }
    }
    double s10 = covariance(v10[0], v10[0]) + covariance(v10[1], v10[1])
        - 2 * covariance(v10[0], v10[1]);
    double s01 = covariance(v01[0], v01[0]) + covariance(v01[1], v01[1])
        - 2 * covariance(v01[0], v01[1]);
    double variance = s10 / n1 + s01 / n0;
    return new double[] {auc[0], auc[1], Math.sqrt(Math.max(variance, 0))};
  }

  /** Index of the first element &gt;= v in a sorted array. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double covariance(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (n - 1);
  }
}
