package io.lapse.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendering harness itself: it must see script errors, dump the DOM only after the page's
 * scripts ran, and take a real screenshot. The Chromium tests share two renderings (four browser
 * starts); the rest need no browser.
 */
class HeadlessChromiumTest {

  @TempDir
  static Path dir;

  private static HeadlessChromium.Rendering clean;
  private static HeadlessChromium.Rendering broken;

  /** A page following the report's chart contract: one chart that draws, one that is empty. */
  static final String CLEAN_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>fixture</title></head>
            <body>
            <figure class="chart" id="chart-drawn"><svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">
              <rect x="0" y="0" width="600" height="300" fill="#ffffff"/>
              <polyline points="10,290 150,60 300,180 590,10" fill="none" stroke="#cc0000" stroke-width="6"/>
              <rect x="40" y="200" width="120" height="80" fill="#0066cc"/>
              <text x="300" y="40" font-size="20">lapse</text>
            </svg></figure>
            <figure class="chart" id="chart-empty"><svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">
              <rect x="0" y="0" width="600" height="300" fill="#ffffff"/><g></g><path d=""/>
            </svg></figure>
            <script>
            setTimeout(function () { document.body.dataset.late = "timer-ran"; }, 3000);
            window.addEventListener("load", function () {
              var figures = document.querySelectorAll("figure.chart"), empty = [];
              figures.forEach(function (figure) {
                var svg = figure.querySelector("svg"), drawn = 0;
                if (svg) {
                  var w = svg.width.baseVal.value, h = svg.height.baseVal.value;
                  svg.querySelectorAll("path,line,rect,circle,polyline,polygon,text").forEach(function (e) {
                    var b = e.getBBox();
                    if (e.tagName === "rect" && b.width >= w && b.height >= h) return; // background
                    if (b.width * b.height > 0) drawn++;
                  });
                }
                if (drawn === 0) empty.push(figure.id);
              });
              document.body.dataset.charts = String(figures.length);
              document.body.dataset.emptyCharts = empty.join(" ");
              console.log("charts checked: not an error");
            });
            </script>
            </body></html>
      """;

  /** A page that throws from an inline script and reports through console.error. */
  static final String BROKEN_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"></head>
            <body><p>broken</p>
            <script>console.log("plain log line");</script>
            <script>console.error("chart failed:", "c7");</script>
            <script>document.body.dataset.before = "yes"; throw new Error("boom");</script>
            <script>document.body.dataset.after = "still-runs";</script>
            </body></html>
      """;

  private static synchronized HeadlessChromium.Rendering clean() throws Exception {
    HeadlessChromium.assumeInstalled();
    if (clean == null) {
      Path page = Files.writeString(dir.resolve("clean.html"), CLEAN_PAGE, StandardCharsets.UTF_8);
      clean = HeadlessChromium.render(page, dir.resolve("shots/clean.png"));
    }
    return clean;
  }

  private static synchronized HeadlessChromium.Rendering broken() throws Exception {
    HeadlessChromium.assumeInstalled();
    if (broken == null) {
      Path page = Files.writeString(dir.resolve("broken.html"), BROKEN_PAGE, StandardCharsets.UTF_8);
      broken = HeadlessChromium.render(page, null);
    }
    return broken;
  }

  // --- with Chromium ---------------------------------------------------------------------------

  @Test
  void anUncaughtErrorAndConsoleErrorAreScriptErrors() throws Exception {
    HeadlessChromium.Rendering r = broken();
    List<String> errors = r.scriptErrors();
    assertEquals(2, errors.size(), () -> "errors: " + errors);
    assertTrue(errors.stream().anyMatch(e -> e.contains("Uncaught Error: boom")), () -> "errors: " + errors);
    assertTrue(errors.stream().anyMatch(e -> e.contains("console.error: chart failed: c7")), () -> "errors: " + errors);
    assertTrue(errors.stream().allMatch(e -> e.contains("broken.html:")), // the page itself, not the copy
        () -> "errors: " + errors);
    assertFalse(errors.stream().anyMatch(e -> e.contains("plain log line")), () -> "errors: " + errors);
    assertNull(r.screenshot());
    Map<String, String> data = HeadlessChromium.bodyData(r.dom());
    assertEquals("yes", data.get("before"));
    assertEquals("still-runs", data.get("after"));
  }

  @Test
  void aCleanPageHasNoErrorsAndItsDomIsDumpedAfterItsScriptsRan() throws Exception {
    HeadlessChromium.Rendering r = clean();
    assertEquals(List.of(), r.scriptErrors());
    Map<String, String> data = HeadlessChromium.bodyData(r.dom());
    assertEquals("2", data.get("charts"), () -> "body data " + data);
    assertEquals("chart-empty", data.get("emptyCharts"), () -> "body data " + data);
    assertEquals("timer-ran", data.get("late"), "a 3 s timer ran within the virtual time budget");
    assertFalse(r.dom().contains("console.error=function"), "the instrumentation script removed itself");
  }

  @Test
  void theScreenshotIsAPngOfTheRequestedWidthShowingTheDrawing() throws Exception {
    HeadlessChromium.Rendering r = clean();
    Path png = r.screenshot();
    assertNotNull(png);
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
        "PNG signature");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "ImageIO decodes the screenshot");
    assertEquals(HeadlessChromium.WIDTH, image.getWidth());
    assertEquals(HeadlessChromium.HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    boolean red = false;
    boolean blue = false;
    for (int y = 0; y < 400; y++) {
      for (int x = 0; x < 700; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int cr = rgb >> 16 & 0xff;
        int cg = rgb >> 8 & 0xff;
        int cb = rgb & 0xff;
        red |= cr > 180 && cg < 60 && cb < 60;
        blue |= cb > 180 && cr < 40 && cg > 80 && cg < 130;
      }
    }
    assertTrue(colours.size() > 2, "not uniformly one colour: " + colours.size() + " colours");
    assertTrue(red, "the red polyline is in the screenshot");
    assertTrue(blue, "the blue bar is in the screenshot");
  }

  // --- without Chromium ------------------------------------------------------------------------

  @Test
  void chromiumLogLinesAreParsed() {
    // As Chromium 156 (Debian) logs them with --enable-logging=stderr --v=0: every console message
    // at INFO, so console.error is recognised by the harness's mark only.
    String log = String.join("\n",
        "/usr/bin/chromium: 9: [: 25276514304: unexpected operator",
        "[14428:14458:1128/132154.546167:ERROR:dbus/bus.cc:405] Failed to connect to the bus: x",
        "[14428:14428:1128/132155.212089:INFO:CONSOLE:2] \"console.error: cerr-msg\", source: file:///t/p.html (2)",
        "[14428:14428:1128/132155.212133:INFO:CONSOLE:2] \"clog-msg\", source: file:///t/p.html (2)",
        "[14428:14428:1128/132155.214815:INFO:CONSOLE:3] \"Uncaught Error: boom\", source: file:///t/p.html (3)",
        "[14428:14428:1128/132155.235100:INFO:CONSOLE:5] \"Uncaught (in promise) Error: two",
        "  lines\", source: file:///t/p.html (5)",
        "[14428:14428:1128/132155.235100:INFO:CONSOLE(7)] \"Uncaught TypeError: old format\", source: file:///t/p.html (7)",
        "");
    assertEquals(List.of(
        "console.error: cerr-msg (file:///t/p.html:2)",
        "Uncaught Error: boom (file:///t/p.html:3)",
        "Uncaught (in promise) Error: two\n  lines (file:///t/p.html:5)",
        "Uncaught TypeError: old format (file:///t/p.html:7)"),
        HeadlessChromium.scriptErrors(log));
  }

  @Test
  void bodyDataReadsTheBodysDataAttributes() {
    String dom = "<!DOCTYPE html>\n<html><head><title>x</title></head><body class=\"report\" data-charts=\"12\" "
        + "data-empty-charts=\"chart-a chart-b\" data-note='a &gt; b &amp; &quot;c&quot; &#x41;&#66;' data-flag "
        + "id=body><p data-charts=\"99\">text</p></body></html>";
    Map<String, String> data = HeadlessChromium.bodyData(dom);
    assertEquals(Map.of("charts", "12", "emptyCharts", "chart-a chart-b", "note", "a > b & \"c\" AB", "flag", ""),
        data);
    assertEquals(Map.of(), HeadlessChromium.bodyData("<html><body><div data-x=\"1\"></div></body></html>"));
    assertEquals(Map.of("emptyCharts", ""), HeadlessChromium.bodyData("<html><BODY data-empty-charts=\"\">"));
  }

  @Test
  void instrumentationKeepsLineNumbersAndGoesFirstInTheHead() {
    String page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>t</title></head>\n<body><script>x()</script>\n</body></html>\n";
    String copy = HeadlessChromium.instrument(page, Path.of("/srv/report dir"));
    assertEquals(page.lines().count(), copy.lines().count());
    assertTrue(copy.startsWith("<!doctype html>\n<html lang=\"en\">\n<head><base href=\"file:///srv/report%20dir/\"><script>"),
        copy);
    assertFalse(HeadlessChromium.instrument("<html><head><base href=\"x/\"></head></html>", Path.of("/srv"))
        .contains("file:///srv"), "a page's own base is kept");
  }

  @Test
  void aMissingChromiumIsRequiredUnderCiOrTheProperty() {
    assertFalse(HeadlessChromium.chromiumRequired(null, null));
    assertFalse(HeadlessChromium.chromiumRequired("", null));
    assertFalse(HeadlessChromium.chromiumRequired("false", null));
    assertTrue(HeadlessChromium.chromiumRequired("true", null));
    assertTrue(HeadlessChromium.chromiumRequired("1", null));
    assertTrue(HeadlessChromium.chromiumRequired(null, "true"));
    assertFalse(HeadlessChromium.chromiumRequired(null, "false"));
    assertTrue(HeadlessChromium.chromiumRequired("true", "false"), "CI cannot be talked out of it");
    assertTrue(HeadlessChromium.NOT_FOUND.contains("apt-get install -y chromium"));
  }
}
