package io.lapse.models.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.feature.SQLTransformer;

/**
 * Monotone re-expressions of features before imputation: log1p for counts, days and amounts
 * (heavy right tails that a linear model would otherwise fit to their few largest values) and the
 * logit for probabilities (BG/NBD's P(alive) and P(no transaction) act additively on the log-odds
 * scale). Trees are unaffected by monotone transforms, so both algorithms share them.
 *
 * <p>Done by MLlib's {@link SQLTransformer} so that the saved pipeline carries it.
 *
 * @param log1p features transformed by log(1 + max(x, 0))
 * @param logit features transformed by log(p / (1 - p)), p clipped to [1e-6, 1 - 1e-6]
 */
public record FeatureTransforms(List<String> log1p, List<String> logit) {

  /** Prefix of the transformed columns. */
  static final String PREFIX = "_t_";
  private static final double EPSILON = 1e-6;

  public FeatureTransforms {
    log1p = List.copyOf(log1p);
    logit = List.copyOf(logit);
    Set<String> both = new TreeSet<>(log1p);
    both.retainAll(logit);
    if (!both.isEmpty()) {
      throw new IllegalArgumentException("features " + both + " are in both the log1p and the"
          + " logit transforms; give each one transform");
    }
  }

  public static FeatureTransforms none() {
    return new FeatureTransforms(List.of(), List.of());
  }

  /** The transforms of those of {@code features} that have one. */
  public FeatureTransforms restrictedTo(List<String> features) {
    return new FeatureTransforms(log1p.stream().filter(features::contains).toList(),
        logit.stream().filter(features::contains).toList());
  }

  /** Fails naming the transformed columns that are not features. */
  public void requireFeatures(List<String> features) {
    List<String> unknown = new ArrayList<>();
    log1p.stream().filter(f -> !features.contains(f)).forEach(unknown::add);
    logit.stream().filter(f -> !features.contains(f)).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("transformed columns " + unknown
          + " are not among the features " + features);
    }
  }

  /** The column each feature enters the model as: its transform's output, or itself. */
  public List<String> outputs(List<String> features) {
    return features.stream().map(f -> isTransformed(f) ? PREFIX + f : f).toList();
  }

  /** The stage computing the transformed columns of {@code features} (others pass through). */
  public SQLTransformer stage(List<String> features) {
    StringBuilder sql = new StringBuilder("SELECT *");
    for (String f : features) {
      String x = "CAST(`" + f + "` AS DOUBLE)";
      // GREATEST and LEAST skip nulls: a missing value must stay null for the imputer.
      String expression = null;
      if (log1p.contains(f)) {
        expression = "LOG1P(GREATEST(" + x + ", 0D))";
      } else if (logit.contains(f)) {
        String p = String.format(Locale.ROOT, "LEAST(GREATEST(%s, %s), %s)", x,
            Double.toString(EPSILON), Double.toString(1 - EPSILON));
        expression = "LN(" + p + " / (1D - " + p + "))";
      }
      if (expression != null) {
        sql.append(", CASE WHEN ").append(x).append(" IS NULL THEN NULL ELSE ").append(expression)
            .append(" END AS `").append(PREFIX).append(f).append('`');
      }
    }
    return new SQLTransformer().setStatement(sql.append(" FROM __THIS__").toString());
  }

  private boolean isTransformed(String f) {
    return log1p.contains(f) || logit.contains(f);
  }
}
