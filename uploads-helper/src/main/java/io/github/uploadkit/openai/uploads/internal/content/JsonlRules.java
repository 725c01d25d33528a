package io.github.uploadkit.openai.uploads.internal.content;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the Batch API and fine-tuning require of each JSONL line: the rules as data and checks. */
final class JsonlRules {
  /** The endpoints a batch file's {@code url} may name. */
  static final List<String> BATCH_URLS =
      List.of("/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations");
  static final int BATCH_MAX_LINES = 50_000;
  static final long BATCH_MAX_BYTES = 200L * 1000 * 1000;
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
  private static final int QUOTED_CHARS = 64;

  private JsonlRules() {
  }

  /** Any JSON object will do (evals). */
  static final JsonlInspector.LineRule ANY_OBJECT = (object, line, offset, problems) -> { };

  /** A batch input line: unique custom_id, POST, one Batch API url for every line, an object body. */
  static final class Batch implements JsonlInspector.LineRule {
    private final Map<String, Long> customIds = new HashMap<>();
    private String url;
    private long urlLine;

    @Override
    public void check(Map<?, ?> object, long line, long offset, Problems problems) {
      Object customId = object.get("custom_id");
      if (!(customId instanceof String id) || id.isEmpty()) {
        problems.add(line, offset, "custom_id is " + describe(customId) + ": each request needs a unique, non-empty"
            + " string custom_id");
      } else if (customIds.size() <= BATCH_MAX_LINES) {
        Long first = customIds.putIfAbsent(id, line);
        if (first != null) {
          problems.add(line, offset, "custom_id " + quote(id) + " repeats the one on line " + first
              + ": each custom_id must be unique");
        }
      }
      Object method = object.get("method");
      if (!"POST".equals(method)) {
        problems.add(line, offset, "method is " + describe(method) + ": it must be \"POST\"");
      }
      Object target = object.get("url");
      if (!(target instanceof String text) || !BATCH_URLS.contains(text)) {
        problems.add(line, offset, "url is " + describe(target) + ": expected one of " + String.join(", ", BATCH_URLS));
      } else if (url == null) {
        url = text;
        urlLine = line;
      } else if (!url.equals(text)) {
        problems.add(line, offset, "url " + quote(text) + " differs from " + quote(url) + " on line " + urlLine
            + ": every request in a batch file must use the same url");
      }
      if (!(object.get("body") instanceof Map)) {
        problems.add(line, offset, "body is " + describe(object.get("body")) + ": it must be a JSON object");
      }
    }

    @Override
    public void finish(long lines, long size, Problems problems) {
      if (lines > BATCH_MAX_LINES) {
        problems.add(0, 0, "the file has " + lines + " requests: a batch file may have at most " + BATCH_MAX_LINES);
      }
      if (size > BATCH_MAX_BYTES) {
        problems.add(0, 0, "the file has " + size + " bytes: a batch file may have at most " + BATCH_MAX_BYTES
            + " bytes (200 MB)");
      }
    }
  }

  /** A fine-tuning line: chat messages, a preference pair, or a prompt and completion. */
  static final JsonlInspector.LineRule FINE_TUNE = (object, line, offset, problems) -> {
    if (object.containsKey("messages")) {
      checkMessages(object.get("messages"), "messages", true, line, offset, problems);
    } else if (object.containsKey("input") || object.containsKey("preferred_output")
        || object.containsKey("non_preferred_output")) {
      Object input = object.get("input");
      if (!(input instanceof Map<?, ?> in)) {
        problems.add(line, offset, "input is " + describe(input) + ": a preference example needs an input object with"
            + " messages");
      } else {
        checkMessages(in.get("messages"), "input.messages", false, line, offset, problems);
      }
      checkMessages(object.get("preferred_output"), "preferred_output", true, line, offset, problems);
      checkMessages(object.get("non_preferred_output"), "non_preferred_output", true, line, offset, problems);
    } else if (object.containsKey("prompt") || object.containsKey("completion")) {
      for (String field : List.of("prompt", "completion")) {
        if (!(object.get(field) instanceof String)) {
          problems.add(line, offset, field + " is " + describe(object.get(field)) + ": the prompt and completion form"
              + " needs both as strings");
        }
      }
    } else {
      problems.add(line, offset, "the object is none of the fine-tuning shapes: expected \"messages\" (chat),"
          + " \"input\" with \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" and"
          + " \"completion\"");
    }
  };

  private static void checkMessages(Object value, String field, boolean needsAssistant, long line, long offset,
      Problems problems) {
    if (!(value instanceof List<?> messages) || messages.isEmpty()) {
      problems.add(line, offset, field + " is " + describe(value) + ": it must be a non-empty array of messages");
      return;
    }
    boolean assistant = false;
    for (int i = 0; i < messages.size(); i++) {
      String where = field + "[" + i + "]";
      if (!(messages.get(i) instanceof Map<?, ?> message)) {
        problems.add(line, offset, where + " is " + describe(messages.get(i)) + ": each message must be an object");
        continue;
      }
      Object role = message.get("role");
      if (!(role instanceof String r) || !ROLES.contains(r)) {
        problems.add(line, offset, where + ".role is " + describe(role) + ": expected one of system, developer, user,"
            + " assistant, tool");
        continue;
      }
      assistant |= r.equals("assistant");
      Object content = message.get("content");
      boolean calls = message.containsKey("tool_calls") || message.containsKey("function_call");
      if (!(content instanceof String || content instanceof List || (content == null && calls))) {
        problems.add(line, offset, where + ".content is " + describe(content) + ": expected a string or an array of"
            + " content parts");
      }
    }
    if (needsAssistant && !assistant) {
      problems.add(line, offset, field + " has no assistant message: fine-tuning needs one to learn from");
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "missing or null";
    }
    return value instanceof String text ? quote(text) : JsonlInspector.kind(value);
  }

  static String quote(String text) {
    return "\"" + (text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text) + "\"";
  }
}
