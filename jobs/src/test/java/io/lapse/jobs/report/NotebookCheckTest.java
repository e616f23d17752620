package io.lapse.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NotebookCheck} accepts a valid notebook and names what is wrong with broken ones; and the
 * notebooks committed in notebooks-export/ pass it.
 */
class NotebookCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\""
      + " height=\"10\"><g><rect x=\"1\" y=\"1\" width=\"8\" height=\"8\""
      + " fill=\"#36c\"/></g></svg>";

  @TempDir
  Path dir;

  @Test
  void minimalValidNotebookPasses() throws IOException {
    Path nb = write("valid.ipynb", notebook());

    assertEquals(List.of(), NotebookCheck.problems(nb));
    assertEquals(2, NotebookCheck.imageCount(nb));
  }

  @Test
  void notebookWithoutNbformatMinorFails() throws IOException {
    ObjectNode nb = notebook();
    nb.remove("nbformat_minor");

    List<String> problems = NotebookCheck.problems(write("no-minor.ipynb", nb));

    assertEquals(List.of("schema: (root): required property 'nbformat_minor' not found"),
        problems);
  }

  @Test
  void malformedStructureIsAProblemNotACrash() throws IOException {
    ObjectNode nb = notebook();
    nb.putObject("cells").put("0", "not a cell");
    Path notJson = dir.resolve("truncated.ipynb");
    Files.writeString(notJson, "{\"cells\": [");

    List<String> problems = NotebookCheck.problems(write("cells-object.ipynb", nb));

    assertEquals(List.of("schema: /cells: object found, array expected"), problems);
    assertEquals(1, NotebookCheck.problems(notJson).size());
    assertTrue(NotebookCheck.problems(notJson).get(0).contains("not readable as JSON"));
  }

  @Test
  void codeCellWithoutOutputsFails() throws IOException {
    ObjectNode nb = notebook();
    ((ObjectNode) nb.get("cells").get(1)).remove("outputs");

    List<String> problems = NotebookCheck.problems(write("no-outputs.ipynb", nb));

    assertEquals(List.of("schema: /cells/1: required property 'outputs' not found"), problems);
  }

  @Test
  void outputProblemsNameTheOutput() throws IOException {
    ObjectNode nb = notebook();
    ((ObjectNode) nb.get("cells").get(2).get("outputs").get(0)).remove("metadata");
    ((ObjectNode) nb.get("cells").get(2)).put("id", "not a valid id");

    List<String> problems = NotebookCheck.problems(write("bad-output.ipynb", nb));

    assertEquals(2, problems.size(), problems::toString);
    assertTrue(problems.contains(
        "schema: /cells/2/outputs/0: required property 'metadata' not found"), problems::toString);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("schema: /cells/2/id: ")),
        problems::toString);
  }

  @Test
  void corruptBase64PngIsReportedWithItsCell() throws IOException {
    ObjectNode nb = notebook();
    pngOutput(nb).put("image/png", "iVBORw0KGgo%%%AAAANSUhEUg==");

    List<String> problems = NotebookCheck.problems(write("bad-base64.ipynb", nb));

    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("cell 1 output 0 image/png: not base64"),
        problems::toString);
  }

  @Test
  void base64ThatIsNoPngIsReported() throws IOException {
    ObjectNode nb = notebook();
    pngOutput(nb).put("image/png",
        Base64.getEncoder().encodeToString("just text".getBytes(StandardCharsets.UTF_8)));
    ObjectNode truncated = notebook();
    String png = pngOutput(truncated).get("image/png").asText();
    // The signature and the start of the header chunk, cut before any pixel data.
    byte[] head = java.util.Arrays.copyOf(Base64.getMimeDecoder().decode(png), 20);
    pngOutput(truncated).put("image/png", Base64.getEncoder().encodeToString(head));

    List<String> notPng = NotebookCheck.problems(write("not-png.ipynb", nb));
    List<String> cut = NotebookCheck.problems(write("cut-png.ipynb", truncated));

    assertEquals(1, notPng.size(), notPng::toString);
    assertTrue(notPng.get(0).startsWith("cell 1 output 0 image/png: not a PNG"), notPng::toString);
    assertEquals(1, cut.size(), cut::toString);
    assertTrue(cut.get(0).startsWith("cell 1 output 0 image/png:"), cut::toString);
  }

  @Test
  void svgThatIsNotXmlOrDrawsNothingIsReported() throws IOException {
    ObjectNode broken = notebook();
    svgOutput(broken).put("image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect");
    ObjectNode empty = notebook();
    svgOutput(empty).putArray("image/svg+xml")
        .add("<svg xmlns=\"http://www.w3.org/2000/svg\">\n").add("<g></g>\n").add("</svg>\n");
    ObjectNode html = notebook();
    svgOutput(html).put("image/svg+xml", "<html><body><p>chart</p></body></html>");

    List<String> notXml = NotebookCheck.problems(write("broken-svg.ipynb", broken));
    List<String> nothing = NotebookCheck.problems(write("empty-svg.ipynb", empty));
    List<String> notSvg = NotebookCheck.problems(write("html-svg.ipynb", html));

    assertEquals(List.of("cell 2 output 0 image/svg+xml"),
        notXml.stream().map(p -> p.substring(0, p.indexOf(':'))).toList());
    assertTrue(notXml.get(0).contains("not well-formed XML"), notXml::toString);
    assertEquals(1, nothing.size(), nothing::toString);
    assertTrue(nothing.get(0).contains("nothing drawn"), nothing::toString);
    assertEquals(1, notSvg.size(), notSvg::toString);
    assertTrue(notSvg.get(0).contains("not <svg>"), notSvg::toString);
  }

  @Test
  void imageAttachmentsAreCheckedToo() throws IOException {
    ObjectNode nb = notebook();
    ObjectNode markdown = (ObjectNode) nb.get("cells").get(0);
    markdown.putObject("attachments").putObject("chart.png").put("image/png", "not an image");

    List<String> problems = NotebookCheck.problems(write("attachment.ipynb", nb));

    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("cell 0 attachment 'chart.png' image/png:"),
        problems::toString);
  }

  @Test
  void everyExportedNotebookValidates() throws IOException {
    Path folder = Path.of("..", "notebooks-export");
    assertTrue(Files.isDirectory(folder), folder.toAbsolutePath() + " is missing");
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(folder)) {
      notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted()
          .toList();
    }
    assertFalse(notebooks.isEmpty(), "no .ipynb in " + folder.toAbsolutePath());
    for (Path nb : notebooks) {
      assertEquals(List.of(), NotebookCheck.problems(nb), nb.toString());
    }
  }

  /** A markdown cell, a code cell with a PNG output and one with an SVG output and a stream. */
  private static ObjectNode notebook() throws IOException {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 5);
    ObjectNode metadata = nb.putObject("metadata");
    metadata.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3");
    metadata.putObject("language_info").put("name", "python");
    ArrayNode cells = nb.putArray("cells");
    ObjectNode md = cells.addObject();
    md.put("id", "intro").put("cell_type", "markdown").putObject("metadata");
    md.putArray("source").add("# A chart\n").add("Below.");

    ObjectNode png = cells.addObject();
    png.put("id", "png-cell").put("cell_type", "code").put("execution_count", 1)
        .putObject("metadata");
    png.put("source", "plot()");
    ObjectNode display = png.putArray("outputs").addObject();
    display.put("output_type", "display_data").putObject("metadata");
    ObjectNode data = display.putObject("data");
    data.put("image/png", pngBase64());
    data.put("text/plain", "<Figure>");

    ObjectNode svg = cells.addObject();
    svg.put("id", "svg-cell").put("cell_type", "code").put("execution_count", 2)
        .putObject("metadata");
    svg.putArray("source").add("chart_svg()");
    ArrayNode outputs = svg.putArray("outputs");
    ObjectNode result = outputs.addObject();
    result.put("output_type", "execute_result").put("execution_count", 2)
        .putObject("metadata");
    result.putObject("data").put("image/svg+xml", SVG);
    outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text", "done\n");
    return nb;
  }

  private static ObjectNode pngOutput(ObjectNode nb) {
    return (ObjectNode) nb.get("cells").get(1).get("outputs").get(0).get("data");
  }

  private static ObjectNode svgOutput(ObjectNode nb) {
    return (ObjectNode) nb.get("cells").get(2).get("outputs").get(0).get("data");
  }

  private static String pngBase64() throws IOException {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 40; x++) {
      image.setRGB(x, (x * 7) % 30, Color.ORANGE.getRGB());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    // Notebooks often wrap base64 in lines; the check must accept that.
    return Base64.getMimeEncoder().encodeToString(out.toByteArray());
  }

  private Path write(String name, ObjectNode nb) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nb));
    return file;
  }
}
