/**
 * Re-engagement policy: when inactive customers of a segment are worth an action, which action,
 * and what is due for each customer.
 *
 * <h2>The model (per segment)</h2>
 *
 * <p>Time t is the time since a customer's last engaged day (in days, or in units of the
 * customer's personal latency, see below), on the grid t = step, 2 step, ..., max.
 * <ul>
 *   <li>S(t): the segment's return-time curve, Kaplan-Meier on the inactivity spells (censored at
 *   the as-of date): the share of customers that go inactive who are still inactive after t.
 *   S_inf = the curve's last value (its plateau): the share that never returns.</li>
 *   <li>V: the value of a customer won back (configured, or given per segment by the caller).</li>
 *   <li>An action a has a cost c per contacted customer and a response rate r.</li>
 *   <li>uplift(t): the share of the customers still inactive at t whom acting at t wins back and
 *   who would not have come back on their own.</li>
 * </ul>
 *
 * <p>Acting at t on everyone still inactive costs c for a share S(t) of the customers that went
 * inactive and wins back a share S(t) uplift(t), each worth V. Expected net value per customer
 * that goes inactive:
 * <pre>
 *   W(t) = S(t) * (uplift(t) * V - c(t)),   c(t) = c + f * V + d * (q(t) + uplift(t))
 * </pre>
 * The cost of a contact c(t) holds what makes early action expensive in practice: the contact's
 * own cost c, the fatigue f * V (f the probability that a contact loses the customer as a
 * contact: an unsubscribe or a complaint) and the discount d paid to every treated customer who
 * comes back within the response window w, whether won back (uplift) or returning anyway (q(t),
 * the share of those still inactive at t who come back within w on their own: 1 - S(t + w) / S(t)
 * with the prior, the control group's response rate where uplift is measured).
 * The optimal re-engagement point is t* = argmax W (the earliest of equal maxima); when
 * max W &lt;= 0 the policy is "no action". Too early, most of those paid for would have come back
 * anyway (S(t) large, uplift small); too late, fewer can still be reached.
 *
 * <p><b>Prior uplift</b> (no campaign history):
 * <pre>
 *   uplift(t) = r * (S_inf / S(t)) * A(t)
 * </pre>
 * S_inf / S(t) is the share of those still inactive at t who would never come back on their own
 * (only they can be won back), r the action's response rate among them when reachable, A(t) the
 * probability of still being reachable after t: A(t) = 0.5^(t / h) for a half-life h (h = 0: A = 1),
 * or a supplied function such as the segment's BG/NBD P(alive) ({@link
 * io.lapse.models.policy.Reachability#of}). With the prior, W(t) = r V S_inf A(t) - c S(t): the
 * value of acting decays with reachability while the cost falls as customers return on their own,
 * and t* is where the two slopes meet. Since uplift &lt;= r, an action with c &gt;= r V never pays.
 * (Without fatigue and discount; with them, W(t) = r (V - d) S_inf A(t) - (c + f V) S(t)
 * - d (S(t) - S(t + w)).)
 *
 * <p><b>Uplift from campaign history</b> ({@link io.lapse.models.policy.CampaignUplift}): contacts
 * with a randomized control group, bucketed by the customer's inactivity at contact (buckets of
 * {@code bucket-days}); per segment, action and bucket, uplift = treated response rate - control
 * response rate, a response being an engaged day within {@code response-window-days} from the
 * contact day. Smoothing: the bucket's win-back share, uplift / (1 - control rate), is fitted
 * non-increasing in inactivity (MLlib isotonic regression, isotonic = false, weight
 * (1 - control rate)^2 / (1/n_treated + 1/n_control)) and multiplied back by (1 - control rate):
 * the uplift itself rises while most control customers still come back on their own. A bucket
 * with at least
 * {@code min-contacts-per-group} treated and control contacts replaces the prior for the t in
 * it; other t keep the prior. Each rung records the source of its uplift, the segment records
 * {@code campaign_history} when any of its uplift values came from history, else {@code prior}.
 *
 * <h2>Escalation ladder</h2>
 *
 * <p>The actions are taken in order of cost (ties by name). Rung k (action a_k) is placed at
 * <pre>
 *   t_k = argmax over t &gt; t_(k-1) of  W_k(t) = S(t) * prod_(j&lt;k) (1 - u_j(t_j)) * (u_k(t) * V - c_k)
 * </pre>
 * the customers won back by earlier rungs being gone from those still inactive (the remaining
 * ones are taken to return on their own like the segment). An action whose max W_k &lt;= 0 is
 * skipped (a dearer action with a higher response may still pay); the ladder ends when no
 * remaining action pays or the grid is exhausted. No action appears twice; times strictly
 * increase. Each rung records: action, t, W_k(t_k) (expected value per lapsing customer), u_k(t_k),
 * the uplift source, the share contacted, and u_k V - c_k (value of acting on one customer still
 * inactive then). t* of the segment is the first rung's time. The W(t) of every action as the
 * first rung is kept ({@link io.lapse.models.policy.ActionCurve}).
 *
 * <h2>Timing in personal latency units</h2>
 *
 * <p>With {@code timing-unit = latency} the caller passes a return-time curve of spells measured in
 * multiples of each customer's latency (gap / latency), and all policy times (grid, half-life) are
 * in those units; for a customer, t_days = t * latency_days ({@link
 * io.lapse.models.policy.PolicyTiming}). A customer without a latency gets the segment's policy in
 * days when the caller computed one, else the latency policy's times read as days. Measured uplift
 * is bucketed in both units ({@link io.lapse.models.policy.CampaignUplift}): each policy reads the
 * buckets of its own unit, and its timing arms act in that unit.
 *
 * <h2>Reward preferences</h2>
 *
 * <p>{@link io.lapse.models.policy.RewardPreferences}: the policy's ladder takes the actions of the
 * default reward kinds; each preference group (a community role, or order-3 customers) gets a
 * ladder of its own on the same curve ({@link io.lapse.models.policy.PreferenceLadder}), its kinds'
 * actions first, with the uplift measured on the group where eligible.
 *
 * <h2>Stability</h2>
 *
 * <p>Bootstrap ({@link io.lapse.models.policy.PolicyBootstrap}): the segment's spells (grouped as
 * (duration, events, censored)) are resampled with replacement (one multinomial draw of the same
 * number of spells, seeded {@link java.util.SplittableRandom}), S re-estimated and t* found again,
 * {@code replicates} times; the interval is the percentile interval at {@code level} over the
 * replicates that act (those where no action pays are counted, not placed). A segment is flagged
 * ({@link io.lapse.models.policy.PolicyStability}) when its new t* lies outside the previous run's
 * interval or it switched between acting and "no action".
 *
 * <h2>Customers</h2>
 *
 * <p>{@link io.lapse.models.policy.CustomerActions}: for a customer with recency r days (since the
 * last engaged day) as of D, rung k is due on day d_k = ceil(t_k in days) of the spell (at least 1,
 * and at least d_(k-1) + 1), i.e. on D + (d_k - r). The next rung is the first with d_k &gt;= r:
 * rungs before r have passed (acted on already, or the customer was inactive longer when the
 * policy started) and are not caught up. Reasons: {@code active} (r = 0), {@code due} (next rung
 * on D..D + due-window-days), {@code not_yet_due}, {@code past_ladder} (r beyond the last rung),
 * {@code no_action} (no rung pays), {@code no_policy}, {@code no_history} (no engaged day). Only
 * the current spell counts, so a customer who came back starts over at the first rung and is never
 * due an action of an earlier spell, and each action is due on one date per spell.
 * {@code reengagement_actions} lists every rung due on D..D + due-window-days, one row per
 * customer and action, key (customer_id, action, due_date).
 *
 * <h2>Parameters</h2>
 *
 * <p>The keys, their defaults and their meaning are those under {@code lapse.policy} in
 * {@code conf/reference.conf}.
 */
package io.lapse.models.policy;
