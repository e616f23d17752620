package io.lapse.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test utility: renders an HTML file in headless Chromium (Debian's {@code chromium} package) and
 * returns the DOM after its scripts ran, the JavaScript errors it raised, and a screenshot.
 *
 * <p>Each {@link #render} starts the browser twice (once with {@code --dump-dom}, once with
 * {@code --screenshot}), each time with a fresh, afterwards deleted, {@code --user-data-dir} and
 * the flags this machine's closed network needs. Script errors come from Chromium's own log
 * ({@code --enable-logging=stderr}): Chromium 15x logs every console message at INFO level as
 * <pre>[pid:tid:MMDD/hhmmss.micros:INFO:CONSOLE:LINE] "MESSAGE", source: URL (LINE)</pre>
 * with no trace of the console level, uncaught exceptions as {@code "Uncaught Error: boom"} and
 * unhandled rejections as {@code "Uncaught (in promise) Error: ..."}. So an uncaught error is a
 * message starting with {@code Uncaught}; to tell {@code console.error} from {@code console.log},
 * the DOM run loads a copy of the page with a tiny first script (which removes itself) that
 * prefixes {@code console.error} messages with {@value #CONSOLE_ERROR_MARK}.
 */
public final class HeadlessChromium {

  /** The message shown when the browser is missing. */
  public static final String NOT_FOUND = "headless Chromium not found (/usr/bin/chromium or LAPSE_CHROMIUM): "
      + "install Debian's chromium package (apt-get install -y chromium) to run the report rendering check";

  public static final String ENV_EXECUTABLE = "LAPSE_CHROMIUM";
  public static final String REQUIRE_PROPERTY = "lapse.require-chromium";
  static final Path DEFAULT_EXECUTABLE = Paths.get("/usr/bin/chromium");

  static final int WIDTH = 1280;
  static final int HEIGHT = 6000;
  static final long TIMEOUT_SECONDS = 120;
  static final int VIRTUAL_TIME_BUDGET_MS = 10_000;
  static final String CONSOLE_ERROR_MARK = "console.error: ";

  /** What one page rendered to. {@code screenshot} is null when none was asked for. */
  public record Rendering(String dom, List<String> scriptErrors, Path screenshot) {
    public Rendering {
      scriptErrors = List.copyOf(scriptErrors);
    }
  }

  private HeadlessChromium() {}

  /** The browser: {@code $LAPSE_CHROMIUM} when set (and then only it), else /usr/bin/chromium. */
  public static Optional<Path> executable() {
    String configured = System.getenv(ENV_EXECUTABLE);
    Path candidate = configured != null && !configured.isBlank() ? Paths.get(configured.trim()) : DEFAULT_EXECUTABLE;
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /** Whether a missing browser must fail rather than skip: {@code CI} set, or -Dlapse.require-chromium=true. */
  public static boolean chromiumRequired() {
    return chromiumRequired(System.getenv("CI"), System.getProperty(REQUIRE_PROPERTY));
  }

  static boolean chromiumRequired(String ciEnv, String requireProperty) {
    if (requireProperty != null && Boolean.parseBoolean(requireProperty.trim())) {
      return true;
    }
    if (ciEnv == null) {
      return false;
    }
    String ci = ciEnv.trim().toLowerCase(Locale.ROOT);
    return !ci.isEmpty() && !ci.equals("false") && !ci.equals("0") && !ci.equals("no");
  }

  /**
   * Returns the browser, or ends the calling test: skipped (JUnit assumption, with {@link #NOT_FOUND}
   * as the reason) on a developer machine, failed where {@link #chromiumRequired()}.
   */
  public static Path assumeInstalled() {
    Optional<Path> exe = executable();
    if (exe.isPresent()) {
      return exe.get();
    }
    if (chromiumRequired()) {
      return Assertions.fail(NOT_FOUND + " [required here: CI or -D" + REQUIRE_PROPERTY + "=true is set]");
    }
    System.err.println("SKIPPED: " + NOT_FOUND);
    Assumptions.abort(NOT_FOUND);
    throw new AssertionError("unreachable");
  }

  /**
   * Renders {@code html}: the DOM after load and scripts ({@code --dump-dom}), the script errors of
   * that run, and, unless {@code screenshotPng} is null, a {@value #WIDTH}x{@value #HEIGHT} screenshot.
   */
  public static Rendering render(Path html, Path screenshotPng) throws IOException, InterruptedException {
    Path exe = assumeInstalled();
    Path page = html.toAbsolutePath().normalize();
    if (!Files.isRegularFile(page)) {
      throw new IOException("no such page: " + page);
    }
    Path work = Files.createTempDirectory("lapse-chromium-");
    try {
      Path instrumented = work.resolve("page.html");
      Files.writeString(instrumented, instrument(Files.readString(page, StandardCharsets.UTF_8), page.getParent()),
          StandardCharsets.UTF_8);
      Run dumpRun = run(exe, work, "dump", List.of("--dump-dom", instrumented.toUri().toString()));
      String dom = Files.readString(dumpRun.stdout, StandardCharsets.UTF_8);
      if (dumpRun.exitCode != 0 || dom.isBlank()) {
        throw new IOException("Chromium --dump-dom of " + page + " failed (exit " + dumpRun.exitCode + "):\n"
            + tail(dumpRun.stderr));
      }
      // the copy keeps the page's line numbers (the injection adds no line): name the page itself
      String copyUrl = instrumented.toUri().toString();
      List<String> errors = scriptErrors(Files.readString(dumpRun.stderr, StandardCharsets.UTF_8)).stream()
          .map(e -> e.replace(copyUrl, page.toUri().toString()))
          .toList();

      Path shot = null;
      if (screenshotPng != null) {
        shot = screenshotPng.toAbsolutePath().normalize();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Run shotRun = run(exe, work, "shot", List.of("--hide-scrollbars", "--screenshot=" + shot,
            page.toUri().toString()));
        if (shotRun.exitCode != 0 || !Files.isRegularFile(shot) || Files.size(shot) == 0) {
          throw new IOException("Chromium --screenshot of " + page + " failed (exit " + shotRun.exitCode
              + "):\n" + tail(shotRun.stderr));
        }
      }
      return new Rendering(dom, errors, shot);
    } finally {
      deleteTree(work);
    }
  }

  private record Run(int exitCode, Path stdout, Path stderr) {}

  private static Run run(Path exe, Path work, String name, List<String> tail) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("lapse-chromium-profile-");
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    List<String> cmd = new ArrayList<>(List.of(exe.toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + WIDTH + "," + HEIGHT, "--force-device-scale-factor=1",
        "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS,
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(tail);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        killTree(p);
        throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s, killed: " + cmd
            + "\n" + tail(err));
      }
      return new Run(p.exitValue(), out, err);
    } catch (InterruptedException e) {
      killTree(p);
      throw e;
    } finally {
      deleteTree(profile);
    }
  }

  private static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> all = p.descendants().toList();
    all.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle h : all) {
      h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join();
    }
  }

  // --- instrumentation -------------------------------------------------------------------------

  private static final Pattern HEAD_OPEN = Pattern.compile("<head(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern HTML_OPEN = Pattern.compile("<html(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern DOCTYPE = Pattern.compile("<!doctype[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern BASE = Pattern.compile("<base[\\s>]", Pattern.CASE_INSENSITIVE);

  /** The page with, first in its head, a base (so relative URLs still resolve) and the console.error mark. */
  static String instrument(String source, Path dir) {
    String shim = "<script>(function(){var e=console.error;console.error=function(){"
        + "var a=Array.prototype.slice.call(arguments);if(typeof a[0]==='string'){a[0]='" + CONSOLE_ERROR_MARK
        + "'+a[0];}else{a.unshift('" + CONSOLE_ERROR_MARK.trim() + "');}return e.apply(console,a);};"
        + "document.currentScript.remove();})();</script>";
    String dirUrl = dir.toUri().toString(); // ends in '/' only when the directory exists
    String base = BASE.matcher(source).find() ? ""
        : "<base href=\"" + (dirUrl.endsWith("/") ? dirUrl : dirUrl + "/").replace("\"", "%22") + "\">";
    String inject = base + shim;
    for (Pattern anchor : List.of(HEAD_OPEN, HTML_OPEN, DOCTYPE)) {
      Matcher m = anchor.matcher(source);
      if (m.find()) {
        return source.substring(0, m.end()) + inject + source.substring(m.end());
      }
    }
    return inject + source;
  }

  // --- log parsing -----------------------------------------------------------------------------

  /** Start of a Chromium log line: [pid:tid:MMDD/hhmmss.micros:LEVEL:source...]. */
  private static final Pattern LOG_START = Pattern.compile("^\\[\\d+:\\d+:\\d{4}/\\d{6}\\.\\d+:[A-Z_]+:");
  private static final Pattern CONSOLE_ENTRY = Pattern.compile(
      "^\\[[^\\]]*:CONSOLE[(:]?(\\d*)\\)?\\] \"(.*)\", source: (.*?) \\((\\d+)\\)\\s*$", Pattern.DOTALL);

  /** The uncaught errors and console.error messages in Chromium's stderr log, as "MESSAGE (URL:LINE)". */
  static List<String> scriptErrors(String stderr) {
    List<String> entries = new ArrayList<>();
    StringBuilder current = null;
    for (String line : stderr.split("\\R", -1)) {
      if (LOG_START.matcher(line).find()) {
        if (current != null) {
          entries.add(current.toString());
        }
        current = new StringBuilder(line);
      } else if (current != null) {
        current.append('\n').append(line);
      }
    }
    if (current != null) {
      entries.add(current.toString());
    }
    List<String> errors = new ArrayList<>();
    for (String entry : entries) {
      Matcher m = CONSOLE_ENTRY.matcher(entry.strip());
      if (!m.matches()) {
        continue;
      }
      String message = m.group(2);
      if (message.startsWith("Uncaught")) {
        errors.add(message + " (" + m.group(3) + ":" + m.group(4) + ")");
      } else if (message.startsWith(CONSOLE_ERROR_MARK) || message.startsWith(CONSOLE_ERROR_MARK.trim() + " ")) {
        errors.add(message + " (" + m.group(3) + ":" + m.group(4) + ")");
      }
    }
    return errors;
  }

  // --- DOM reading -----------------------------------------------------------------------------

  private static final Pattern BODY_OPEN = Pattern.compile("<body(?=[\\s>/])", Pattern.CASE_INSENSITIVE);

  /**
   * The {@code data-*} attributes of the dumped DOM's body element, keyed like {@code element.dataset}
   * (so {@code data-empty-charts} is {@code emptyCharts}), values with character references decoded.
   */
  public static Map<String, String> bodyData(String dom) {
    Matcher m = BODY_OPEN.matcher(dom);
    if (!m.find()) {
      throw new IllegalArgumentException("no <body> in the DOM");
    }
    Map<String, String> data = new LinkedHashMap<>();
    int i = m.end();
    int n = dom.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(dom.charAt(i))) {
        i++;
      }
      if (i >= n || dom.charAt(i) == '>' || dom.startsWith("/>", i)) {
        break;
      }
      int nameStart = i;
      while (i < n && !Character.isWhitespace(dom.charAt(i)) && "=>/".indexOf(dom.charAt(i)) < 0) {
        i++;
      }
      String name = dom.substring(nameStart, i).toLowerCase(Locale.ROOT);
      if (name.isEmpty()) { // a stray '/' or '='
        i++;
        continue;
      }
      while (i < n && Character.isWhitespace(dom.charAt(i))) {
        i++;
      }
      String value = "";
      if (i < n && dom.charAt(i) == '=') {
        i++;
        while (i < n && Character.isWhitespace(dom.charAt(i))) {
          i++;
        }
        if (i < n && (dom.charAt(i) == '"' || dom.charAt(i) == '\'')) {
          char q = dom.charAt(i);
          int end = dom.indexOf(q, i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated attribute " + name + " on <body>");
          }
          value = dom.substring(i + 1, end);
          i = end + 1;
        } else {
          int start = i;
          while (i < n && !Character.isWhitespace(dom.charAt(i)) && dom.charAt(i) != '>') {
            i++;
          }
          value = dom.substring(start, i);
        }
      }
      if (name.startsWith("data-") && name.length() > 5) {
        data.putIfAbsent(datasetKey(name.substring(5)), decodeEntities(value));
      }
    }
    return data;
  }

  private static String datasetKey(String attr) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < attr.length(); i++) {
      char c = attr.charAt(i);
      if (c == '-' && i + 1 < attr.length() && attr.charAt(i + 1) >= 'a' && attr.charAt(i + 1) <= 'z') {
        key.append(Character.toUpperCase(attr.charAt(++i)));
      } else {
        key.append(c);
      }
    }
    return key.toString();
  }

  private static final Pattern CHAR_REF = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|quot|lt|gt|apos|nbsp);");

  static String decodeEntities(String s) {
    Matcher m = CHAR_REF.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String rep = switch (ref) {
        case "amp" -> "&";
        case "quot" -> "\"";
        case "lt" -> "<";
        case "gt" -> ">";
        case "apos" -> "'";
        case "nbsp" -> "\u00a0";
        default -> new String(Character.toChars(ref.charAt(1) == 'x' || ref.charAt(1) == 'X'
            ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1))));
      };
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return out.toString();
  }

  // --- files -----------------------------------------------------------------------------------

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
        return;
      } catch (IOException | UncheckedIOException e) {
        // a lingering child may still be writing into the profile: try again shortly
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
