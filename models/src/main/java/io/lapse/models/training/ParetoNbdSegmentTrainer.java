package io.lapse.models.training;

import io.lapse.features.Segmenter;
import io.lapse.models.bgnbd.BgNbdBoundary;
import io.lapse.models.bgnbd.SufficientStatistics;
import io.lapse.models.paretonbd.ParetoNbdFit;
import io.lapse.models.paretonbd.ParetoNbdFitException;
import io.lapse.models.paretonbd.ParetoNbdFitOptions;
import io.lapse.models.paretonbd.ParetoNbdFitter;
import io.lapse.models.paretonbd.ParetoNbdParams;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fits Pareto/NBD per segment on the statistics {@link BgNbdSegmentTrainer#sufficientStatistics}
 * grouped for BG/NBD, with the same rules: segments smaller than min-customers, whose fit does
 * not converge or lies on the boundary use ALL's fit, with the reason. The boundary is BG/NBD's:
 * its shape bounds apply to r and s, its alpha bounds to both rate scales, alpha and beta.
 *
 * <p>Unlike BG/NBD, nothing is scored with this model yet, so a failed ALL fit is logged and
 * leaves the run without Pareto/NBD rows rather than stopping it.
 */
public final class ParetoNbdSegmentTrainer {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ParetoNbdSegmentTrainer.class);
  static final String[] PARAM_NAMES = {"r", "alpha", "s", "beta"};

  private final ParetoNbdFitOptions options;
  private final BgNbdBoundary boundary;
  private final long minCustomers;

  public ParetoNbdSegmentTrainer(ParetoNbdFitOptions options, BgNbdBoundary boundary,
      long minCustomers) {
    if (minCustomers < 1) {
      throw new IllegalArgumentException("minCustomers must be >= 1 but was " + minCustomers);
    }
    this.options = Objects.requireNonNull(options, "options");
    this.boundary = Objects.requireNonNull(boundary, "boundary");
    this.minCustomers = minCustomers;
  }

  /**
   * One {@link SegmentModel#PARETO_NBD} row per segment of {@code bySegment}, ALL included; empty
   * when the ALL fit fails (logged).
   */
  public List<SegmentModel> fit(Map<String, SufficientStatistics> bySegment, LocalDate asOf) {
    SufficientStatistics all = bySegment.get(Segmenter.ALL);
    if (all == null || all.customers() == 0) {
      throw new IllegalArgumentException("no customers with a first purchase before " + asOf
          + ": nothing to fit Pareto/NBD on");
    }
    SegmentModel global;
    try {
      ParetoNbdFit fit = timedFit(Segmenter.ALL, all);
      onBoundary(fit).ifPresent(v -> LOG.warn("Pareto/NBD global fit as of {} lies on the"
          + " boundary ({}); it is used as it is, since there is nothing to fall back to", asOf, v));
      global = ownModel(Segmenter.ALL, all, fit, asOf);
    } catch (ParetoNbdFitException e) {
      LOG.warn("Pareto/NBD fit of segment '{}' as of {} failed, so no Pareto/NBD model is"
          + " recorded: {}", Segmenter.ALL, asOf, e.getMessage());
      return List.of();
    }
    List<SegmentModel> models = new ArrayList<>();
    for (Map.Entry<String, SufficientStatistics> e : bySegment.entrySet()) {
      String segment = e.getKey();
      SufficientStatistics stats = e.getValue();
      if (segment.equals(Segmenter.ALL)) {
        models.add(global);
      } else if (stats.customers() < minCustomers) {
        models.add(fallback(segment, stats, global, BgNbdSegmentTrainer.MIN_CUSTOMERS + ": "
            + stats.customers() + " customers < min-customers " + minCustomers));
      } else {
        models.add(fitSegment(segment, stats, global, asOf));
      }
    }
    return models;
  }

  private SegmentModel fitSegment(String segment, SufficientStatistics stats,
      SegmentModel global, LocalDate asOf) {
    ParetoNbdFit fit;
    try {
      fit = timedFit(segment, stats);
    } catch (ParetoNbdFitException e) {
      return fallback(segment, stats, global,
          BgNbdSegmentTrainer.NOT_CONVERGED + ": " + e.getMessage());
    }
    Optional<String> violation = onBoundary(fit);
    if (violation.isPresent()) {
      ParetoNbdParams p = fit.params();
      return fallback(segment, stats, global, BgNbdSegmentTrainer.BOUNDARY + ": "
          + violation.get() + String.format(Locale.ROOT,
              " (own fit r=%.4g alpha=%.4g s=%.4g beta=%.4g, LL %.6g)", p.r(), p.alpha(), p.s(),
              p.beta(), fit.logLikelihood()));
    }
    return ownModel(segment, stats, fit, asOf);
  }

  /** The configured bounds first, then standard errors that are not finite (no interior maximum). */
  Optional<String> onBoundary(ParetoNbdFit fit) {
    ParetoNbdParams p = fit.params();
    String found = outside("r", p.r(), boundary.minShape(), boundary.maxShape(), "shape");
    if (found == null) {
      found = outside("alpha", p.alpha(), boundary.minAlphaWeeks(), boundary.maxAlphaWeeks(),
          "alpha-weeks");
    }
    if (found == null) {
      found = outside("s", p.s(), boundary.minShape(), boundary.maxShape(), "shape");
    }
    if (found == null) {
      found = outside("beta", p.beta(), boundary.minAlphaWeeks(), boundary.maxAlphaWeeks(),
          "alpha-weeks");
    }
    if (found == null && !Arrays.stream(fit.standardErrors()).allMatch(Double::isFinite)) {
      found = "no interior maximum (the observed information is not positive definite,"
          + " standard errors NaN)";
    }
    return Optional.ofNullable(found);
  }

  private static String outside(String name, double value, double min, double max, String key) {
    if (value < min) {
      return String.format(Locale.ROOT, "%s=%.4g < min-%s %.4g", name, value, key, min);
    }
    if (value > max) {
      return String.format(Locale.ROOT, "%s=%.4g > max-%s %.4g", name, value, key, max);
    }
    return null;
  }

  private ParetoNbdFit timedFit(String segment, SufficientStatistics stats) {
    long started = System.nanoTime();
    ParetoNbdFit fit = ParetoNbdFitter.fit(stats, options);
    ParetoNbdParams p = fit.params();
    LOG.info("Pareto/NBD segment {}: {} customers in {} groups, r={} alpha={} s={} beta={} LL={}"
            + " after {} iterations (|grad|={}) in {} ms",
        segment, stats.customers(), stats.size(), p.r(), p.alpha(), p.s(), p.beta(),
        fit.logLikelihood(), fit.iterations(), fit.gradientNorm(),
        (System.nanoTime() - started) / 1_000_000);
    return fit;
  }

  private static SegmentModel ownModel(String segment, SufficientStatistics stats,
      ParetoNbdFit fit, LocalDate asOf) {
    Map<String, Double> params = named(fit.params().toArray());
    return new SegmentModel(segment, SegmentModel.PARETO_NBD,
        SegmentModels.version(SegmentModel.PARETO_NBD, asOf, segment,
            SegmentModels.describe(params)),
        segment, stats.customers(), stats.customers(), params, named(fit.standardErrors()),
        fit.logLikelihood(), fit.converged(), fit.iterations(), null, null);
  }

  private static SegmentModel fallback(String segment, SufficientStatistics stats,
      SegmentModel global, String reason) {
    LOG.info("Pareto/NBD segment {} uses the {} model: {}", segment, Segmenter.ALL, reason);
    return new SegmentModel(segment, SegmentModel.PARETO_NBD, global.modelVersion(),
        Segmenter.ALL, stats.customers(), stats.customers(), global.params(),
        global.standardErrors(), global.logLikelihood(), global.converged(), global.iterations(),
        null, reason);
  }

  private static Map<String, Double> named(double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < PARAM_NAMES.length; i++) {
      m.put(PARAM_NAMES[i], values[i]);
    }
    return m;
  }

  /** The parameters stored on a segment_models row of model pareto_nbd. */
  public static ParetoNbdParams paramsOf(Map<String, Double> params) {
    return new ParetoNbdParams(params.get("r"), params.get("alpha"), params.get("s"),
        params.get("beta"));
  }
}
