package io.lapse.models.spend;

import io.lapse.features.Segmenter;
import io.lapse.models.training.SegmentModel;
import io.lapse.models.training.SegmentModels;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits Gamma-Gamma per segment into segment_models rows of model {@value #MODEL}. A segment that
 * is too small, whose spend depends on frequency, or whose fit fails uses ALL's fit, with the
 * {@link SpendOutcome} code and details as fallback reason; when ALL itself has no usable fit its
 * row says why (converged false) and every customer is scored with the observed mean spend. So a
 * segment never stops the nightly.
 *
 * <p>Every row's params hold the segment's own {@code x_spend_correlation} (the check's figure)
 * and {@code mean_spend} (the observed mean of m_x, ALL's where the segment has no repeat
 * customer), and p, q, gamma of the fit it uses, when there is one.
 */
public final class GammaGammaSegmentTrainer {

  public static final String MODEL = "gamma_gamma";
  public static final String CORRELATION = "x_spend_correlation";
  public static final String MEAN_SPEND = "mean_spend";
  private static final String[] PARAM_NAMES = {"p", "q", "gamma"};
  private static final Logger LOG = LoggerFactory.getLogger(GammaGammaSegmentTrainer.class);

  private final GammaGammaSettings settings;

  public GammaGammaSegmentTrainer(GammaGammaSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The outcome of one segment's attempt, with its fit when there was one. */
  record Attempt(SpendOutcome outcome, GammaGammaFit fit, double[] standardErrors,
      String details) {}

  /**
   * @param bySegment statistics of the segments with repeat customers, and of ALL
   * @param segmentCustomers customers per segment (every segment that gets scores)
   */
  public List<SegmentModel> fit(Map<String, RepeatSpendStatistics> bySegment,
      Map<String, Long> segmentCustomers, LocalDate asOf) {
    TreeSet<String> segments = new TreeSet<>(segmentCustomers.keySet());
    segments.addAll(bySegment.keySet());
    segments.remove(Segmenter.ALL);
    RepeatSpendStatistics all = bySegment.get(Segmenter.ALL);
    long allCustomers = segmentCustomers.getOrDefault(Segmenter.ALL,
        segmentCustomers.values().stream().mapToLong(Long::longValue).sum());
    Attempt global = attempt(Segmenter.ALL, all);
    double allMean = all == null ? Double.NaN : all.meanSpend();
    SegmentModel globalRow = global.outcome() == SpendOutcome.FITTED
        ? own(Segmenter.ALL, allCustomers, all, global, asOf)
        : unfitted(allCustomers, all, global, asOf);
    List<SegmentModel> rows = new ArrayList<>();
    rows.add(globalRow);
    for (String segment : segments) {
      long customers = segmentCustomers.getOrDefault(segment, 0L);
      RepeatSpendStatistics stats = bySegment.get(segment);
      Attempt attempt = attempt(segment, stats);
      rows.add(attempt.outcome() == SpendOutcome.FITTED
          ? own(segment, customers, stats, attempt, asOf)
          : fallback(segment, customers, stats, allMean, attempt, globalRow));
    }
    return rows;
  }

  Attempt attempt(String segment, RepeatSpendStatistics stats) {
    long n = stats == null ? 0 : stats.customers();
    if (n < settings.minRepeatCustomers()) {
      return new Attempt(SpendOutcome.MIN_CUSTOMERS, null, null,
          n + " repeat customers < min-repeat-customers " + settings.minRepeatCustomers());
    }
    double correlation = stats.correlation();
    if (Math.abs(correlation) > settings.maxAbsCorrelation()) {
      return new Attempt(SpendOutcome.DEPENDENT_SPEND, null, null, String.format(Locale.ROOT,
          "corr(x, m_x) = %.4f over %d repeat customers, |corr| > max-abs-correlation %.4g",
          correlation, n, settings.maxAbsCorrelation()));
    }
    long started = System.nanoTime();
    GammaGammaFit fit = GammaGammaFitter.fit(stats);
    LOG.info("Gamma-Gamma segment {}: {} repeat customers, corr(x, m_x) {}, {} in {} passes,"
            + " {} ms", segment, n, correlation, fit, fit.passes(),
        (System.nanoTime() - started) / 1_000_000);
    if (!fit.converged()) {
      return new Attempt(SpendOutcome.NOT_CONVERGED, fit, null, String.format(Locale.ROOT,
          "stopped at p=%.4g q=%.4g gamma=%.4g, gradient norm %.3g", fit.params().p(),
          fit.params().q(), fit.params().gamma(), fit.gradientNorm()));
    }
    if (!(fit.params().q() > 1)) {
      return new Attempt(SpendOutcome.NO_FINITE_MEAN, fit, null, String.format(Locale.ROOT,
          "q = %.4g <= 1", fit.params().q()));
    }
    return new Attempt(SpendOutcome.FITTED, fit,
        GammaGammaFitter.standardErrors(fit.params(), stats), "");
  }

  private static SegmentModel own(String segment, long customers, RepeatSpendStatistics stats,
      Attempt attempt, LocalDate asOf) {
    Map<String, Double> params = named(attempt.fit().params().toArray());
    Map<String, Double> errors = named(attempt.standardErrors());
    putDescriptive(params, stats, stats.meanSpend());
    return new SegmentModel(segment, MODEL,
        SegmentModels.version(MODEL, asOf, segment, describe(params)), segment, customers,
        stats.customers(), params, errors, attempt.fit().logLikelihood(), true,
        attempt.fit().passes(), null, null);
  }

  private static SegmentModel unfitted(long customers, RepeatSpendStatistics stats,
      Attempt attempt, LocalDate asOf) {
    Map<String, Double> params = new LinkedHashMap<>();
    putDescriptive(params, stats, stats == null ? Double.NaN : stats.meanSpend());
    String reason = attempt.outcome().code() + ": " + attempt.details();
    LOG.warn("Gamma-Gamma of {} has no usable fit ({}); expected spend is the observed mean",
        Segmenter.ALL, reason);
    return new SegmentModel(Segmenter.ALL, MODEL,
        SegmentModels.version(MODEL, asOf, Segmenter.ALL, describe(params) + reason),
        Segmenter.ALL, customers, stats == null ? 0 : stats.customers(), params, Map.of(), null,
        false, attempt.fit() == null ? null : attempt.fit().passes(), null, reason);
  }

  private static SegmentModel fallback(String segment, long customers,
      RepeatSpendStatistics stats, double allMean, Attempt attempt, SegmentModel global) {
    Map<String, Double> params = new LinkedHashMap<>();
    for (String name : PARAM_NAMES) {
      if (global.params().containsKey(name)) {
        params.put(name, global.params().get(name));
      }
    }
    putDescriptive(params, stats, stats == null ? allMean : stats.meanSpend());
    String reason = attempt.outcome().code() + ": " + attempt.details();
    LOG.info("Gamma-Gamma segment {} uses the {} model: {}", segment, Segmenter.ALL, reason);
    return new SegmentModel(segment, MODEL, global.modelVersion(), Segmenter.ALL, customers,
        stats == null ? 0 : stats.customers(), params, global.standardErrors(),
        global.logLikelihood(), global.converged(), global.iterations(), null, reason);
  }

  /** NaN figures (no repeat customer, a constant x) are left out: the map holds numbers. */
  private static void putDescriptive(Map<String, Double> params, RepeatSpendStatistics stats,
      double meanSpend) {
    if (stats != null && Double.isFinite(stats.correlation())) {
      params.put(CORRELATION, stats.correlation());
    }
    if (Double.isFinite(meanSpend)) {
      params.put(MEAN_SPEND, meanSpend);
    }
  }

  private static Map<String, Double> named(double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < PARAM_NAMES.length; i++) {
      m.put(PARAM_NAMES[i], values[i]);
    }
    return m;
  }

  private static String describe(Map<String, Double> params) {
    StringBuilder s = new StringBuilder();
    params.forEach((k, v) -> s.append(k).append('=').append(v).append(';'));
    return s.toString();
  }

  /** The fitted parameters of a segment_models row, or null when it has none. */
  public static GammaGammaParams paramsOf(Map<String, Double> params) {
    if (!params.containsKey("p")) {
      return null;
    }
    return new GammaGammaParams(params.get("p"), params.get("q"), params.get("gamma"));
  }
}
