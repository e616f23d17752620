package io.lapse.models.training;

import static org.apache.spark.sql.functions.col;

import io.lapse.features.CustomerFeatures;
import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitException;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  static final String[] PARAM_NAMES = {"r", "alpha", "a", "b"};

  private final FitOptions options;
  private final long minCustomers;

  /**
   * @param minCustomers segments with fewer customers are scored with the model of all customers
   */
  public BgNbdSegmentTrainer(FitOptions options, long minCustomers) {
    this.options = options;
    this.minCustomers = minCustomers;
  }

  /**
   * Groups customer features to sufficient statistics per segment, sorted for reproducible sums;
   * customers with T = 0 are left out (a segment of only such customers has empty statistics).
   */
  public static Map<String, SufficientStatistics> sufficientStatistics(Dataset<Row> features) {
    // Streamed to the driver one partition at a time: at 100 million customers there are millions
    // of groups, and a list of Rows would cost several times their primitive arrays.
    java.util.Iterator<Row> grouped =
        features
            .groupBy(
                col(Segmenter.SEGMENT),
                col(CustomerFeatures.REPEAT_DAYS),
                col(CustomerFeatures.T_X_WEEKS),
                col(CustomerFeatures.T_WEEKS))
            .count()
            .orderBy(Segmenter.SEGMENT, CustomerFeatures.REPEAT_DAYS, CustomerFeatures.T_X_WEEKS,
                CustomerFeatures.T_WEEKS)
            .toLocalIterator();
    Map<String, SufficientStatistics.Builder> builders = new TreeMap<>();
    while (grouped.hasNext()) {
      Row r = grouped.next();
      String segment = r.getString(0);
      int x = r.getInt(1);
      double tx = r.getDouble(2);
      double t = r.getDouble(3);
      long n = r.getLong(4);
      SufficientStatistics.Builder own =
          builders.computeIfAbsent(segment, k -> SufficientStatistics.builder());
      SufficientStatistics.Builder all = segment.equals(Segmenter.ALL) ? own
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
   * Fits every segment with at least minCustomers customers, and ALL; smaller segments get ALL's
   * parameters and are marked as a fallback.
   *
   * @throws BgNbdFitException naming the segment when a fit does not converge
   */
  public List<SegmentModel> fit(Map<String, SufficientStatistics> bySegment, LocalDate asOf) {
    SufficientStatistics all = bySegment.get(Segmenter.ALL);
    if (all == null || all.customers() == 0) {
      throw new IllegalArgumentException(
          "no customers with activity on or before " + asOf + ": nothing to fit BG/NBD on");
    }
    SegmentModel global = fitOne(Segmenter.ALL, all, asOf);
    List<SegmentModel> models = new ArrayList<>();
    for (Map.Entry<String, SufficientStatistics> e : bySegment.entrySet()) {
      String segment = e.getKey();
      long customers = e.getValue().customers();
      if (segment.equals(Segmenter.ALL)) {
        models.add(global);
      } else if (customers >= minCustomers) {
        models.add(fitOne(segment, e.getValue(), asOf));
      } else {
        LOG.info("BG/NBD segment {}: {} customers < min-customers {}; using the {} model",
            segment, customers, minCustomers, Segmenter.ALL);
        models.add(new SegmentModel(segment, SegmentModel.BGNBD, global.modelVersion(),
            Segmenter.ALL, customers, customers, global.params(), global.standardErrors(),
            global.logLikelihood(), global.converged(), global.iterations(), null));
      }
    }
    return models;
  }

  private SegmentModel fitOne(String segment, SufficientStatistics stats, LocalDate asOf) {
    long started = System.nanoTime();
    BgNbdFit fit;
    try {
      fit = BgNbdFitter.fit(stats, options);
    } catch (BgNbdFitException e) {
      throw new BgNbdFitException("BG/NBD fit of segment '" + segment + "' as of " + asOf
          + " failed: " + e.getMessage());
    }
    LOG.info("BG/NBD segment {}: {} customers in {} groups, r={} alpha={} a={} b={} LL={} "
            + "after {} iterations (|grad|={}) in {} ms",
        segment, stats.customers(), stats.size(), fit.params().r(), fit.params().alpha(),
        fit.params().a(), fit.params().b(), fit.logLikelihood(), fit.iterations(),
        fit.gradientNorm(), (System.nanoTime() - started) / 1_000_000);
    Map<String, Double> params = named(fit.params().toArray());
    Map<String, Double> errors = named(fit.standardErrors());
    return new SegmentModel(segment, SegmentModel.BGNBD,
        SegmentModels.version(SegmentModel.BGNBD, asOf, segment, SegmentModels.describe(params)),
        segment, stats.customers(), stats.customers(), params, errors, fit.logLikelihood(),
        fit.converged(), fit.iterations(), null);
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
