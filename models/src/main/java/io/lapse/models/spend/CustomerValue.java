package io.lapse.models.spend;

import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.models.bgnbd.BgNbdPredictor;
import java.io.Serializable;

/**
 * A customer's lifetime value over a horizon: BG/NBD's expected transactions, spread over steps
 * of about a month, each step's increment times the expected mean spend and discounted to today
 * at the annual rate (lifetimes' {@code customer_lifetime_value} with discounting at the end of
 * each step). Without discounting it is E[X(H)] x E[M]. Serializable: the score UDF carries it.
 */
public final class CustomerValue implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final double DAYS_PER_WEEK = 7.0;
  private static final double DAYS_PER_YEAR = 365.25;
  /** Discounting step: a month is fine enough that a 10% annual rate is off by under 0.5%. */
  private static final double STEP_DAYS = 30.0;

  private final int horizonDays;
  private final double annualDiscountRate;

  /**
   * @param horizonDays the horizon H, days ahead of D
   * @param annualDiscountRate the discount rate per year, &gt;= 0
   */
  public CustomerValue(int horizonDays, double annualDiscountRate) {
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizon days must be >= 1 but was " + horizonDays);
    }
    if (!(annualDiscountRate >= 0) || Double.isInfinite(annualDiscountRate)) {
      throw new IllegalArgumentException("annual discount rate must be >= 0 and finite but was "
          + annualDiscountRate);
    }
    this.horizonDays = horizonDays;
    this.annualDiscountRate = annualDiscountRate;
  }

  public int horizonDays() {
    return horizonDays;
  }

  public double annualDiscountRate() {
    return annualDiscountRate;
  }

  /**
   * The discounted value of a customer with BG/NBD statistics (x, t_x, T in weeks) and expected
   * mean spend per transaction {@code spend}.
   */
  public double clv(BgNbdParams params, int x, double tx, double T, double spend) {
    int steps = (int) Math.ceil(horizonDays / STEP_DAYS);
    double value = 0;
    double previous = 0;
    for (int i = 1; i <= steps; i++) {
      double days = (double) horizonDays * i / steps;
      double expected = BgNbdPredictor.expectedTransactions(params, days / DAYS_PER_WEEK, x, tx, T);
      value += (expected - previous) / Math.pow(1 + annualDiscountRate, days / DAYS_PER_YEAR);
      previous = expected;
    }
    return value * spend;
  }
}
