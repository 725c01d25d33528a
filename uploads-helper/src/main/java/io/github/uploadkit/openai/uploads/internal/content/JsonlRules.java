package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.internal.content.JsonLineScanner.Kind;
import io.github.uploadkit.openai.uploads.internal.content.JsonlInspector.LineProblems;
import io.github.uploadkit.openai.uploads.internal.content.JsonlInspector.LineRule;
import java.util.List;

/**
 * What the Batch API and fine-tuning require of each JSONL line: the rules as data, and rules
 * that follow a line's structure as it streams by, keeping only the fields they look at.
 */
final class JsonlRules {
  /** The endpoints a batch file's {@code url} may name. */
  static final List<String> BATCH_URLS =
      List.of("/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations");
  static final int BATCH_MAX_LINES = 50_000;
  static final long BATCH_MAX_BYTES = 200L * 1000 * 1000;
  static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");
  static final Names ROLE_NAMES = new Names(ROLES);
  private static final Names METHOD_NAMES = new Names(List.of("POST"));
  private static final Names BATCH_URL_NAMES = new Names(BATCH_URLS);
  private static final int QUOTED_CHARS = 64;

  private JsonlRules() {
  }

  /** A field's value as far as a rule cares: its kind, and its text when it is a captured string. */
  static final class Field {
    Kind kind;
    String text;
    boolean truncated;

    Field set(Kind kind) {
      this.kind = kind;
      this.text = null;
      this.truncated = false;
      return this;
    }

    void text(Capture capture) {
      text = capture.string();
      truncated = capture.truncated();
    }

    /** Takes the text as one of the {@code known} names when it is (no new String), else as it is. */
    void text(Capture capture, Names known) {
      int match = capture.indexIn(known);
      if (match >= 0) {
        text = known.get(match);
        truncated = false;
      } else {
        text(capture);
      }
    }

    /** The text when the whole string is known, else null. */
    String exact() {
      return truncated ? null : text;
    }

    String describe() {
      if (kind == null || kind == Kind.NULL) {
        return "missing or null";
      }
      return text != null ? quote(text, truncated) : JsonlInspector.kind(kind);
    }
  }

  /** Any JSON object will do (evals and other JSONL). */
  static final LineRule ANY_OBJECT = new LineRule() {
  };

  /** A batch input line: unique custom_id, POST, one Batch API url for every line, an object body. */
  static final class Batch extends LineRule {
    /** custom_ids (a digest when longer than 64 bytes) and their lines; at most one per allowed request. */
    private final IdSet customIds = new IdSet(BATCH_MAX_LINES, Capture.SHORT_KEY);
    private final Field customId = new Field();
    private final Field method = new Field();
    private final Field target = new Field();
    private final Field body = new Field();
    private Field capturing;
    private long repeats;
    private long line;
    private String url;
    private long urlLine;

    @Override
    List<String> keys() {
      return List.of("custom_id", "method", "url", "body");
    }

    @Override
    int keyDepth() {
      return 1;
    }

    @Override
    boolean digestText() {
      return true;
    }

    @Override
    void lineStarted(long line) {
      this.line = line;
      customId.set(null);
      method.set(null);
      target.set(null);
      body.set(null);
      repeats = -1;
    }

    @Override
    boolean value(int depth, int key, Kind kind) {
      if (depth != 1 || key < 0) {
        return false;
      }
      capturing = switch (key) {
        case 0 -> customId.set(kind);
        case 1 -> method.set(kind);
        case 2 -> target.set(kind);
        default -> {
          body.set(kind);
          yield null;
        }
      };
      return capturing != null && kind == Kind.STRING;
    }

    @Override
    void text(Capture text) {
      if (capturing == customId) {
        repeats = text.total() == 0 ? -1 : customIds.addIfAbsent(text.keyBytes(), text.keyLength(), line);
        if (repeats >= 0 || text.total() == 0) {
          customId.text(text); // the text only for the problem's message
        }
      } else {
        capturing.text(text, capturing == method ? METHOD_NAMES : BATCH_URL_NAMES);
      }
    }

    @Override
    void lineEnded(LineProblems found) {
      if (customId.kind != Kind.STRING || "".equals(customId.text)) {
        found.add("custom_id is " + customId.describe() + ": each request needs a unique, non-empty string custom_id");
      } else if (repeats >= 0) {
        found.add("custom_id " + customId.describe() + " repeats the one on line " + repeats
            + ": each custom_id must be unique");
      }
      if (!"POST".equals(method.exact())) {
        found.add("method is " + method.describe() + ": it must be \"POST\"");
      }
      String named = target.exact();
      if (named == null || !BATCH_URLS.contains(named)) {
        found.add("url is " + target.describe() + ": expected one of " + String.join(", ", BATCH_URLS));
      } else if (url == null) {
        url = named;
        urlLine = line;
      } else if (!url.equals(named)) {
        found.add("url " + quote(named, false) + " differs from " + quote(url, false) + " on line " + urlLine
            + ": every request in a batch file must use the same url");
      }
      if (body.kind != Kind.OBJECT) {
        found.add("body is " + body.describe() + ": it must be a JSON object");
      }
    }

    @Override
    void finish(long lines, long size, Problems problems) {
      if (lines > BATCH_MAX_LINES) {
        problems.add(0, 0, "the file has " + lines + " requests: a batch file may have at most " + BATCH_MAX_LINES);
      }
      if (size > BATCH_MAX_BYTES) {
        problems.add(0, 0, "the file has " + size + " bytes: a batch file may have at most " + BATCH_MAX_BYTES
            + " bytes (200 MB)");
      }
    }
  }

  static String quote(String text, boolean truncated) {
    boolean cut = truncated || text.length() > QUOTED_CHARS;
    return "\"" + (cut ? text.substring(0, Math.min(QUOTED_CHARS, text.length())) + "..." : text) + "\"";
  }
}
