import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares an OpenAPI document for the project's templates; the build runs it (as a single-file
 * program) before the generator, which then reads the prepared copy:
 *
 * <pre>java -cp CLASSPATH PrepareSpec.java IN_PATH_OR_URL OUT.json</pre>
 *
 * <ul>
 *   <li>every enum reached only from requests (bodies, parameters) gets {@code x-request-only:
 *   true}, and any such marker written by hand is dropped: the templates give these enums no
 *   {@code UNKNOWN} constant, while enums the client receives (responses, webhooks) keep one;
 *   <li>an enum of one value, or a {@code const}, gets {@code x-fixed-value: true}, and the
 *   builder fills it in;
 *   <li>every {@code description} and {@code summary} becomes valid Javadoc on one line: code
 *   spans as code, {@code [text](/docs/...)} as absolute links to https://platform.openai.com,
 *   paragraphs and lists as HTML, and {@code & < > @ " \ *}{@code /} escaped, so a template
 *   prints it with triple braces ({@code {{{description}}}}, {@code {{{summary}}}},
 *   {@code {{{notes}}}});
 *   <li>an {@code anyOf}/{@code oneOf} whose entries carry no type (only {@code required} lists)
 *   is a validation rule, not a type, and is removed;
 *   <li>a property that is required and nullable is made optional (a nullable field, never
 *   {@code @Required}), whichever way the nullability is written, and marked
 *   {@code x-present-nullable} (the templates' {@code @Present}: sent as null when unset);
 *   <li>an {@code anyOf}/{@code oneOf} of strings only ("these known values or any other string")
 *   becomes a string;
 *   <li>an inline schema's {@code title} that spells another component's name is dropped, so its
 *   class does not overwrite that component's.
 * </ul>
 */
public final class PrepareSpec {
  private static final String PLATFORM = "https://platform.openai.com";
  private static final Set<String> NOT_SCHEMA_TEXT = Set.of("example", "examples", "x-oaiMeta", "default",
      "enum", "const", "properties");

  private final JsonNode root;
  private final Set<JsonNode> received = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<JsonNode> sent = Collections.newSetFromMap(new IdentityHashMap<>());
  private int requestOnly;
  private int fixed;
  private int texts;
  private int openStrings;
  private int relaxed;

  private PrepareSpec(JsonNode root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PrepareSpec IN_PATH_OR_URL OUT.json");
      System.exit(2);
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    yaml.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
        .maxStringLength(Integer.MAX_VALUE).build());
    JsonNode root;
    if (args[0].matches("(?i)https?://.*")) {
      try (InputStream in = URI.create(args[0]).toURL().openStream()) {
        root = yaml.readTree(in);
      }
    } else {
      root = yaml.readTree(Path.of(args[0]).toFile());
    }
    PrepareSpec prepare = new PrepareSpec(root);
    prepare.run();
    Path out = Path.of(args[1]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    if (Boolean.getBoolean("verbose")) {
      System.out.println("PrepareSpec: " + args[0] + " -> " + out + ": " + prepare.requestOnly
        + " request-only enums, " + prepare.fixed + " fixed values, " + prepare.openStrings + " open string enums, " + prepare.relaxed
          + " required nullables made optional, " + prepare.texts + " texts as Javadoc");
    }
  }

  private void run() {
    JsonNode paths = root.path("paths");
    for (JsonNode path : iterable(paths)) {
      for (Map.Entry<String, JsonNode> operation : path.properties()) {
        if (operation.getKey().equals("parameters")) {
          walk(operation.getValue(), sent);
        } else if (operation.getValue().isObject()) {
          walk(operation.getValue().path("parameters"), sent);
          walk(operation.getValue().path("requestBody"), sent);
          walk(operation.getValue().path("responses"), received);
        }
      }
    }
    // webhooks are requests that the API sends to the user: their bodies are received
    walk(root.path("webhooks"), received);
    markEnums(root.path("components"));
    markEnums(root.path("paths"));
    simplifyUnions(root);
    relaxRequiredNullables(root);
    dropCollidingTitles();
    javadoc(root);
  }

  /**
   * The generator names an inline schema after its {@code title}; a title that spells another
   * component's name ("Static Chunking Strategy" inside the assistant and thread requests) made
   * a class of that name and overwrote the component's, so every schema referring to the
   * component got the inline shape. Such a title is dropped (the inline schema is then named
   * after where it stands); a title naming its own component (an {@code X | null} entry) is kept.
   */
  private void dropCollidingTitles() {
    Set<String> names = new java.util.HashSet<>();
    root.path("components").path("schemas").fieldNames().forEachRemaining(name -> names.add(className(name)));
    for (Map.Entry<String, JsonNode> schema : root.path("components").path("schemas").properties()) {
      String own = className(schema.getKey());
      children(schema.getValue(), child -> dropCollidingTitles(child, names, own));
    }
    dropCollidingTitles(root.path("paths"), names, "");
  }

  private void dropCollidingTitles(JsonNode node, Set<String> names, String own) {
    if (node.isObject() && node.path("title").isTextual()) {
      String name = className(node.get("title").asText());
      if (!name.equals(own) && names.contains(name)) {
        ((ObjectNode) node).remove("title");
      }
    }
    children(node, child -> dropCollidingTitles(child, names, own));
  }

  private static String className(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node::elements;
  }

  /** Marks every node reachable from {@code node} (through $ref too) as seen from one side. */
  private void walk(JsonNode start, Set<JsonNode> seen) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(start);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node == null || node.isMissingNode() || !seen.add(node)) {
        continue;
      }
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
          todo.push(resolve(ref.asText()));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (!field.getKey().equals("example") && !field.getKey().equals("examples")
              && !field.getKey().equals("x-oaiMeta") && field.getValue().isContainerNode()) {
            todo.push(field.getValue());
          }
        }
      } else if (node.isArray()) {
        for (JsonNode item : node) {
          if (item.isContainerNode()) {
            todo.push(item);
          }
        }
      }
    }
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode node = root;
    for (String part : ref.substring(2).split("/")) {
      node = node.path(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private void markEnums(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      object.remove("x-request-only");
      JsonNode values = object.get("enum");
      if (object.has("const") && values == null && object.get("const").isValueNode()) {
        values = object.putArray("enum").add(object.get("const"));
        if (!object.has("type") && object.get("const").isTextual()) {
          object.put("type", "string");
        }
      }
      if (values != null && values.isArray()) {
        if (sent.contains(object) && !received.contains(object)) {
          object.put("x-request-only", true);
          requestOnly++;
        }
        nameUnknownValue(object, values);
        if (values.size() == 1) {
          object.put("x-fixed-value", true);
          fixed++;
        }
      }
    }
    children(node, this::markEnums);
  }

  /** Calls {@code visit} on each child of {@code node} that describes the API (not an example). */
  private static void children(JsonNode node, Consumer<JsonNode> visit) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getKey().equals("example") && !field.getKey().equals("examples")
            && !field.getKey().equals("x-oaiMeta")) {
          visit.accept(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(visit);
    }
  }

  /**
   * A property both required and nullable ("present, possibly null") is made optional: the
   * generator loses the nullability of some forms ({@code nullable: true} on an inline object,
   * which 3.1 does not define), and a nullable field must not be {@code @Required}.
   */
  private void relaxRequiredNullables(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      JsonNode properties = object.get("properties");
      JsonNode required = object.get("required");
      if (properties != null && properties.isObject() && required != null && required.isArray()) {
        ArrayNode kept = object.arrayNode();
        for (JsonNode name : required) {
          JsonNode property = properties.get(name.asText());
          if (property != null && isNullable(property, 0)) {
            if (property.isObject() && !property.has("$ref")) {
              ((ObjectNode) property).put("x-present-nullable", true);
            }
            relaxed++;
          } else {
            kept.add(name);
          }
        }
        object.set("required", kept);
      }
    }
    children(node, this::relaxRequiredNullables);
  }

  private boolean isNullable(JsonNode schema, int depth) {
    if (schema == null || depth > 8) {
      return false;
    }
    if (schema.has("$ref")) {
      return isNullable(resolve(schema.get("$ref").asText()), depth + 1);
    }
    if (schema.path("nullable").asBoolean(false) || isNull(schema)) {
      return true;
    }
    for (JsonNode type : schema.path("type")) {
      if (type.asText().equals("null")) {
        return true;
      }
    }
    for (String keyword : List.of("anyOf", "oneOf")) {
      for (JsonNode entry : schema.path(keyword)) {
        if (isNullable(entry, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * An enum with the value {@code unknown} would get a constant {@code UNKNOWN}, which the
   * templates keep for values this version does not know: name that value's constant
   * {@code UNKNOWN_VALUE} (through {@code x-enum-varnames}, which names every constant).
   */
  private static void nameUnknownValue(ObjectNode object, JsonNode values) {
    boolean clash = false;
    for (JsonNode value : values) {
      clash |= constantName(value.asText()).equals("UNKNOWN");
    }
    if (!clash || object.has("x-enum-varnames")) {
      return;
    }
    ArrayNode names = object.putArray("x-enum-varnames");
    for (JsonNode value : values) {
      String name = constantName(value.asText());
      names.add(name.equals("UNKNOWN") ? "UNKNOWN_VALUE" : name);
    }
  }

  private static String constantName(String value) {
    String name = value.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
        .toUpperCase(java.util.Locale.ROOT).replaceAll("^_+|_+$", "");
    return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  private void simplifyUnions(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (String keyword : List.of("anyOf", "oneOf")) {
        JsonNode entries = object.get(keyword);
        if (entries != null && entries.isArray() && entries.size() > 0 && allUntyped(entries)) {
          object.remove(keyword);
        } else if (entries != null && entries.isArray() && allStrings(entries)) {
          // "one of these known values, or any other string": a string
          boolean nullable = false;
          for (JsonNode entry : entries) {
            nullable |= isNull(entry);
          }
          object.remove(keyword);
          if (nullable) {
            object.putArray("type").add("string").add("null");
          } else {
            object.put("type", "string");
          }
          openStrings++;
        }
      }
    }
    children(node, this::simplifyUnions);
  }

  private boolean allStrings(JsonNode entries) {
    int strings = 0;
    for (JsonNode entry : entries) {
      if (isString(entry, 0)) {
        strings++;
      } else if (!isNull(entry)) {
        return false;
      }
    }
    return strings >= 2;
  }

  /** A string without format, or a union of such strings, through $ref. */
  private boolean isString(JsonNode schema, int depth) {
    if (schema != null && schema.has("$ref")) {
      schema = resolve(schema.get("$ref").asText());
    }
    if (schema == null || depth > 8) {
      return false;
    }
    if (schema.path("type").asText().equals("string") && !schema.has("format")) {
      return true;
    }
    for (String keyword : List.of("anyOf", "oneOf")) {
      JsonNode entries = schema.get(keyword);
      if (entries != null && entries.isArray() && !schema.has("type") && !schema.has("properties")) {
        int strings = 0;
        for (JsonNode entry : entries) {
          if (isString(entry, depth + 1)) {
            strings++;
          } else if (!isNull(entry)) {
            return false;
          }
        }
        return strings > 0;
      }
    }
    return false;
  }

  private static boolean isNull(JsonNode entry) {
    JsonNode type = entry.get("type");
    return type != null && type.asText().equals("null");
  }

  private static boolean allUntyped(JsonNode entries) {
    for (JsonNode entry : entries) {
      for (String typing : List.of("type", "$ref", "properties", "items", "enum", "const", "allOf", "anyOf",
          "oneOf", "additionalProperties")) {
        if (entry.has(typing)) {
          return false;
        }
      }
    }
    return true;
  }

  private void javadoc(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (String key : List.of("description", "summary")) {
        JsonNode text = object.get(key);
        if (text != null && text.isTextual()) {
          object.put(key, toJavadoc(text.asText()));
          texts++;
        }
      }
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (field.getKey().equals("properties") && field.getValue().isObject()) {
          for (JsonNode property : iterable(field.getValue())) {
            javadoc(property);
          }
        } else if (!NOT_SCHEMA_TEXT.contains(field.getKey())) {
          javadoc(field.getValue());
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        javadoc(item);
      }
    }
  }

  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|\\d+[.)])\\s+(.*)$");
  private static final Pattern INLINE = Pattern.compile(
      "`([^`]+)`|\\[([^\\]]+)\\]\\(([^)\\s]+)\\)|\\*\\*([^*]+)\\*\\*|<(https?://[^>\\s]+)>");

  /** Markdown (the subset OpenAI's descriptions use) to one line of valid Javadoc HTML. */
  static String toJavadoc(String markdown) {
    StringBuilder out = new StringBuilder();
    String[] lines = markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    StringBuilder paragraph = new StringBuilder();
    StringBuilder list = new StringBuilder();
    StringBuilder code = null;
    for (String line : lines) {
      if (line.trim().startsWith("```")) {
        if (code == null) {
          flush(out, paragraph, list);
          code = new StringBuilder();
        } else {
          block(out, "<pre>" + escape(code.toString().strip()) + "</pre>");
          code = null;
        }
        continue;
      }
      if (code != null) {
        code.append(line).append(' ');
        continue;
      }
      Matcher item = LIST_ITEM.matcher(line);
      if (line.isBlank()) {
        flush(out, paragraph, list);
      } else if (item.matches()) {
        if (paragraph.length() > 0) {
          flush(out, paragraph, new StringBuilder());
        }
        list.append("<li>").append(inline(item.group(1).strip()));
      } else if (list.length() > 0 && Character.isWhitespace(line.charAt(0))) {
        list.append(' ').append(inline(line.strip()));
      } else {
        if (list.length() > 0) {
          flush(out, new StringBuilder(), list);
        }
        String text = line.strip().replaceFirst("^#+\\s*", "");
        paragraph.append(paragraph.length() == 0 ? "" : " ").append(inline(text));
      }
    }
    if (code != null) {
      block(out, "<pre>" + escape(code.toString().strip()) + "</pre>");
    }
    flush(out, paragraph, list);
    return out.toString().strip();
  }

  private static void flush(StringBuilder out, StringBuilder paragraph, StringBuilder list) {
    if (paragraph.length() > 0) {
      block(out, paragraph.toString());
      paragraph.setLength(0);
    }
    if (list.length() > 0) {
      out.append(out.length() == 0 ? "" : " ").append("<ul>").append(list.toString().replace("<li>", " <li>").strip())
          .append(" </ul>");
      list.setLength(0);
    }
  }

  private static void block(StringBuilder out, String text) {
    if (out.length() == 0) {
      out.append(text);
    } else if (text.startsWith("<pre>")) {
      out.append(' ').append(text);
    } else {
      out.append(" <p>").append(text);
    }
  }

  private static String inline(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = INLINE.matcher(text);
    int at = 0;
    while (m.find()) {
      out.append(escape(text.substring(at, m.start())));
      if (m.group(1) != null) {
        out.append(code(m.group(1)));
      } else if (m.group(2) != null) {
        out.append("<a href='").append(href(m.group(3))).append("'>").append(inline(m.group(2))).append("</a>");
      } else if (m.group(4) != null) {
        out.append("<b>").append(inline(m.group(4))).append("</b>");
      } else {
        out.append("<a href='").append(href(m.group(5))).append("'>").append(escape(m.group(5))).append("</a>");
      }
      at = m.end();
    }
    out.append(escape(text.substring(at)));
    return out.toString();
  }

  private static String code(String code) {
    if (code.matches("[^{}@\\\\\"*&<>]*")) {
      return "{@code " + code + "}";
    }
    return "<code>" + escape(code) + "</code>";
  }

  private static String href(String url) {
    String absolute = url.startsWith("/") ? PLATFORM + url : url;
    return absolute.replace("'", "%27").replace("\"", "%22").replace("<", "%3C").replace(">", "%3E")
        .replace("\\", "%5C").replace(" ", "%20").replace("*/", "*%2F").replace("&", "&amp;")
        .replace("@", "%40");
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '@' -> out.append("&#64;");
        case '"' -> out.append("&quot;");
        case '\\' -> out.append("&#92;");
        case '{' -> out.append("&#123;");
        case '}' -> out.append("&#125;");
        case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
        case '\t' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
