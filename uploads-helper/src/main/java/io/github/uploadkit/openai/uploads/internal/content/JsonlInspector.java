package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.internal.content.JsonLineScanner.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every line is one JSON object and passes a {@link LineRule}, streaming: the bytes
 * go through a {@link JsonLineScanner} once and no line is held, so memory stays fixed whatever
 * the file holds. The last line may lack its newline. A blank line is a problem: the API reads
 * each line as a request.
 */
final class JsonlInspector implements ContentInspector, JsonLineScanner.Handler {
  private static final int COPY = 64 * 1024;

  /**
   * What one kind of JSONL file requires of each line's object, told the object's structure as
   * the scanner reads it. Problems go to {@link #lineEnded}, which is called only for a line that
   * is one valid JSON object.
   */
  abstract static class LineRule {
    /** The member names the rule looks for; {@link #value} gets their index. */
    java.util.List<String> keys() {
      return java.util.List.of();
    }

    /** The deepest members whose names the rule needs. */
    int keyDepth() {
      return 0;
    }

    /** Whether captured strings need a digest of their whole text ({@link Capture#key()}). */
    boolean digestText() {
      return false;
    }

    /** A line starts: forget the last one. */
    void lineStarted(long line) {
    }

    /** As {@link JsonLineScanner.Handler#value}, for values inside the line's object (depth 1 and more). */
    boolean value(int depth, int key, Kind kind) {
      return false;
    }

    void text(Capture text) {
    }

    void ended(int depth) {
    }

    /** The line was one valid JSON object; adds what is wrong with it. */
    void lineEnded(LineProblems found) {
    }

    /** Problems with the file as a whole, given its line count and size. */
    void finish(long lines, long size, Problems problems) {
    }
  }

  /** The problems of one line, the first {@link ContentReport#MAX_LISTED} kept. */
  static final class LineProblems {
    final List<String> messages = new ArrayList<>(2);

    void add(String message) {
      if (messages.size() < ContentReport.MAX_LISTED) {
        messages.add(message);
      }
    }
  }

  private final LineRule rule;
  private final JsonLineScanner scanner;
  private final Problems problems = new Problems();
  private final LineProblems found = new LineProblems();
  private byte[] copy;
  private long lineNumber;
  private long lineStart;
  private Kind lineKind;

  JsonlInspector(LineRule rule) {
    this.rule = rule;
    this.scanner = new JsonLineScanner(this, rule.keys(), rule.keyDepth(), rule.digestText());
  }

  @Override
  public void accept(ByteBuffer chunk) {
    if (chunk.hasArray()) {
      int from = chunk.arrayOffset() + chunk.position();
      scanner.feed(chunk.array(), from, from + chunk.remaining());
      return;
    }
    if (copy == null) {
      copy = new byte[COPY];
    }
    ByteBuffer source = chunk.duplicate();
    while (source.hasRemaining()) {
      int n = Math.min(COPY, source.remaining());
      source.get(copy, 0, n);
      scanner.feed(copy, 0, n);
    }
  }

  @Override
  public void lineStarted(long line, long offset) {
    lineNumber = line;
    lineStart = offset;
    lineKind = null;
    found.messages.clear();
    rule.lineStarted(line);
  }

  @Override
  public boolean value(int depth, int key, Kind kind) {
    if (depth == 0) {
      lineKind = kind;
      return false;
    }
    return lineKind == Kind.OBJECT && rule.value(depth, key, kind);
  }

  @Override
  public void text(Capture text) {
    rule.text(text);
  }

  @Override
  public void ended(int depth) {
    if (depth > 0) {
      rule.ended(depth);
    }
  }

  @Override
  public void lineEnded(String error, long errorOffset) {
    if (error != null) {
      problems.add(lineNumber, errorOffset < 0 ? lineStart : errorOffset, error);
    } else if (lineKind != Kind.OBJECT) {
      problems.add(lineNumber, lineStart, "the line is " + kind(lineKind) + ", not a JSON object");
    } else {
      rule.lineEnded(found);
      found.messages.forEach(message -> problems.add(lineNumber, lineStart, message));
    }
  }

  /** How a value of this kind is described in a problem; null is a missing value. */
  static String kind(Kind kind) {
    if (kind == null) {
      return "missing";
    }
    return switch (kind) {
      case NULL -> "null";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
    };
  }

  @Override
  public boolean failed() {
    return problems.any();
  }

  @Override
  public ContentReport found() {
    return problems.report(0);
  }

  @Override
  public ContentReport finish() {
    scanner.finish();
    long lines = scanner.lines();
    rule.finish(lines, scanner.position(), problems);
    return problems.report(lines);
  }
}
