package io.lapse.benchmarks;

import java.util.concurrent.TimeUnit;

/** The repository's commit, from git in the working directory, for the results files. */
public final class Commit {

  private Commit() {}

  public static String describe() {
    String head = run("git", "rev-parse", "HEAD");
    if (head.isEmpty()) {
      return "unknown (git not available)";
    }
    String branch = run("git", "rev-parse", "--abbrev-ref", "HEAD");
    // Results files are left out: a benchmark running beside another sees the other's output.
    String dirty = run("git", "status", "--porcelain", "--untracked-files=no", "--", ".",
        ":(exclude)benchmarks/results");
    return "`" + head + "` (" + branch + ")"
        + (dirty.isEmpty() ? "" : ", with uncommitted changes to tracked files");
  }

  private static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String outText = new String(p.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "";
      }
      return outText;
    } catch (Exception e) {
      return "";
    }
  }
}
