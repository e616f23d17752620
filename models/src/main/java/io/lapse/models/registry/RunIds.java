package io.lapse.models.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run ids that depend only on what was fitted: task, fitted segment, algorithm, hyper-parameters,
 * seed, training window and a fingerprint of the training data. No wall clock, so a rerun on the
 * same inputs writes the same id (and overwrites the same artifact) instead of a new one.
 */
public final class RunIds {

  private RunIds() {}

  /**
   * @param parts named inputs of the fit; ordered by name before hashing
   * @return "run-" and 16 hex digits of their SHA-256
   */
  public static String of(Map<String, String> parts) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(parts).forEach((k, v) -> s.append(k.length()).append(':').append(k)
        .append('=').append(v.length()).append(':').append(v).append(';'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return "run-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
