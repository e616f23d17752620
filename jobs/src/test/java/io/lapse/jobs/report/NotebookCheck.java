package io.lapse.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks a Jupyter notebook (.ipynb) the way a reader's tools would see it: valid against the
 * official nbformat v4 JSON Schema (src/test/resources/nbformat, see SOURCE.txt there), and every
 * image in it decodes: {@code image/png} outputs and attachments are base64 of a PNG that
 * {@link ImageIO} reads, {@code image/svg+xml} ones are XML with an {@code svg} root and at least
 * one drawn element.
 */
public final class NotebookCheck {

  static final String SCHEMA_RESOURCE = "/nbformat/nbformat.v4.schema.json";
  static final String PNG = "image/png";
  static final String SVG = "image/svg+xml";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_SIGNATURE =
      {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** SVG elements that put something on the canvas (containers and definitions do not). */
  private static final Set<String> DRAWN = Set.of("path", "rect", "circle", "ellipse", "line",
      "polyline", "polygon", "text", "image", "use");
  private static final Schema SCHEMA = loadSchema();
  /** Definitions of the schema (a cell or output type) as schemas of their own, by name. */
  private static final Map<String, Schema> DEFINITIONS = new ConcurrentHashMap<>();
  private static final Map<String, String> CELL_DEFINITIONS =
      Map.of("raw", "raw_cell", "markdown", "markdown_cell", "code", "code_cell");
  private static final Set<String> OUTPUT_TYPES =
      Set.of("execute_result", "display_data", "stream", "error");

  private NotebookCheck() {}

  /** Every problem of the notebook, each naming where it is; empty when the notebook is valid. */
  public static List<String> problems(Path notebook) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(notebook, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of(notebook + ": not readable as JSON: " + e.getMessage());
    }
    return problems(root);
  }

  /** As {@link #problems(Path)}, for a notebook already parsed. */
  static List<String> problems(JsonNode notebook) {
    if (notebook == null || notebook.isMissingNode()) {
      return List.of("not a notebook: empty document");
    }
    List<String> problems = new ArrayList<>(schemaProblems(notebook));
    forEachImage(notebook, (where, mime, data) -> {
      String problem = mime.equals(PNG) ? pngProblem(data) : svgProblem(data);
      if (problem != null) {
        problems.add(where + " " + mime + ": " + problem);
      }
    });
    return problems;
  }

  /** The number of PNG and SVG images in the notebook's outputs and attachments. */
  public static int imageCount(Path notebook) {
    try {
      int[] count = {0};
      forEachImage(JSON.readTree(Files.readString(notebook, StandardCharsets.UTF_8)),
          (where, mime, data) -> count[0]++);
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The schema's errors as "schema: JSON pointer: message". nbformat picks a cell's (an output's)
   * definition with a oneOf, whose failure lists the errors of every alternative; a cell or output
   * whose type names its alternative is instead checked against that alternative alone, so that
   * the problems say what is wrong with it (a code cell without outputs) and nothing else.
   */
  private static List<String> schemaProblems(JsonNode notebook) {
    List<Error> errors = SCHEMA.validate(notebook);
    if (errors.isEmpty()) {
      return List.of();
    }
    JsonNode cells = array(notebook.path("cells"));
    List<String> typed = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      if (CELL_DEFINITIONS.containsKey(cells.get(i).path("cell_type").asText(""))) {
        typed.add("/cells/" + i);
      }
    }
    Set<String> problems = new LinkedHashSet<>();
    for (Error error : errors) {
      String at = pointer(error);
      if (!under(at, typed)) {
        problems.add(describe(at, error));
      }
    }
    for (String cell : typed) {
      JsonNode node = notebook.at(cell);
      problems.addAll(typedProblems(node,
          CELL_DEFINITIONS.get(node.path("cell_type").asText()), cell));
    }
    return List.copyOf(problems);
  }

  /** The errors of one cell (or output) against the definition its type names. */
  private static List<String> typedProblems(JsonNode node, String definition, String at) {
    List<String> typedOutputs = new ArrayList<>();
    JsonNode outputs = array(node.path("outputs"));
    if (definition.equals("code_cell")) {
      for (int j = 0; j < outputs.size(); j++) {
        if (OUTPUT_TYPES.contains(outputs.get(j).path("output_type").asText(""))) {
          typedOutputs.add("/outputs/" + j);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Error error : definition(definition).validate(node)) {
      String inside = pointer(error);
      if (!under(inside, typedOutputs)) {
        problems.add(describe(at + inside, error));
      }
    }
    for (String output : typedOutputs) {
      JsonNode o = node.at(output);
      problems.addAll(typedProblems(o, o.path("output_type").asText(), at + output));
    }
    return problems;
  }

  /** The error's instance location as a JSON Pointer ("" for the whole document). */
  private static String pointer(Error error) {
    return error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
  }

  private static boolean under(String pointer, List<String> prefixes) {
    return prefixes.stream().anyMatch(p -> pointer.equals(p) || pointer.startsWith(p + "/"));
  }

  private static String describe(String pointer, Error error) {
    return "schema: " + (pointer.isEmpty() ? "(root)" : pointer) + ": " + error.getMessage();
  }

  /** A definition of the nbformat schema as a schema of its own (its $refs resolve in the file). */
  private static Schema definition(String name) {
    return DEFINITIONS.computeIfAbsent(name, n -> {
      try (InputStream in = schemaStream()) {
        ObjectNode wrapper = JSON.readTree(in).deepCopy();
        wrapper.remove(List.of("required", "properties", "additionalProperties", "type"));
        wrapper.put("$ref", "#/definitions/" + n);
        return registry().getSchema(wrapper);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String pngProblem(String data) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      return "not base64 (" + e.getMessage() + ")";
    }
    if (bytes.length < PNG_SIGNATURE.length
        || !Arrays.equals(Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
      return "not a PNG (no PNG signature in " + bytes.length + " bytes)";
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        return "no image reader decodes it";
      }
      if (image.getWidth() <= 0 || image.getHeight() <= 0) {
        return "empty image " + image.getWidth() + "x" + image.getHeight();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "undecodable PNG (" + e.getMessage() + ")";
    }
  }

  private static String svgProblem(String data) {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // An image is data: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler()); // fatal errors throw, nothing is printed
      doc = builder.parse(new InputSource(new StringReader(data)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return "not well-formed XML (" + e.getMessage() + ")";
    }
    Element root = doc.getDocumentElement();
    String rootName = root.getLocalName() != null ? root.getLocalName() : root.getTagName();
    if (!rootName.equals("svg")) {
      return "root element is <" + root.getTagName() + ">, not <svg>";
    }
    NodeList all = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String name = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
      if (DRAWN.contains(name)) {
        return null;
      }
    }
    return "an <svg> with nothing drawn (none of " + DRAWN + ")";
  }

  private interface ImageVisitor {
    void visit(String where, String mime, String data);
  }

  /** Each PNG or SVG in the code cells' outputs and in the cells' attachments. */
  private static void forEachImage(JsonNode notebook, ImageVisitor visitor) {
    JsonNode cells = array(notebook.path("cells"));
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      JsonNode outputs = array(cell.path("outputs"));
      for (int j = 0; j < outputs.size(); j++) {
        visitBundle(outputs.get(j).path("data"), "cell " + i + " output " + j, visitor);
      }
      JsonNode attachments = cell.path("attachments");
      for (Iterator<String> names = attachments.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        visitBundle(attachments.get(name), "cell " + i + " attachment '" + name + "'", visitor);
      }
    }
  }

  private static void visitBundle(JsonNode bundle, String where, ImageVisitor visitor) {
    for (String mime : List.of(PNG, SVG)) {
      JsonNode data = bundle.get(mime);
      if (data != null) {
        visitor.visit(where, mime, multiline(data));
      }
    }
  }

  /** The node if it is an array, else an empty one (the schema reports what it should be). */
  private static JsonNode array(JsonNode node) {
    return node.isArray() ? node : JSON.createArrayNode();
  }

  /** nbformat's multiline_string: a string, or an array of strings joined as they are. */
  private static String multiline(JsonNode value) {
    if (value.isArray()) {
      StringBuilder joined = new StringBuilder();
      value.forEach(line -> joined.append(line.asText()));
      return joined.toString();
    }
    return value.asText();
  }

  private static Schema loadSchema() {
    try (InputStream in = schemaStream()) {
      return registry().getSchema(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Draft-04, whose validators ignore keywords they do not know. The library's own draft-04
   * dialect does too but logs a warning for each, and nbformat's schema has several (the
   * "misc" group of definitions, "item", "source_hidden"): they are ignored quietly here.
   */
  private static SchemaRegistry registry() {
    Dialect draft4 = Dialect.builder(Dialects.getDraft4())
        .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
        .build();
    return SchemaRegistry.withDialect(draft4);
  }

  private static InputStream schemaStream() {
    InputStream in = NotebookCheck.class.getResourceAsStream(SCHEMA_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + SCHEMA_RESOURCE);
    }
    return in;
  }
}
