package io.lapse.models.training;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdBoundary;
import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitException;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits BG/NBD per segment. The likelihood depends on a customer only through (x, t_x, T), so the
 * cluster reduces the customers to one row per distinct triple and segment, and the optimizer runs
 * on that small table on the driver: its cost follows the number of distinct triples, not the
 * number of customers.
 */
public final class BgNbdSegmentTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(BgNbdSegmentTrainer.class);
  private static final String GROUP = "_group";
  static final String[] PARAM_NAMES = {"r", "alpha", "a", "b"};

  /** Reasons a segment uses the global fit: the first word of segment_models.fallback_reason. */
  public static final String MIN_CUSTOMERS = "min_customers";
  public static final String NOT_CONVERGED = "not_converged";
  public static final String BOUNDARY = "boundary";

  private final FitOptions options;
  private final BgNbdBoundary boundary;
  private final long minCustomers;

  /**
   * @param boundary a segment fit outside it falls back to the global fit
   * @param minCustomers segments with fewer customers are scored with the model of all customers
   */
  public BgNbdSegmentTrainer(FitOptions options, BgNbdBoundary boundary, long minCustomers) {
    if (minCustomers < 1) {
      throw new IllegalArgumentException("minCustomers must be >= 1 but was " + minCustomers);
    }
    this.options = Objects.requireNonNull(options, "options");
    this.boundary = Objects.requireNonNull(boundary, "boundary");
    this.minCustomers = minCustomers;
  }

  /**
   * A trainer for statistics whose only segment is ALL (one fit per date): no segment can fall
   * back, so no boundary applies.
   */
  public static BgNbdSegmentTrainer globalOnly(FitOptions options) {
    return new BgNbdSegmentTrainer(options, BgNbdBoundary.none(), 1);
  }

  /**
   * Groups customer features to sufficient statistics per segment, sorted for reproducible sums;
   * customers with T = 0 are left out (a segment of only such customers has empty statistics).
   */
  public static Map<String, SufficientStatistics> sufficientStatistics(Dataset<Row> features) {
    return statistics(features, col(Segmenter.SEGMENT), true);
  }

  /**
   * Sufficient statistics per value of {@code key} (a string column), with no ALL: one grouped
   * query for groups that are fitted apart, such as the snapshots of the onset models.
   */
  public static Map<String, SufficientStatistics> sufficientStatisticsBy(Dataset<Row> features,
      Column key) {
    return statistics(features, key, false);
  }

  private static Map<String, SufficientStatistics> statistics(Dataset<Row> features,
      Column group, boolean withAll) {
    // Streamed to the driver one partition at a time: at 100 million customers there are millions
    // of groups, and a list of Rows would cost several times their primitive arrays.
    java.util.Iterator<Row> grouped =
        features
            .groupBy(
                group.as(GROUP),
                col(CustomerFeatures.REPEAT_DAYS),
                col(CustomerFeatures.T_X_WEEKS),
                col(CustomerFeatures.T_WEEKS))
            .count()
            .orderBy(GROUP, CustomerFeatures.REPEAT_DAYS, CustomerFeatures.T_X_WEEKS,
                CustomerFeatures.T_WEEKS)
            .toLocalIterator();
    Map<String, SufficientStatistics.Builder> builders = new TreeMap<>();
    while (grouped.hasNext()) {
      Row r = grouped.next();
      String key = r.getString(0);
      int x = r.getInt(1);
      double tx = r.getDouble(2);
      double t = r.getDouble(3);
      long n = r.getLong(4);
      SufficientStatistics.Builder own =
          builders.computeIfAbsent(key, k -> SufficientStatistics.builder());
      SufficientStatistics.Builder all = !withAll || key.equals(Segmenter.ALL) ? own
          : builders.computeIfAbsent(Segmenter.ALL, k -> SufficientStatistics.builder());
      // Customers first seen on the as-of day (T = 0) have likelihood 1 whatever the parameters:
      // they carry no information, so they stay out of the fit (which then equals a fit without
      // them) and are scored with it, while their segment still gets a model row.
      if (t > 0) {
        own.add(x, tx, t, n);
        if (all != own) {
          all.add(x, tx, t, n);
        }
      }
    }
    Map<String, SufficientStatistics> out = new TreeMap<>();
    builders.forEach((k, b) -> out.put(k, b.build()));
    return out;
  }

  /**
   * Fits ALL and every segment with at least minCustomers customers. A segment that is smaller,
   * whose fit does not converge or whose fit lies on the boundary gets ALL's parameters and is
   * marked as a fallback with the reason, so that one segment never stops the run.
   *
   * @throws BgNbdFitException naming ALL when the global fit does not converge: nothing is left
   *     to fall back to
   */
  public List<SegmentModel> fit(Map<String, SufficientStatistics> bySegment, LocalDate asOf) {
    SufficientStatistics all = bySegment.get(Segmenter.ALL);
    if (all == null || all.customers() == 0) {
      throw new IllegalArgumentException("no customers with a first purchase before " + asOf
          + ": nothing to fit BG/NBD on");
    }
    BgNbdFit globalFit = fitOrThrow(all, asOf);
    SegmentModel global = ownModel(Segmenter.ALL, all, globalFit, asOf);
    onBoundary(globalFit).ifPresent(v -> LOG.warn(
        "BG/NBD global fit as of {} lies on the boundary ({}); it is used as it is, since there"
            + " is nothing to fall back to", asOf, v));
    List<SegmentModel> models = new ArrayList<>();
    for (Map.Entry<String, SufficientStatistics> e : bySegment.entrySet()) {
      String segment = e.getKey();
      SufficientStatistics stats = e.getValue();
      if (segment.equals(Segmenter.ALL)) {
        models.add(global);
      } else if (stats.customers() < minCustomers) {
        models.add(fallback(segment, stats, global, MIN_CUSTOMERS + ": " + stats.customers()
            + " customers < min-customers " + minCustomers));
      } else {
        models.add(fitSegment(segment, stats, global, asOf));
      }
    }
    return models;
  }

  private SegmentModel fitSegment(String segment, SufficientStatistics stats,
      SegmentModel global, LocalDate asOf) {
    BgNbdFit fit;
    try {
      fit = timedFit(segment, stats);
    } catch (BgNbdFitException e) {
      return fallback(segment, stats, global, NOT_CONVERGED + ": " + e.getMessage());
    }
    Optional<String> violation = onBoundary(fit);
    if (violation.isPresent()) {
      return fallback(segment, stats, global, BOUNDARY + ": " + violation.get() + String.format(
          Locale.ROOT, " (own fit r=%.4g alpha=%.4g a=%.4g b=%.4g, LL %.6g)", fit.params().r(),
          fit.params().alpha(), fit.params().a(), fit.params().b(), fit.logLikelihood()));
    }
    return ownModel(segment, stats, fit, asOf);
  }

  /**
   * The configured bounds first (they name the parameter); then standard errors that are not
   * finite, which the fitter gives exactly when the observed information is not positive
   * definite: no interior maximum, whatever the values (a segment where 1% buy twice converges
   * to a = 509, b = 0.002, inside the bounds but on the a -&gt; infinity, b -&gt; 0 ridge).
   */
  private Optional<String> onBoundary(BgNbdFit fit) {
    Optional<String> outside = boundary.violation(fit.params());
    if (outside.isPresent() || Arrays.stream(fit.standardErrors()).allMatch(Double::isFinite)) {
      return outside;
    }
    return Optional.of("no interior maximum (the observed information is not positive definite,"
        + " standard errors NaN)");
  }

  private BgNbdFit fitOrThrow(SufficientStatistics stats, LocalDate asOf) {
    try {
      return timedFit(Segmenter.ALL, stats);
    } catch (BgNbdFitException e) {
      throw new BgNbdFitException("BG/NBD fit of segment '" + Segmenter.ALL + "' as of " + asOf
          + " failed: " + e.getMessage());
    }
  }

  private BgNbdFit timedFit(String segment, SufficientStatistics stats) {
    long started = System.nanoTime();
    BgNbdFit fit = BgNbdFitter.fit(stats, options);
    LOG.info("BG/NBD segment {}: {} customers in {} groups, r={} alpha={} a={} b={} LL={} "
            + "after {} iterations (|grad|={}) in {} ms",
        segment, stats.customers(), stats.size(), fit.params().r(), fit.params().alpha(),
        fit.params().a(), fit.params().b(), fit.logLikelihood(), fit.iterations(),
        fit.gradientNorm(), (System.nanoTime() - started) / 1_000_000);
    return fit;
  }

  private static SegmentModel ownModel(String segment, SufficientStatistics stats, BgNbdFit fit,
      LocalDate asOf) {
    Map<String, Double> params = named(fit.params().toArray());
    Map<String, Double> errors = named(fit.standardErrors());
    return new SegmentModel(segment, SegmentModel.BGNBD,
        SegmentModels.version(SegmentModel.BGNBD, asOf, segment, SegmentModels.describe(params)),
        segment, stats.customers(), stats.customers(), params, errors, fit.logLikelihood(),
        fit.converged(), fit.iterations(), null, null);
  }

  /** The global model's row for a segment that cannot use its own fit. */
  private static SegmentModel fallback(String segment, SufficientStatistics stats,
      SegmentModel global, String reason) {
    if (reason.startsWith(MIN_CUSTOMERS)) {
      LOG.info("BG/NBD segment {} uses the {} model: {}", segment, Segmenter.ALL, reason);
    } else {
      LOG.warn("BG/NBD segment {} uses the {} model: {}", segment, Segmenter.ALL, reason);
    }
    return new SegmentModel(segment, SegmentModel.BGNBD, global.modelVersion(), Segmenter.ALL,
        stats.customers(), stats.customers(), global.params(), global.standardErrors(),
        global.logLikelihood(), global.converged(), global.iterations(), null, reason);
  }

  static Map<String, Double> named(double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < PARAM_NAMES.length; i++) {
      m.put(PARAM_NAMES[i], values[i]);
    }
    return m;
  }

  /** The parameters stored on a segment_models row. */
  public static BgNbdParams paramsOf(Map<String, Double> params) {
    return new BgNbdParams(params.get("r"), params.get("alpha"), params.get("a"), params.get("b"));
  }
}
