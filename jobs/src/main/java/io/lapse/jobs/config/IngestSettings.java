package io.lapse.jobs.config;

import java.time.LocalDate;

/**
 * How ingest bounds the input's dates (lapse.ingest).
 *
 * @param earliestDate records dated before it are quarantined
 * @param futureToleranceDays records dated up to this many days after D are deferred, later ones
 *     quarantined
 */
public record IngestSettings(LocalDate earliestDate, int futureToleranceDays) {}
