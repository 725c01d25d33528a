package io.github.uploadkit.openai.uploads.internal.content;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Batch API and fine-tuning require of each JSONL line: the rules as data, and readers
 * that stream through a line's object, keeping only the fields the rules look at.
 */
final class JsonlRules {
  /** The endpoints a batch file's {@code url} may name. */
  static final List<String> BATCH_URLS =
      List.of("/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations");
  static final int BATCH_MAX_LINES = 50_000;
  static final long BATCH_MAX_BYTES = 200L * 1000 * 1000;
  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
  private static final int QUOTED_CHARS = 64;
  private static final JsonReader.Options BATCH_FIELDS = JsonReader.Options.of("custom_id", "method", "url", "body");
  private static final JsonReader.Options MESSAGE_FIELDS =
      JsonReader.Options.of("role", "content", "tool_calls", "function_call");
  private static final JsonReader.Options FINE_TUNE_FIELDS = JsonReader.Options.of(
      "messages", "input", "preferred_output", "non_preferred_output", "prompt", "completion");

  /** After {@code selectName} found no field of interest: skips the name, then its value. */
  private static void skipField(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NAME) {
      reader.skipName();
    }
    reader.skipValue();
  }

  private JsonlRules() {
  }

  /** A field's value as far as a rule cares: its kind, and its text when it is a string. */
  record Value(JsonReader.Token token, String text) {
    static final Value MISSING = new Value(null, null);

    static Value read(JsonReader reader) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token == JsonReader.Token.STRING) {
        return new Value(token, reader.nextString());
      }
      reader.skipValue();
      return new Value(token, null);
    }

    /** Reads only the kind of the value, skipping it without keeping any text. */
    static Value kind(JsonReader reader) throws IOException {
      JsonReader.Token token = reader.peek();
      reader.skipValue();
      return new Value(token, null);
    }

    String describe() {
      if (token == null || token == JsonReader.Token.NULL) {
        return "missing or null";
      }
      return text != null ? quote(text) : JsonlInspector.kind(token);
    }
  }

  /** Any JSON object will do (evals and other JSONL). */
  static final JsonlInspector.LineRule ANY_OBJECT = (reader, found) -> reader.skipValue();

  /** A batch input line: unique custom_id, POST, one Batch API url for every line, an object body. */
  static final class Batch implements JsonlInspector.LineRule {
    private final Map<String, Long> customIds = new HashMap<>();
    private long line;
    private String url;
    private long urlLine;

    @Override
    public void read(JsonReader reader, JsonlInspector.LineProblems found) throws IOException {
      line++;
      Value customId = Value.MISSING;
      Value method = Value.MISSING;
      Value target = Value.MISSING;
      Value body = Value.MISSING;
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.selectName(BATCH_FIELDS)) {
          case 0 -> customId = Value.read(reader);
          case 1 -> method = Value.read(reader);
          case 2 -> target = Value.read(reader);
          case 3 -> body = Value.kind(reader);
          default -> skipField(reader);
        }
      }
      reader.endObject();
      if (customId.text() == null || customId.text().isEmpty()) {
        found.add("custom_id is " + customId.describe() + ": each request needs a unique, non-empty string custom_id");
      } else if (customIds.size() <= BATCH_MAX_LINES) {
        Long first = customIds.putIfAbsent(customId.text(), line);
        if (first != null) {
          found.add("custom_id " + quote(customId.text()) + " repeats the one on line " + first
              + ": each custom_id must be unique");
        }
      }
      if (!"POST".equals(method.text())) {
        found.add("method is " + method.describe() + ": it must be \"POST\"");
      }
      if (target.text() == null || !BATCH_URLS.contains(target.text())) {
        found.add("url is " + target.describe() + ": expected one of " + String.join(", ", BATCH_URLS));
      } else if (url == null) {
        url = target.text();
        urlLine = line;
      } else if (!url.equals(target.text())) {
        found.add("url " + quote(target.text()) + " differs from " + quote(url) + " on line " + urlLine
            + ": every request in a batch file must use the same url");
      }
      if (body.token() != JsonReader.Token.BEGIN_OBJECT) {
        found.add("body is " + body.describe() + ": it must be a JSON object");
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

  /** One message of a conversation, as far as the rules look. */
  private record Message(Value item, Value role, Value content, boolean calls) {
  }

  /** A list of messages, or what stood where the list should be. */
  private record Messages(Value value, List<Message> messages) {
    static final Messages MISSING = new Messages(Value.MISSING, List.of());

    static Messages read(JsonReader reader) throws IOException {
      if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
        return new Messages(Value.read(reader), List.of());
      }
      List<Message> messages = new ArrayList<>();
      reader.beginArray();
      while (reader.hasNext()) {
        if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
          messages.add(new Message(Value.read(reader), null, null, false));
          continue;
        }
        Value role = Value.MISSING;
        Value content = Value.MISSING;
        boolean calls = false;
        reader.beginObject();
        while (reader.hasNext()) {
          switch (reader.selectName(MESSAGE_FIELDS)) {
            case 0 -> role = Value.read(reader);
            case 1 -> content = Value.kind(reader);
            case 2, 3 -> {
              calls = true;
              reader.skipValue();
            }
            default -> skipField(reader);
          }
        }
        reader.endObject();
        messages.add(new Message(null, role, content, calls));
      }
      reader.endArray();
      return new Messages(new Value(JsonReader.Token.BEGIN_ARRAY, null), messages);
    }

    void check(String field, boolean needsAssistant, JsonlInspector.LineProblems found) {
      if (messages.isEmpty()) {
        found.add(field + " is " + value.describe() + ": it must be a non-empty array of messages");
        return;
      }
      boolean assistant = false;
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        if (message.item() != null) {
          found.add(field + "[" + i + "] is " + message.item().describe() + ": each message must be an object");
          continue;
        }
        String role = message.role().text();
        if (role == null || !ROLES.contains(role)) {
          found.add(field + "[" + i + "].role is " + message.role().describe()
              + ": expected one of system, developer, user, assistant, tool");
          continue;
        }
        assistant |= role.equals("assistant");
        JsonReader.Token content = message.content().token();
        boolean nullWithCalls = (content == null || content == JsonReader.Token.NULL) && message.calls();
        if (content != JsonReader.Token.STRING && content != JsonReader.Token.BEGIN_ARRAY && !nullWithCalls) {
          found.add(field + "[" + i + "].content is " + message.content().describe()
              + ": expected a string or an array of content parts");
        }
      }
      if (needsAssistant && !assistant) {
        found.add(field + " has no assistant message: fine-tuning needs one to learn from");
      }
    }
  }

  /** A fine-tuning line: chat messages, a preference pair, or a prompt and completion. */
  static final JsonlInspector.LineRule FINE_TUNE = (reader, found) -> {
    Messages messages = null;
    Value input = null;
    Messages inputMessages = Messages.MISSING;
    Messages preferred = null;
    Messages nonPreferred = null;
    Value prompt = null;
    Value completion = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(FINE_TUNE_FIELDS)) {
        case 0 -> messages = Messages.read(reader);
        case 1 -> {
          if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
            input = new Value(JsonReader.Token.BEGIN_OBJECT, null);
            reader.beginObject();
            while (reader.hasNext()) {
              if (reader.selectName(FINE_TUNE_FIELDS) == 0) {
                inputMessages = Messages.read(reader);
              } else {
                skipField(reader);
              }
            }
            reader.endObject();
          } else {
            input = Value.read(reader);
          }
        }
        case 2 -> preferred = Messages.read(reader);
        case 3 -> nonPreferred = Messages.read(reader);
        case 4 -> prompt = Value.kind(reader);
        case 5 -> completion = Value.kind(reader);
        default -> skipField(reader);
      }
    }
    reader.endObject();
    if (messages != null) {
      messages.check("messages", true, found);
    } else if (input != null || preferred != null || nonPreferred != null) {
      if (input == null || input.token() != JsonReader.Token.BEGIN_OBJECT) {
        found.add("input is " + (input == null ? Value.MISSING : input).describe()
            + ": a preference example needs an input object with messages");
      } else {
        inputMessages.check("input.messages", false, found);
      }
      (preferred == null ? Messages.MISSING : preferred).check("preferred_output", true, found);
      (nonPreferred == null ? Messages.MISSING : nonPreferred).check("non_preferred_output", true, found);
    } else if (prompt != null || completion != null) {
      for (Map.Entry<String, Value> field : List.of(Map.entry("prompt", prompt == null ? Value.MISSING : prompt),
          Map.entry("completion", completion == null ? Value.MISSING : completion))) {
        if (field.getValue().token() != JsonReader.Token.STRING) {
          found.add(field.getKey() + " is " + field.getValue().describe()
              + ": the prompt and completion form needs both as strings");
        }
      }
    } else {
      found.add("the object is none of the fine-tuning shapes: expected \"messages\" (chat), \"input\" with"
          + " \"preferred_output\" and \"non_preferred_output\" (preference), or \"prompt\" and \"completion\"");
    }
  };

  static String quote(String text) {
    return "\"" + (text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text) + "\"";
  }
}
