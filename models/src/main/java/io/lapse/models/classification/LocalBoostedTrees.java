package io.lapse.models.classification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.mllib.tree.impurity.VarianceCalculator;

/**
 * MLlib's {@code GBTClassifier} (log-loss, variance-impurity regression trees, no subsampling)
 * fitted in this JVM on rows held in arrays, giving the same {@link GBTClassificationModel}.
 *
 * <p>Why by hand: MLlib grows each tree level by level with one Spark job per level, so 30 trees
 * of depth 3 take about 90 jobs; on the segments lapse fits most (a few thousand rows), those jobs
 * are nearly all of a nightly's training time, spent on task set-up rather than arithmetic. No
 * well-kept JVM library with a compatible licence fits MLlib's model, so this class repeats MLlib's
 * algorithm step for step (split candidates, bin statistics, gain, the order in which ties are
 * broken, pruning, the pseudo-residuals of the log-loss) and builds MLlib's own tree nodes, so the
 * model is saved, loaded and applied by MLlib like any other.
 *
 * <p>Same result as MLlib: on at most 10,000 rows, where MLlib finds its split candidates on every
 * row, the trees are MLlib's on the rows in the same order (the test compares them on one
 * partition, since sums over several partitions are added in another order). On more rows MLlib
 * finds the candidates on a random sample of about 10,000 rows, while this class uses all of them:
 * the same quantile rule, exactly.
 */
public final class LocalBoostedTrees {

  /** MLlib's {@code Utils.EPSILON}: a child whose impurity is below it is not split further. */
  private static final double EPSILON = Math.ulp(1.0);

  private LocalBoostedTrees() {}

  /**
   * Whether {@link #fit} gives what {@code gbt.fit} would: log-loss, variance impurity, every row
   * and every feature for each tree, no instance weights and no validation set.
   */
  public static boolean supports(GBTClassifier gbt) {
    String subset = gbt.getFeatureSubsetStrategy();
    return gbt.getLossType().equals("logistic") && gbt.getImpurity().equals("variance")
        && gbt.getSubsamplingRate() == 1.0 && (subset.equals("all") || subset.equals("auto"))
        && !(gbt.isDefined(gbt.weightCol()) && !gbt.getWeightCol().isEmpty())
        && !(gbt.isDefined(gbt.validationIndicatorCol())
            && !gbt.getValidationIndicatorCol().isEmpty());
  }

  /**
   * @param gbt the estimator whose hyper-parameters and columns the model takes
   * @param x rows of features (no NaN)
   * @param y labels, 0 or 1
   */
  public static GBTClassificationModel fit(GBTClassifier gbt, double[][] x, double[] y) {
    if (!supports(gbt)) {
      throw new IllegalArgumentException("boosted trees in this JVM need loss 'logistic',"
          + " impurity 'variance', subsampling 1 and all features, without weight or validation"
          + " columns, but got " + gbt.extractParamMap());
    }
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("boosted trees need one label per row and at least one"
          + " row but got " + x.length + " rows and " + y.length + " labels");
    }
    int features = x[0].length;
    Binned binned = Binned.of(x, Math.min(gbt.getMaxBins(), x.length));
    double[] label = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 0.0 && y[i] != 1.0) {
        throw new IllegalArgumentException("boosted trees need labels 0 or 1 but row " + i
            + " has " + y[i]);
      }
      // MLlib boosts on labels -1 and +1.
      label[i] = y[i] * 2 - 1;
    }
    TreeGrower grower = new TreeGrower(binned, gbt.getMaxDepth(), gbt.getMinInstancesPerNode(),
        gbt.getMinWeightFractionPerNode() * y.length, gbt.getMinInfoGain());
    int iterations = gbt.getMaxIter();
    DecisionTreeRegressionModel[] trees = new DecisionTreeRegressionModel[iterations];
    double[] weights = new double[iterations];
    double[] margin = new double[y.length];
    double[] target = label.clone();
    for (int m = 0; m < iterations; m++) {
      if (m > 0) {
        for (int i = 0; i < y.length; i++) {
          // The pseudo-residual: minus MLlib's LogLoss gradient, -4y / (1 + exp(2y F)).
          target[i] = -(-4.0 * label[i] / (1.0 + Math.exp(2.0 * label[i] * margin[i])));
        }
      }
      Node root = grower.grow(target);
      trees[m] = new DecisionTreeRegressionModel(Identifiable.randomUID("dtr"), root, features);
      weights[m] = m == 0 ? 1.0 : gbt.getStepSize();
      for (int i = 0; i < y.length; i++) {
        margin[i] = margin[i] + root.predictImpl(
            org.apache.spark.ml.linalg.Vectors.dense(x[i])).prediction() * weights[m];
      }
    }
    GBTClassificationModel model = new GBTClassificationModel(gbt.uid(), trees, weights,
        features, 2);
    return (GBTClassificationModel) gbt.copyValues(model, ParamMap.empty()).setParent(gbt);
  }

  /** Each feature's split thresholds and each row's bin per feature. */
  private record Binned(double[][] thresholds, int[][] bins, int rows) {

    static Binned of(double[][] x, int maxBins) {
      int features = x[0].length;
      double[][] thresholds = new double[features][];
      int[][] bins = new int[x.length][features];
      double[] column = new double[x.length];
      for (int j = 0; j < features; j++) {
        for (int i = 0; i < x.length; i++) {
          column[i] = x[i][j];
        }
        thresholds[j] = thresholds(column, maxBins - 1);
        for (int i = 0; i < x.length; i++) {
          int idx = Arrays.binarySearch(thresholds[j], column[i]);
          bins[i][j] = idx >= 0 ? idx : -idx - 1;
        }
      }
      return new Binned(thresholds, bins, x.length);
    }

    /**
     * MLlib's {@code findSplitsForContinuousFeature} on every value: midpoints between the
     * distinct values when there are few, else the values where the running count comes closest
     * to each multiple of rows / (splits + 1).
     */
    static double[] thresholds(double[] values, int maxSplits) {
      TreeMap<Double, Double> counts = new TreeMap<>();
      for (double v : values) {
        // MLlib counts zeros apart (as the rows minus the non-zero ones): -0.0 is 0.0 there.
        counts.merge(v == 0.0 ? 0.0 : v, 1.0, Double::sum);
      }
      double[] distinct = counts.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] weight = counts.values().stream().mapToDouble(Double::doubleValue).toArray();
      int possible = distinct.length - 1;
      if (possible <= 0) {
        return new double[0];
      }
      if (possible <= maxSplits) {
        double[] out = new double[possible];
        for (int k = 1; k <= possible; k++) {
          out[k - 1] = (distinct[k - 1] + distinct[k]) / 2.0;
        }
        return out;
      }
      double stride = (double) values.length / (maxSplits + 1);
      List<Double> out = new ArrayList<>();
      double current = weight[0];
      double targetCount = stride;
      for (int k = 1; k < distinct.length; k++) {
        double previous = current;
        current += weight[k];
        if (Math.abs(previous - targetCount) < Math.abs(current - targetCount)) {
          out.add((distinct[k - 1] + distinct[k]) / 2.0);
          targetCount += stride;
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }

  /** Weighted count, sum and sum of squares of the labels, as MLlib's VarianceCalculator. */
  private static final class Stats {
    final double[] s = new double[3];
    long raw;

    Stats copy() {
      Stats c = new Stats();
      System.arraycopy(s, 0, c.s, 0, 3);
      c.raw = raw;
      return c;
    }

    void add(double label) {
      s[0] += 1.0;
      s[1] += 1.0 * label;
      s[2] += 1.0 * label * label;
      raw += 1;
    }

    Stats plus(Stats o) {
      Stats c = copy();
      for (int i = 0; i < 3; i++) {
        c.s[i] += o.s[i];
      }
      c.raw += o.raw;
      return c;
    }

    Stats minus(Stats o) {
      Stats c = copy();
      for (int i = 0; i < 3; i++) {
        c.s[i] -= o.s[i];
      }
      c.raw -= o.raw;
      return c;
    }

    double impurity() {
      if (s[0] == 0) {
        return 0;
      }
      double squaredLoss = s[2] - (s[1] * s[1]) / s[0];
      return squaredLoss / s[0];
    }

    double predict() {
      return s[0] == 0 ? 0 : s[1] / s[0];
    }

    VarianceCalculator calculator() {
      return new VarianceCalculator(s.clone(), raw);
    }
  }

  /** MLlib's ImpurityStats: a split's gain with the node's and its children's statistics. */
  private record Split(double gain, double impurity, Stats node, Stats left, Stats right,
      boolean valid, int feature, int bin) {

    static Split empty(Stats node) {
      return new Split(Double.NaN, node.impurity(), node, null, null, true, -1, -1);
    }

    static Split invalid(Stats node) {
      return new Split(-Double.MAX_VALUE, node.impurity(), node, null, null, false, -1, -1);
    }
  }

  /** Grows one regression tree on the binned rows, as MLlib's RandomForest does. */
  private static final class TreeGrower {
    private final Binned binned;
    private final int maxDepth;
    private final int minInstances;
    private final double minWeight;
    private final double minInfoGain;

    TreeGrower(Binned binned, int maxDepth, int minInstances, double minWeight,
        double minInfoGain) {
      this.binned = binned;
      this.maxDepth = maxDepth;
      this.minInstances = minInstances;
      this.minWeight = minWeight;
      this.minInfoGain = minInfoGain;
    }

    Node grow(double[] label) {
      int[] all = new int[binned.rows()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return grow(label, all, 0, null, false);
    }

    /**
     * @param carried the statistics the parent's split gave this node (null at the root)
     * @param leaf whether the parent already made this node a leaf (depth reached, or pure)
     */
    private Node grow(double[] label, int[] rows, int level, Split carried, boolean leaf) {
      if (leaf) {
        return new LeafNode(carried.node().predict(), carried.impurity(),
            carried.node().calculator());
      }
      Split best = bestSplit(label, rows, carried);
      if (best.gain() <= 0 || level == maxDepth) {
        return new LeafNode(best.node().predict(), best.valid() ? best.impurity() : -1.0,
            best.node().calculator());
      }
      boolean childrenAreLeaves = level + 1 == maxDepth;
      int[][] sides = partition(rows, best.feature(), best.bin());
      Split left = Split.empty(best.left());
      Split right = Split.empty(best.right());
      Node l = grow(label, sides[0], level + 1, left,
          childrenAreLeaves || Math.abs(best.left().impurity()) < EPSILON);
      Node r = grow(label, sides[1], level + 1, right,
          childrenAreLeaves || Math.abs(best.right().impurity()) < EPSILON);
      // MLlib prunes two leaves that predict the same.
      if (l instanceof LeafNode && r instanceof LeafNode && l.prediction() == r.prediction()) {
        return new LeafNode(l.prediction(), best.impurity(), best.node().calculator());
      }
      return new InternalNode(best.node().predict(), best.impurity(), best.gain(), l, r,
          new ContinuousSplit(best.feature(), binned.thresholds()[best.feature()][best.bin()]),
          best.node().calculator());
    }

    private int[][] partition(int[] rows, int feature, int bin) {
      int[] left = new int[rows.length];
      int[] right = new int[rows.length];
      int nl = 0;
      int nr = 0;
      for (int r : rows) {
        if (binned.bins()[r][feature] <= bin) {
          left[nl++] = r;
        } else {
          right[nr++] = r;
        }
      }
      return new int[][] {Arrays.copyOf(left, nl), Arrays.copyOf(right, nr)};
    }

    /** MLlib's binsToBestSplit for continuous features: the first split of the highest gain. */
    private Split bestSplit(double[] label, int[] rows, Split carried) {
      double[][] thresholds = binned.thresholds();
      int features = thresholds.length;
      Stats[][] bins = new Stats[features][];
      for (int j = 0; j < features; j++) {
        bins[j] = new Stats[thresholds[j].length + 1];
        for (int b = 0; b < bins[j].length; b++) {
          bins[j][b] = new Stats();
        }
      }
      Stats parent = new Stats();
      for (int r : rows) {
        int[] rowBins = binned.bins()[r];
        for (int j = 0; j < features; j++) {
          bins[j][rowBins[j]].add(label[r]);
        }
        parent.add(label[r]);
      }
      Split running = carried;
      Split best = null;
      for (int j = 0; j < features; j++) {
        int splits = thresholds[j].length;
        if (splits == 0) {
          continue;
        }
        Stats[] cumulative = bins[j];
        for (int b = 0; b < splits; b++) {
          cumulative[b + 1] = cumulative[b + 1].plus(cumulative[b]);
        }
        Split featureBest = null;
        for (int b = 0; b < splits; b++) {
          Stats left = cumulative[b].copy();
          Stats right = cumulative[splits].minus(left);
          running = gain(running, left, right, j, b);
          if (featureBest == null || Double.compare(running.gain(), featureBest.gain()) > 0) {
            featureBest = running;
          }
        }
        if (best == null || Double.compare(featureBest.gain(), best.gain()) > 0) {
          best = featureBest;
        }
      }
      return best != null ? best : Split.invalid(parent);
    }

    /** MLlib's calculateImpurityStats. */
    private Split gain(Split previous, Stats left, Stats right, int feature, int bin) {
      Stats node = previous == null ? left.plus(right) : previous.node();
      double impurity = previous == null ? node.impurity() : previous.impurity();
      double leftCount = left.s[0];
      double rightCount = right.s[0];
      double total = leftCount + rightCount;
      if (left.raw < minInstances || right.raw < minInstances || leftCount < minWeight
          || rightCount < minWeight) {
        return invalidAt(node, impurity, feature, bin);
      }
      double gain = impurity - leftCount / total * left.impurity()
          - rightCount / total * right.impurity();
      if (gain < minInfoGain) {
        return invalidAt(node, impurity, feature, bin);
      }
      return new Split(gain, impurity, node, left, right, true, feature, bin);
    }

    private static Split invalidAt(Stats node, double impurity, int feature, int bin) {
      return new Split(-Double.MAX_VALUE, impurity, node, null, null, false, feature, bin);
    }
  }
}
