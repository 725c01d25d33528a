package io.github.uploadkit.openai.conformance;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The response examples of an OpenAPI document's operations, from their {@code x-oaiMeta}
 * (OpenAI's documentation extension): each with its operation and its text parsed as JSON where
 * it is JSON. The examples are written for people, so trailing commas, comments and lines of
 * {@code ...} are tolerated; an example that still is not one JSON value (an event stream, a
 * placeholder for binary content) is kept with {@code json == null}.
 */
record ResponseExamples(String title, int operations, List<Example> examples) {

  /** One example: its operation, its place among the operation's examples, and its JSON. */
  record Example(String operationId, int index, String name, String text, JsonNode json) {
    String label() {
      return operationId + " example " + (index + 1) + (name.isEmpty() ? "" : " (" + name + ")");
    }
  }

  static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  static ResponseExamples read(String pathOrUrl) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    yaml.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength(Integer.MAX_VALUE).build());
    JsonNode root;
    if (pathOrUrl.matches("(?i)https?://.*")) {
      try (InputStream in = URI.create(pathOrUrl).toURL().openStream()) {
        root = yaml.readTree(in);
      }
    } else {
      root = yaml.readTree(Path.of(pathOrUrl).toFile());
    }
    String title = root.path("info").path("title").asText("?") + " " + root.path("info").path("version").asText("?");
    int operations = 0;
    List<Example> examples = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        JsonNode operation = method.getValue();
        if (!operation.isObject() || !operation.has("operationId")) {
          continue;
        }
        operations++;
        JsonNode declared = operation.path("x-oaiMeta").path("examples");
        List<JsonNode> list = new ArrayList<>();
        if (declared.isArray()) {
          declared.forEach(list::add);
        } else if (declared.isObject()) {
          list.add(declared);
        }
        for (int i = 0; i < list.size(); i++) {
          JsonNode response = list.get(i).get("response");
          if (response != null && response.isTextual()) {
            String text = response.asText();
            examples.add(new Example(operation.get("operationId").asText(), i, list.get(i).path("title").asText(""),
                text, parse(text)));
          }
        }
      }
    }
    return new ResponseExamples(title, operations, examples);
  }

  /** The example as one JSON value, or null when it is not one. */
  static JsonNode parse(String text) {
    String cleaned = text.replaceAll("(?m)^\\s*\\.\\.\\.,?\\s*$", "");
    try {
      JsonNode node = LENIENT.readTree(cleaned);
      return node == null || node.isMissingNode() || !node.isContainerNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }
}
