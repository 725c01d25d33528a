package io.github.uploadkit.openai.uploads.fake;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fake's own record of what the API accepts when an Upload is created: the purposes, and the
 * MIME types of each, written from the API's published lists by MIME type (the client's
 * validator keeps its tables by extension, on its own; a test checks that the two agree, so that
 * a mistake in either fails the build). {@code user_data} takes any type.
 */
final class AcceptedTypes {
  private static final Set<String> JSONL = Set.of("text/jsonl", "application/jsonl", "application/x-ndjson");
  private static final Map<String, Set<String>> BY_PURPOSE = new LinkedHashMap<>();

  static {
    BY_PURPOSE.put("assistants", Set.of(
        // file search: text and documents
        "text/x-c", "text/x-c++", "text/x-csharp", "text/css", "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/x-golang", "text/html",
        "text/x-java", "text/javascript", "application/json", "text/markdown", "application/pdf", "text/x-php",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", "text/x-python",
        "text/x-script.python", "text/x-ruby", "application/x-sh", "text/x-tex", "application/typescript",
        "text/plain",
        // code interpreter: data, archives and images
        "text/csv", "application/csv", "image/jpeg", "image/gif", "image/png", "application/octet-stream",
        "application/x-tar", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/xml",
        "text/xml", "application/zip"));
    BY_PURPOSE.put("batch", JSONL);
    BY_PURPOSE.put("fine-tune", JSONL);
    BY_PURPOSE.put("vision", Set.of("image/png", "image/jpeg", "image/webp", "image/gif"));
    BY_PURPOSE.put("user_data", null);
    BY_PURPOSE.put("evals", JSONL);
  }

  private AcceptedTypes() {
  }

  /** The purposes an Upload may have, in the API's order. */
  static Set<String> purposes() {
    return BY_PURPOSE.keySet();
  }

  /** Whether {@code purpose} takes {@code mimeType} (its parameters, such as a charset, ignored). */
  static boolean accepts(String purpose, String mimeType) {
    if (!BY_PURPOSE.containsKey(purpose)) {
      return false;
    }
    Set<String> types = BY_PURPOSE.get(purpose);
    if (types == null) {
      return true;
    }
    int semicolon = mimeType.indexOf(';');
    String bare = (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return types.contains(bare);
  }

  /** Every MIME type some purpose names, for tests that compare tables. */
  static Set<String> allNamed() {
    Set<String> all = new java.util.TreeSet<>();
    BY_PURPOSE.values().stream().filter(java.util.Objects::nonNull).forEach(all::addAll);
    return all;
  }
}
