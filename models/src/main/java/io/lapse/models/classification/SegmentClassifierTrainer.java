package io.lapse.models.classification;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.lapse.models.optim.DampedNewton;
import io.lapse.features.Segmenter;
import io.lapse.models.evaluation.AucStatistics;
import io.lapse.models.evaluation.BinaryMetrics;
import io.lapse.models.evaluation.ScoreColumn;
import io.lapse.models.evaluation.Verdict;
import io.lapse.spark.ConcurrentActions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a classifier of "dis-engagement begins within H days" per segment.
 *
 * <p>For each segment with enough rows (else its parent, else all rows; see
 * {@link SegmentFallback}): every candidate of the grid is fitted on the earlier snapshots and
 * scored on the latest ones ({@link TimeSplit}); the simplest within the configured standard
 * errors of the best on the selection metric is chosen ({@link CandidateSelection}). The baselines are scored on the same validation rows, and the verdict says
 * whether the chosen model beats the best of them.
 *
 * <p>Input rows: the snapshot date, segment, 0/1 label and feature columns of the spec, plus the
 * columns the baselines read. The caller chooses snapshots whose labels are complete: up to D - H
 * for a cut-off D.
 */
public final class SegmentClassifierTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentClassifierTrainer.class);
  /** Validation rows the selection's standard errors are computed on (collected to the driver). */
  static final long STANDARD_ERROR_ROWS = 200_000;
  private static final String ROW_ID = "_selection_row";

  private final ClassifierSpec spec;
  private final BaselineSpec baselineSpec;
  private final int parallelFits;

  public SegmentClassifierTrainer(ClassifierSpec spec, BaselineSpec baselineSpec) {
    this(spec, baselineSpec, 1);
  }

  /**
   * @param parallelFits how many candidate fits (of any segments) run at once; the results do not
   *     depend on it
   */
  public SegmentClassifierTrainer(ClassifierSpec spec, BaselineSpec baselineSpec,
      int parallelFits) {
    if (parallelFits < 1) {
      throw new IllegalArgumentException("parallel fits must be >= 1 but was " + parallelFits);
    }
    this.spec = spec;
    this.baselineSpec = baselineSpec;
    this.parallelFits = parallelFits;
  }

  public SegmentClassifiers fit(Dataset<Row> examples) {
    return fit(examples, new SegmentClassifiers(spec.segmentColumn(), new TreeMap<>()));
  }

  /**
   * Rolling-origin selection: {@code earlier} are classifiers of the same grid fitted and validated
   * one fold earlier (snapshots up to H before this fit's validation); a candidate is chosen by its
   * validation metric averaged over both folds, so that one validation snapshot's quirks do not
   * decide it alone (measured on generated BG/NBD data: a GBT ahead by 0.003 on the latest
   * snapshot was behind by 0.005 one fold earlier, and behind BG/NBD on the test rows). The
   * recorded validation metric and the verdict against the baselines stay those of the latest fold.
   */
  public SegmentClassifiers fit(Dataset<Row> examples, SegmentClassifiers earlier) {
    Map<String, List<CandidateResult>> earlierByGroup = new TreeMap<>();
    earlier.bySegment().values().forEach(f -> earlierByGroup.put(f.fittedSegment(),
        f.candidates()));
    Dataset<Row> rows = prepare(examples).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> counts = rows.groupBy(spec.snapshotColumn(), spec.segmentColumn(),
          spec.labelColumn()).agg(count(col(spec.labelColumn()))).collectAsList();
      TreeSet<LocalDate> dates = new TreeSet<>();
      for (Row r : counts) {
        if (r.isNullAt(0) || r.isNullAt(1) || r.isNullAt(2)) {
          throw new IllegalArgumentException("examples have rows with a null snapshot date,"
              + " segment or label (columns " + spec.snapshotColumn() + ", "
              + spec.segmentColumn() + ", " + spec.labelColumn() + ")");
        }
        double label = r.getDouble(2);
        if (label != 0.0 && label != 1.0) {
          throw new IllegalArgumentException("label column '" + spec.labelColumn()
              + "' must be 0 or 1 but has " + label);
        }
        dates.add(r.getDate(0).toLocalDate());
      }
      TimeSplit split = TimeSplit.of(dates, spec.validationSnapshots(), spec.horizonDays());
      Map<String, SegmentFallback.Assignment> assignments =
          SegmentFallback.resolve(segmentCounts(counts, split), spec.fallback());
      Map<String, List<String>> membersByGroup = new TreeMap<>();
      for (String group : new TreeSet<>(assignments.values().stream()
          .map(SegmentFallback.Assignment::fittedSegment).toList())) {
        membersByGroup.put(group, assignments.keySet().stream()
            .filter(s -> SegmentFallback.isMember(s, group, spec.fallback())).toList());
      }
      Map<String, FittedClassifier> groups = fitGroups(rows, membersByGroup, split, counts,
          earlierByGroup);
      Map<String, FittedClassifier> bySegment = new TreeMap<>();
      for (SegmentFallback.Assignment a : assignments.values()) {
        FittedClassifier g = groups.get(a.fittedSegment());
        if (a.isFallback()) {
          LOG.info("classifier {}", a.reason());
        }
        bySegment.put(a.segment(), new FittedClassifier(a.segment(), a.fittedSegment(),
            a.reason(), g.chosen(), g.seed(), g.featureColumns(), g.trainingStart(),
            g.trainingEnd(), g.validationStart(), g.validationEnd(), g.trainingRows(),
            g.validationRows(), g.selectionMetric(), g.candidates(), g.baselineMetrics(),
            g.verdict(), g.model(), g.calibration(), g.baselineCalibrations()));
      }
      return new SegmentClassifiers(spec.segmentColumn(), new TreeMap<>(bySegment));
    } finally {
      rows.unpersist();
    }
  }

  private Dataset<Row> prepare(Dataset<Row> examples) {
    List<String> present = Arrays.asList(examples.columns());
    LinkedHashSet<String> needed = new LinkedHashSet<>(List.of(spec.snapshotColumn(),
        spec.segmentColumn(), spec.labelColumn()));
    needed.addAll(spec.featureColumns());
    needed.addAll(baselineSpec.columns());
    for (String c : needed) {
      if (!present.contains(c)) {
        throw new IllegalArgumentException("classifier examples lack column '" + c
            + "'; columns: " + present);
      }
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col(spec.snapshotColumn()).cast(DataTypes.DateType).as(spec.snapshotColumn()));
    cols.add(col(spec.segmentColumn()).cast(DataTypes.StringType).as(spec.segmentColumn()));
    cols.add(col(spec.labelColumn()).cast(DataTypes.DoubleType).as(spec.labelColumn()));
    needed.stream().skip(3).forEach(c -> cols.add(col(c)));
    return examples.select(cols.toArray(Column[]::new));
  }

  /** Class counts per segment: label 1 and 0 in the training and in the validation snapshots. */
  private static Map<String, SegmentFallback.Counts> segmentCounts(List<Row> counts,
      TimeSplit split) {
    Map<String, long[]> classes = new TreeMap<>();
    Map<String, Long> rows = new TreeMap<>();
    for (Row r : counts) {
      String segment = r.getString(1);
      LocalDate d = r.getDate(0).toLocalDate();
      long n = r.getLong(3);
      rows.merge(segment, n, Long::sum);
      long[] c = classes.computeIfAbsent(segment, k -> new long[4]);
      int offset = split.trainDates().contains(d) ? 0 : split.isValidation(d) ? 2 : -1;
      if (offset >= 0) {
        c[offset + (r.getDouble(2) == 1.0 ? 0 : 1)] += n;
      }
    }
    Map<String, SegmentFallback.Counts> out = new TreeMap<>();
    rows.forEach((s, n) -> out.put(s, new SegmentFallback.Counts(n, classes.get(s))));
    return out;
  }

  /** One segment group's rows, split, features and persisted validation rows. */
  private record GroupData(String group, List<String> members, Dataset<Row> groupRows,
      Dataset<Row> train, long trainRows, PipelineModel imputation, Dataset<Row> validation,
      long validationRows, List<String> features, Optional<Candidate.Prepared> preparedTrain,
      Optional<Candidate.Prepared> preparedValidation) {}

  /** A fitted candidate and its validation metric. */
  private record CandidateFit(PipelineModel model, CandidateResult result) {}

  /**
   * Fits the grid of every group, then chooses, calibrates and judges each group's model. The
   * candidate fits of all groups run at once (up to parallelFits), then the groups' choices.
   */
  private Map<String, FittedClassifier> fitGroups(Dataset<Row> rows,
      Map<String, List<String>> membersByGroup, TimeSplit split, List<Row> counts,
      Map<String, List<CandidateResult>> earlierByGroup) {
    Column snapshot = col(spec.snapshotColumn());
    // Every persisted validation set, so that a failure in one group still unpersists the others.
    List<Dataset<Row>> persisted = Collections.synchronizedList(new ArrayList<>());
    Map<String, Callable<GroupData>> prepare = new LinkedHashMap<>();
    membersByGroup.forEach((group, members) -> prepare.put(group, () -> {
      Dataset<Row> groupRows = group.equals(Segmenter.ALL) ? rows
          : rows.where(col(spec.segmentColumn()).isin(members.toArray()));
      Dataset<Row> train = groupRows.where(snapshot.isin(sqlDates(split.trainDates())));
      List<String> features = nonNullFeatures(train, group);
      Dataset<Row> validation = Baselines.withScores(
              groupRows.where(snapshot.isin(sqlDates(split.validationDates()))), baselineSpec)
          .persist(StorageLevel.MEMORY_AND_DISK());
      persisted.add(validation);
      // The candidates share the rows and so the medians: imputation fitted once per group.
      PipelineModel imputation = Candidate.imputation(features, spec.transforms()).fit(train);
      long trainRows = rowsOf(counts, members, split, split.trainDates());
      long validationRows = rowsOf(counts, members, split, split.validationDates());
      // The candidates fitted in this JVM share one preparation and one collect of the training
      // and of the validation rows.
      Optional<Candidate.Prepared> preparedTrain = Optional.empty();
      Optional<Candidate.Prepared> preparedValidation = Optional.empty();
      if (trainRows <= DampedNewton.MAX_ROWS && validationRows <= DampedNewton.MAX_ROWS
          && spec.grid().candidates().stream().anyMatch(Candidate::fitsInThisJvm)) {
        boolean scaling = spec.grid().candidates().stream().anyMatch(
            c -> c.fitsInThisJvm() && c.algorithm().equals(Candidate.LOGISTIC_REGRESSION));
        Candidate.Prepared prepared = Candidate.prepare(train, imputation, features,
            spec.transforms(), spec.labelColumn(), scaling);
        preparedTrain = Optional.of(prepared);
        preparedValidation = Optional.of(prepared.apply(validation, spec.labelColumn()));
      }
      return new GroupData(group, members, groupRows, train, trainRows, imputation, validation,
          validationRows, features, preparedTrain, preparedValidation);
    }));
    try {
      List<GroupData> data = List.copyOf(ConcurrentActions.run(parallelFits, prepare).values());
      Map<String, Callable<CandidateFit>> fits = new LinkedHashMap<>();
      List<Candidate> grid = spec.grid().candidates();
      for (GroupData g : data) {
        for (int i = 0; i < grid.size(); i++) {
          Candidate c = grid.get(i);
          fits.put(g.group() + "#" + i, () -> fitCandidate(g, c));
        }
      }
      Map<String, CandidateFit> fitted = ConcurrentActions.run(parallelFits, fits);
      Map<String, Callable<FittedClassifier>> choices = new LinkedHashMap<>();
      for (GroupData g : data) {
        List<CandidateFit> own = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
          own.add(fitted.get(g.group() + "#" + i));
        }
        choices.put(g.group(), () -> chooseAndJudge(g, own, split, counts,
            earlierByGroup.getOrDefault(g.group(), List.of())));
      }
      return new TreeMap<>(ConcurrentActions.run(parallelFits, choices));
    } finally {
      persisted.forEach(Dataset::unpersist);
    }
  }

  private BinaryClassificationEvaluator evaluator(String scoreColumn) {
    String metricName = spec.selectionMetric().equals(BinaryMetrics.ROC_AUC)
        ? "areaUnderROC" : "areaUnderPR";
    return new BinaryClassificationEvaluator().setLabelCol(spec.labelColumn())
        .setMetricName(metricName).setNumBins(0).setRawPredictionCol(scoreColumn);
  }

  private CandidateFit fitCandidate(GroupData g, Candidate c) {
    PipelineModel m;
    double metric;
    if (g.preparedTrain().isPresent() && c.fitsInThisJvm()) {
      m = c.fit(g.preparedTrain().get(), spec.labelColumn(), spec.seed());
      metric = spec.selectionMetric().equals(BinaryMetrics.ROC_AUC)
          ? AucStatistics.rocAuc(g.preparedValidation().get().labels(),
              Candidate.positiveProbabilities(m, g.preparedValidation().get()))
          : validationMetric(g, m);
    } else {
      m = c.fit(g.train(), g.trainRows(), g.imputation(), g.features(), spec.transforms(),
          spec.labelColumn(), spec.seed());
      metric = validationMetric(g, m);
    }
    LOG.info("classifier {}: candidate {} validation {} = {}", g.group(), c.describe(),
        spec.selectionMetric(), metric);
    return new CandidateFit(m, new CandidateResult(c, metric));
  }

  /**
   * The candidate's selection metric on the validation rows. ROC AUC on at most
   * {@link DampedNewton#MAX_ROWS} rows is computed here from the collected labels and
   * probabilities (one Spark job where MLlib's evaluator runs five); the same exact, ties-as-half
   * AUC as MLlib's evaluator with numBins = 0.
   */
  private double validationMetric(GroupData g, PipelineModel model) {
    if (!spec.selectionMetric().equals(BinaryMetrics.ROC_AUC)
        || g.validationRows() > DampedNewton.MAX_ROWS) {
      return evaluator(Candidate.PROBABILITY).evaluate(model.transform(g.validation()));
    }
    List<Row> rows = model.transform(g.validation())
        .select(col(spec.labelColumn()), Candidate.POSITIVE_PROBABILITY).collectAsList();
    double[] labels = new double[rows.size()];
    double[] scores = new double[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rows.get(i).getDouble(0);
      scores[i] = rows.get(i).getDouble(1);
    }
    return AucStatistics.rocAuc(labels, scores);
  }

  /** Each baseline's selection metric on the validation rows, as {@link #validationMetric}. */
  private Map<String, Double> baselineMetrics(GroupData g) {
    List<ScoreColumn> baselines = Baselines.scores(baselineSpec);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!spec.selectionMetric().equals(BinaryMetrics.ROC_AUC)
        || g.validationRows() > DampedNewton.MAX_ROWS) {
      baselines.forEach(b -> metrics.put(b.name(),
          evaluator(b.column()).evaluate(g.validation())));
      return metrics;
    }
    List<Column> columns = new ArrayList<>(List.of(col(spec.labelColumn())));
    baselines.forEach(b -> columns.add(col(b.column()).cast(DataTypes.DoubleType)));
    List<Row> rows = g.validation().select(columns.toArray(Column[]::new)).collectAsList();
    double[] labels = new double[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rows.get(i).getDouble(0);
    }
    for (int k = 0; k < baselines.size(); k++) {
      double[] scores = new double[rows.size()];
      for (int i = 0; i < scores.length; i++) {
        Row r = rows.get(i);
        if (r.isNullAt(k + 1)) {
          throw new IllegalArgumentException("baseline " + baselines.get(k).name() + " has a"
              + " null score in the validation rows of segment '" + g.group() + "'");
        }
        scores[i] = r.getDouble(k + 1);
      }
      metrics.put(baselines.get(k).name(), AucStatistics.rocAuc(labels, scores));
    }
    return metrics;
  }

  private FittedClassifier chooseAndJudge(GroupData g, List<CandidateFit> fits, TimeSplit split,
      List<Row> counts, List<CandidateResult> earlier) {
    String group = g.group();
    List<String> members = g.members();
    List<String> features = g.features();
    Dataset<Row> validation = g.validation();
    List<PipelineModel> models = fits.stream().map(CandidateFit::model).toList();
    List<CandidateResult> results = withSelectionScores(group,
        fits.stream().map(CandidateFit::result).toList(), earlier);
    CandidateSelection selection = select(group, validation, results, models);
    CandidateResult best = results.get(selection.chosen());
    PipelineModel bestModel = models.get(selection.chosen());
    PlattCalibration calibration = spec.calibrate() ? PlattCalibration.fit(
        bestModel.transform(validation).withColumn("_p", Candidate.POSITIVE_PROBABILITY),
        "_p", spec.labelColumn()) : PlattCalibration.identity();
    LOG.info("classifier {}: calibration {}", group, calibration);
    Map<String, Double> baselineMetrics = baselineMetrics(g);
    Map<String, PlattCalibration> baselineCalibrations = new LinkedHashMap<>();
    for (ScoreColumn b : Baselines.scores(baselineSpec)) {
      if (Baselines.servable(b)) {
        // A segment without a champion model is scored by its best baseline, made a
        // probability on these validation rows (calibrated like the models).
        baselineCalibrations.put(b.name(), !b.probability()
            ? PlattCalibration.fitScore(validation, b.column(), spec.labelColumn())
            : spec.calibrate()
                ? PlattCalibration.fit(validation, b.column(), spec.labelColumn())
                : PlattCalibration.identity());
      }
    }
    Verdict verdict = verdict(group, best, baselineMetrics);
    LOG.info("classifier {}: chose {}; {}", group, best.candidate().describe(),
        verdict.describe());
    // Calibrated: the candidate the validation snapshots judged and calibrated is the model, so
    // that its calibration is out of sample. A refit on every snapshot would move the
    // probabilities the calibration was fitted to (measured on CDNOW: a worse calibration).
    List<LocalDate> all = new ArrayList<>(split.trainDates());
    PipelineModel model = bestModel;
    if (!spec.calibrate()) {
      model = best.candidate().fit(g.groupRows(), rowsOf(counts, members, null, null),
          Candidate.imputation(features, spec.transforms()).fit(g.groupRows()), features,
          spec.transforms(), spec.labelColumn(), spec.seed());
      all.addAll(split.embargoedDates());
      all.addAll(split.validationDates());
    }
    return new FittedClassifier(group, group, "", best.candidate(), spec.seed(), features,
        all.get(0), all.get(all.size() - 1), split.validationDates().get(0),
        split.validationDates().get(split.validationDates().size() - 1),
        spec.calibrate() ? rowsOf(counts, members, split, split.trainDates())
            : rowsOf(counts, members, null, null),
        rowsOf(counts, members, split, split.validationDates()), spec.selectionMetric(),
        results, baselineMetrics, verdict, model, calibration, baselineCalibrations);
  }

  /**
   * Each candidate's selection score: its validation metric averaged with the same candidate's
   * one fold earlier when the earlier fit tried the same grid and every metric there is defined,
   * else the validation metric alone.
   */
  private List<CandidateResult> withSelectionScores(String group, List<CandidateResult> results,
      List<CandidateResult> earlier) {
    boolean sameGrid = earlier.size() == results.size();
    for (int i = 0; sameGrid && i < results.size(); i++) {
      sameGrid = earlier.get(i).candidate().equals(results.get(i).candidate())
          && !Double.isNaN(earlier.get(i).validationMetric());
    }
    if (!sameGrid) {
      return results;
    }
    List<CandidateResult> scored = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      CandidateResult r = results.get(i);
      scored.add(new CandidateResult(r.candidate(), r.validationMetric(),
          (r.validationMetric() + earlier.get(i).validationMetric()) / 2));
    }
    LOG.info("classifier {}: candidates compared on their mean {} over two time-ordered"
        + " validations: earlier fold {}, latest {}", group, spec.selectionMetric(),
        earlier.stream().map(r -> String.format(Locale.ROOT, "%.4f", r.validationMetric()))
            .toList(),
        results.stream().map(r -> String.format(Locale.ROOT, "%.4f", r.validationMetric()))
            .toList());
    return scored;
  }

  /**
   * Applies the one-standard-error rule ({@link CandidateSelection}) with DeLong's paired standard
   * error of each simpler candidate's ROC AUC against the best one's on the validation rows (at
   * most {@link #STANDARD_ERROR_ROWS} of them, sampled; the error is scaled back to all rows).
   * Under pr_auc, or with z = 0, the best is chosen.
   */
  private CandidateSelection select(String group, Dataset<Row> validation,
      List<CandidateResult> results, List<PipelineModel> models) {
    double[] metrics = results.stream().mapToDouble(CandidateResult::selectionScore).toArray();
    double[] standardErrors = new double[metrics.length];
    Arrays.fill(standardErrors, Double.NaN);
    int best = CandidateSelection.bestIndex(metrics);
    double z = spec.selectionStandardErrors();
    if (best > 0 && z > 0 && spec.selectionMetric().equals(BinaryMetrics.ROC_AUC)) {
      long rows = validation.count();
      Dataset<Row> sample = (rows > STANDARD_ERROR_ROWS
          ? validation.sample(false, (double) STANDARD_ERROR_ROWS / rows, spec.seed())
          : validation).withColumn(ROW_ID, monotonically_increasing_id())
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        double[] labels = column(sample, models.get(best), 0);
        double[] bestScores = column(sample, models.get(best), 1);
        double scale = Math.sqrt(labels.length / (double) rows);
        for (int i = 0; i < best; i++) {
          double[] d = AucStatistics.deLong(labels, bestScores, column(sample, models.get(i), 1));
          standardErrors[i] = d[2] * scale;
        }
      } finally {
        sample.unpersist();
      }
    }
    CandidateSelection selection = CandidateSelection.choose(metrics, standardErrors, z);
    LOG.info("classifier {}: selection: {}", group, selection.reason());
    return selection;
  }

  /** The label (0) or the model's positive-class probability (1) per sampled row, by row id. */
  private double[] column(Dataset<Row> sample, PipelineModel model, int which) {
    List<Row> rows = model.transform(sample)
        .select(col(ROW_ID), which == 0 ? col(spec.labelColumn())
            : Candidate.POSITIVE_PROBABILITY)
        .orderBy(ROW_ID).collectAsList();
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).getDouble(1);
    }
    return out;
  }

  /** Rows of the member segments, in {@code dates} only when a split is given. */
  private static long rowsOf(List<Row> counts, List<String> members, TimeSplit split,
      List<LocalDate> dates) {
    long n = 0;
    for (Row r : counts) {
      if (members.contains(r.getString(1))
          && (split == null || dates.contains(r.getDate(0).toLocalDate()))) {
        n += r.getLong(3);
      }
    }
    return n;
  }

  /** Features with at least one value in the training rows; the imputer cannot fill the rest. */
  private List<String> nonNullFeatures(Dataset<Row> train, String group) {
    Column[] counts = spec.featureColumns().stream().map(f -> count(col(f)))
        .toArray(Column[]::new);
    Row r = train.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < spec.featureColumns().size(); i++) {
      if (r.getLong(i) > 0) {
        kept.add(spec.featureColumns().get(i));
      } else {
        LOG.info("classifier {}: feature {} is null in every training row; left out", group,
            spec.featureColumns().get(i));
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("classifier of segment '" + group + "': every feature"
          + " is null in the training rows " + spec.featureColumns());
    }
    return kept;
  }

  private Verdict verdict(String group, CandidateResult best, Map<String, Double> baselines) {
    String bestName = "";
    double bestValue = Double.NaN;
    for (Map.Entry<String, Double> e : baselines.entrySet()) {
      if (!Double.isNaN(e.getValue()) && (bestName.isEmpty() || e.getValue() > bestValue)) {
        bestName = e.getKey();
        bestValue = e.getValue();
      }
    }
    double v = best.validationMetric();
    boolean beats = !Double.isNaN(v) && (bestName.isEmpty() || v > bestValue);
    return new Verdict(best.candidate().algorithm(), group, spec.selectionMetric(), v, bestName,
        bestValue, beats);
  }

  private static Object[] sqlDates(List<LocalDate> dates) {
    return dates.stream().map(Date::valueOf).toArray();
  }
}
