package io.github.uploadkit.openai.client.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The differences from the official document that the subset makes on purpose, read from
 * {@code openapi/intended-deviations.yaml}: each entry names a {@code kind}, a {@code location}
 * ({@code *} matches any text), optionally the {@code detail} it must contain, and the
 * {@code reason}, which is required so that no deviation is kept without one.
 */
record Deviations(List<Entry> entries) {
  record Entry(String kind, Pattern location, String detail, String reason) {
    boolean matches(SpecDrift.Difference difference) {
      return kind.equals(difference.kind()) && location.matcher(difference.location()).matches()
          && (detail == null || difference.detail().contains(detail));
    }
  }

  static Deviations read(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    List<Entry> entries = new ArrayList<>();
    for (JsonNode node : root.path("deviations")) {
      String kind = text(node, "kind", file);
      String location = text(node, "location", file);
      text(node, "reason", file);
      entries.add(new Entry(kind, glob(location), node.hasNonNull("detail") ? node.get("detail").asText() : null,
          node.get("reason").asText()));
    }
    return new Deviations(entries);
  }

  private static String text(JsonNode node, String field, Path file) throws IOException {
    if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
      throw new IOException(file + ": every deviation needs a '" + field + "', but " + node + " has none");
    }
    return node.get(field).asText();
  }

  private static Pattern glob(String location) {
    StringBuilder regex = new StringBuilder();
    for (String piece : location.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(piece));
    }
    return Pattern.compile(regex.toString());
  }

  /** The entry that explains {@code difference}, or null when it is not intended. */
  Entry explain(SpecDrift.Difference difference) {
    return entries.stream().filter(entry -> entry.matches(difference)).findFirst().orElse(null);
  }
}
