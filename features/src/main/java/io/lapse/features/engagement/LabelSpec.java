package io.lapse.features.engagement;

import java.util.List;
import java.util.Locale;

/**
 * The question the dis-engagement label answers about the H days after a snapshot S.
 *
 * <ul>
 *   <li>{@link Definition#NO_ENGAGEMENT}: the customer has no engaged day in (S, S + H], counting
 *       only actions of {@code kinds} (every kind when empty). Every customer engaged on or before
 *       S is an example, lapsed ones included: they are the customers a win-back is for. This is
 *       the usual churn question ("who makes no purchase in the coming weeks").
 *   <li>{@link Definition#ONSET}: dis-engagement begins in (S, S + H], i.e. recency first passes
 *       the threshold T of {@link DisengagementSpec} there. Only customers not yet dis-engaged at S
 *       are examples; one who engaged just before S is 0 by definition when H &lt;= T.
 * </ul>
 *
 * @param kinds engagement kinds that count for {@link Definition#NO_ENGAGEMENT}; ignored by
 *     {@link Definition#ONSET}
 */
public record LabelSpec(Definition definition, List<String> kinds) {

  public enum Definition {
    NO_ENGAGEMENT("no-engagement"),
    ONSET("onset");

    private final String code;

    Definition(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Definition parse(String code) {
      for (Definition d : values()) {
        if (d.code.equals(code.trim().toLowerCase(Locale.ROOT))) {
          return d;
        }
      }
      throw new IllegalArgumentException("label definition must be no-engagement or onset but"
          + " was '" + code + "'");
    }
  }

  public LabelSpec {
    kinds = List.copyOf(kinds);
  }

  public static LabelSpec defaults() {
    return new LabelSpec(Definition.NO_ENGAGEMENT, List.of());
  }

  public static LabelSpec onset() {
    return new LabelSpec(Definition.ONSET, List.of());
  }

  /** Fails naming the unknown kind when {@code kinds} are not all kinds of the profile. */
  public void requireKinds(List<String> profileKinds) {
    for (String k : kinds) {
      if (!profileKinds.contains(k)) {
        throw new IllegalArgumentException("label kind '" + k + "' is not a kind of the engagement"
            + " profile " + profileKinds);
      }
    }
  }

  /** What the scores table states as the question: e.g. {@code no-engagement[purchase]}. */
  public String describe() {
    return definition == Definition.NO_ENGAGEMENT && !kinds.isEmpty()
        ? definition.code() + kinds.toString().replace(" ", "") : definition.code();
  }
}
