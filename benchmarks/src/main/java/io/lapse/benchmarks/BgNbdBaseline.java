package io.lapse.benchmarks;

import static org.apache.spark.sql.functions.col;

import io.lapse.models.bgnbd.BgNbdFit;
import io.lapse.models.bgnbd.BgNbdFitter;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import io.lapse.models.bgnbd.FitOptions;
import io.lapse.models.bgnbd.SufficientStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * BG/NBD alone as a baseline, fitted by the benchmark with lapse's library on the purchase days up
 * to C: x = purchase days after the first, t_x and T in weeks (days / 7) from the first purchase
 * day. Scores: P(no purchase in the next H days) and minus the expected purchases in H (the
 * ranking the expected-transactions baseline would give).
 *
 * <p>Customers with T = 0 (first purchase on C) cannot enter the likelihood (lapse requires
 * T > 0) and carry no information about their own rates anyway; they are left out of the fit and
 * scored as new customers: P(none in t) = (alpha / (alpha + t))^r (the x = 0, T -> 0 limit, where
 * P(alive) = 1) and E = eq. 7 of FHL (2005).
 */
public final class BgNbdBaseline {

  public static final String P_NONE = "bgnbd_p_no_purchase";
  public static final String NEG_EXPECTED = "bgnbd_minus_expected";

  private static final double DAYS_PER_WEEK = 7.0;

  /** Result of one fit: the scores per customer and what the report shows. */
  public record Result(Dataset<Row> scores, BgNbdFit fit, long customersWithZeroAge,
      int groups, long discordantGroupPairs, long groupPairs) {}

  private BgNbdBaseline() {}

  /**
   * @param summaries {@link CdnowData#summaries} at C
   * @return scores with {@code customer_id}, {@link #P_NONE}, {@link #NEG_EXPECTED}
   */
  public static Result fitAndScore(SparkSession spark, Dataset<Row> summaries, int horizonDays) {
    List<Row> groups = summaries
        .groupBy(CdnowData.REPEAT_DAYS, CdnowData.TX_DAYS, CdnowData.TENURE_DAYS).count()
        .collectAsList();
    SufficientStatistics.Builder stats = SufficientStatistics.builder();
    long zeroAge = 0;
    for (Row g : groups) {
      int x = g.getInt(0);
      int txDays = g.getInt(1);
      int tDays = g.getInt(2);
      long n = g.getLong(3);
      if (tDays == 0) {
        zeroAge += n;
      } else {
        stats.add(x, txDays / DAYS_PER_WEEK, tDays / DAYS_PER_WEEK, n);
      }
    }
    BgNbdFit fit = BgNbdFitter.fit(stats.build(), FitOptions.defaults());
    BgNbdParams p = fit.params();
    List<Row> scored = new ArrayList<>(groups.size());
    double[] pNone = new double[groups.size()];
    double[] expected = new double[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      Row g = groups.get(i);
      int x = g.getInt(0);
      int txDays = g.getInt(1);
      int tDays = g.getInt(2);
      pNone[i] = probabilityNoPurchase(p, horizonDays, x, txDays, tDays);
      expected[i] = expectedPurchases(p, horizonDays, x, txDays, tDays);
      scored.add(RowFactory.create(x, txDays, tDays, pNone[i], -expected[i]));
    }
    long discordant = 0;
    for (int i = 0; i < pNone.length; i++) {
      for (int j = i + 1; j < pNone.length; j++) {
        // Same ranking: a higher P(none) goes with fewer expected purchases (ties alike).
        int a = Double.compare(pNone[i], pNone[j]);
        int b = Double.compare(-expected[i], -expected[j]);
        if (Integer.signum(a) != Integer.signum(b)) {
          discordant++;
        }
      }
    }
    StructType schema = new StructType()
        .add("_x", DataTypes.IntegerType).add("_tx", DataTypes.IntegerType)
        .add("_t", DataTypes.IntegerType).add(P_NONE, DataTypes.DoubleType)
        .add(NEG_EXPECTED, DataTypes.DoubleType);
    Dataset<Row> table = spark.createDataFrame(scored, schema);
    Dataset<Row> scores = summaries.join(table,
            col(CdnowData.REPEAT_DAYS).equalTo(col("_x"))
                .and(col(CdnowData.TX_DAYS).equalTo(col("_tx")))
                .and(col(CdnowData.TENURE_DAYS).equalTo(col("_t"))), "inner")
        .select(col(CdnowData.CUSTOMER_ID), col(P_NONE), col(NEG_EXPECTED));
    long pairs = (long) pNone.length * (pNone.length - 1) / 2;
    return new Result(scores, fit, zeroAge, groups.size(), discordant, pairs);
  }

  /**
   * P(no purchase in the next H days) with given parameters (no fit): the oracle score of
   * generated data when {@code p} are the true parameters.
   *
   * @param summaries {@link CdnowData#summaries} at C
   * @return {@code customer_id} and {@code column}
   */
  public static Dataset<Row> scoreWith(SparkSession spark, Dataset<Row> summaries,
      int horizonDays, BgNbdParams p, String column) {
    List<Row> groups = summaries
        .groupBy(CdnowData.REPEAT_DAYS, CdnowData.TX_DAYS, CdnowData.TENURE_DAYS).count()
        .collectAsList();
    List<Row> scored = new ArrayList<>(groups.size());
    for (Row g : groups) {
      scored.add(RowFactory.create(g.getInt(0), g.getInt(1), g.getInt(2),
          probabilityNoPurchase(p, horizonDays, g.getInt(0), g.getInt(1), g.getInt(2))));
    }
    StructType schema = new StructType()
        .add("_x", DataTypes.IntegerType).add("_tx", DataTypes.IntegerType)
        .add("_t", DataTypes.IntegerType).add(column, DataTypes.DoubleType);
    return summaries.join(spark.createDataFrame(scored, schema),
            col(CdnowData.REPEAT_DAYS).equalTo(col("_x"))
                .and(col(CdnowData.TX_DAYS).equalTo(col("_tx")))
                .and(col(CdnowData.TENURE_DAYS).equalTo(col("_t"))), "inner")
        .select(col(CdnowData.CUSTOMER_ID), col(column));
  }

  /**
   * P(no purchase in the next {@code horizonDays} days | x, t_x, T) with t_x and T in days
   * (converted to weeks); a customer with T = 0 is scored as a new customer,
   * {@code (alpha / (alpha + t))^r}.
   */
  public static double probabilityNoPurchase(BgNbdParams p, int horizonDays, int x, int txDays,
      int tDays) {
    double t = horizonDays / DAYS_PER_WEEK;
    if (tDays == 0) {
      return Math.pow(p.alpha() / (p.alpha() + t), p.r());
    }
    return BgNbdPredictor.probabilityNoTransaction(p, t, x, txDays / DAYS_PER_WEEK,
        tDays / DAYS_PER_WEEK);
  }

  /** Expected purchases in the next {@code horizonDays} days, as {@link #probabilityNoPurchase}. */
  public static double expectedPurchases(BgNbdParams p, int horizonDays, int x, int txDays,
      int tDays) {
    double t = horizonDays / DAYS_PER_WEEK;
    if (tDays == 0) {
      return BgNbdPredictor.expectedTransactionsNewCustomer(p, t);
    }
    return BgNbdPredictor.expectedTransactions(p, t, x, txDays / DAYS_PER_WEEK,
        tDays / DAYS_PER_WEEK);
  }
}
