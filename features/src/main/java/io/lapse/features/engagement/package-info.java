/**
 * Engagement from clickstream: reusable stages on DataFrames, each configured by a small immutable
 * spec record with a {@code defaults()} factory (no configuration files are read here).
 *
 * <ol>
 *   <li>{@link io.lapse.features.engagement.EventReader}: raw events (csv, json, parquet, delta) to
 *       one contract; every record accepted or rejected with an
 *       {@link io.lapse.features.engagement.EventRejectReason}; duplicates rejected; optional
 *       identity mapping.
 *   <li>{@link io.lapse.features.engagement.EngagementProfile}: which event types are engagement
 *       actions, of which kind, weight and order.
 *   <li>{@link io.lapse.features.engagement.Sessionizer}: sessions by id or inactivity gap.
 *   <li>{@link io.lapse.features.engagement.EngagementDaily}: one row per customer and day.
 *   <li>{@link io.lapse.features.engagement.EngagementFeatures}: point-in-time features as of D.
 *   <li>{@link io.lapse.features.engagement.DisengagementLabels}: dis-engagement onsets and
 *       training examples with labels and survival times.
 *   <li>{@link io.lapse.features.engagement.ClickstreamSimulator}: a seeded clickstream with a
 *       known dis-engagement process, for checks against the truth.
 * </ol>
 *
 * <p>From a notebook:
 *
 * <pre>{@code
 * EngagementProfile profile = EngagementProfile.defaults();
 * Dataset<Row> events = new EventReader(spark).read(
 *     EventSourceSpec.defaults().withPath("s3://bucket/clickstream/"), profile,
 *     LocalDate.parse("2020-01-01"));
 * Dataset<Row> daily = EngagementDaily.fromEvents(events, profile, SessionSpec.defaults()).cache();
 * EngagementFeatureSpec spec = EngagementFeatureSpec.defaults();
 * Dataset<Row> features = EngagementFeatures.asOf(daily, LocalDate.parse("2025-06-30"), spec);
 * TrainingSpec training = TrainingSpec.defaults();
 * LocalDate end = LocalDate.parse("2025-06-30");
 * Dataset<Row> examples = DisengagementLabels.trainingExamples(daily, Optional.empty(),
 *     training.plan(LocalDate.parse("2020-01-01"), end, 1).dates(), training.horizonDays(), end,
 *     spec, LabelSpec.defaults());
 * }</pre>
 *
 * <p>Features and labels read the daily table several times: cache it (or read it from a table)
 * when calling them repeatedly.
 */
package io.lapse.features.engagement;
