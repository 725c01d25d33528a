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
 * and optionally a {@code detail} ({@code *} matches any text in both), and the {@code reason},
 * which is required so that no deviation is kept without one. An entry hides only the difference
 * it names: its detail must match the whole detail, and an entry whose location has a {@code *}
 * but gives no detail matches only differences without one (such as {@code response-only-in-subset}),
 * so that {@code format-changed} at {@code *} for {@code official (none), subset int64} does not
 * also hide the official document's change to {@code int32}.
 */
record Deviations(List<Entry> entries) {
  record Entry(String kind, String locationText, Pattern location, String detailText, Pattern detail, String reason) {
    boolean matches(SpecDrift.Difference difference) {
      if (!kind.equals(difference.kind()) || !location.matcher(difference.location()).matches()) {
        return false;
      }
      if (detail != null) {
        return detail.matcher(difference.detail()).matches();
      }
      return !locationText.contains("*") || difference.detail().isEmpty();
    }

    @Override
    public String toString() {
      return kind + " at " + locationText + (detailText == null ? "" : " (" + detailText + ")");
    }
  }

  static Deviations read(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    List<Entry> entries = new ArrayList<>();
    for (JsonNode node : root.path("deviations")) {
      String kind = text(node, "kind", file);
      String location = text(node, "location", file);
      text(node, "reason", file);
      String detail = node.hasNonNull("detail") ? node.get("detail").asText() : null;
      entries.add(new Entry(kind, location, glob(location), detail, detail == null ? null : glob(detail),
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

  private static Pattern glob(String text) {
    StringBuilder regex = new StringBuilder();
    for (String piece : text.split("\\*", -1)) {
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

  /** The entries that explain none of {@code differences}: kept after what they explained went away. */
  List<Entry> stale(List<SpecDrift.Difference> differences) {
    return entries.stream().filter(entry -> differences.stream().noneMatch(entry::matches)).toList();
  }
}
