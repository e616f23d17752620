package io.lapse.models.training;

import io.lapse.models.km.KaplanMeierCurve;
import java.util.Map;

/**
 * One fitted model of one segment: a row of the segment_models table.
 *
 * @param segment the segment the model is used for
 * @param model {@link #BGNBD}, {@link #PARETO_NBD} or {@link #RETURN_TIME_KM}
 * @param modelVersion deterministic id of the fitted parameters, recorded on every score
 * @param fittedSegment the segment whose data fitted it: differs from segment on a fallback
 * @param customers customers in the segment
 * @param observations observations the fit used (customers for BG/NBD, inactivity spells for KM)
 * @param params fitted parameters by name, empty for KM
 * @param standardErrors asymptotic standard errors by parameter name, empty for KM
 * @param logLikelihood maximized log-likelihood, null for KM
 * @param converged whether the optimizer converged, null for KM
 * @param iterations optimizer iterations, null for KM
 * @param curve the survival curve for KM, null for BG/NBD
 * @param fallbackReason why the segment uses another segment's fit ({@code min_customers},
 *     {@code not_converged} or {@code boundary}, then the details); null when it has its own
 *     fit; on an own row with converged false, why it has no usable fit
 */
public record SegmentModel(
    String segment,
    String model,
    String modelVersion,
    String fittedSegment,
    long customers,
    long observations,
    Map<String, Double> params,
    Map<String, Double> standardErrors,
    Double logLikelihood,
    Boolean converged,
    Integer iterations,
    KaplanMeierCurve curve,
    String fallbackReason) {

  public static final String BGNBD = "bgnbd";
  /** Pareto/NBD, fitted beside BG/NBD on the same statistics (params r, alpha, s, beta). */
  public static final String PARETO_NBD = "pareto_nbd";
  public static final String RETURN_TIME_KM = "return_time_km";

  public SegmentModel {
    if (!segment.equals(fittedSegment) && (fallbackReason == null || fallbackReason.isBlank())) {
      throw new IllegalArgumentException("segment '" + segment + "' uses the fit of '"
          + fittedSegment + "' and needs a fallback reason but had '" + fallbackReason + "'");
    }
    // A model row without a usable fit of its own and nothing to fall back to (Gamma-Gamma of
    // ALL refused for dependent spend) says why in the same column, with converged false.
    if (segment.equals(fittedSegment) && fallbackReason != null
        && !Boolean.FALSE.equals(converged)) {
      throw new IllegalArgumentException("segment '" + segment + "' has its own fit and no"
          + " fallback reason but had '" + fallbackReason + "'");
    }
  }

  public boolean isFallback() {
    return !segment.equals(fittedSegment);
  }
}
