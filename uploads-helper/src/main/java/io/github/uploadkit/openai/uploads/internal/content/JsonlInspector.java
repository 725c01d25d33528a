package io.github.uploadkit.openai.uploads.internal.content;

import com.squareup.moshi.JsonReader;
import io.github.uploadkit.openai.uploads.ContentReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import okio.Buffer;

/**
 * Checks that every line is one JSON object and passes a {@link LineRule}, reading each line with
 * a streaming JSON reader that skips what the rule does not need. A line is held only while it
 * is checked (at most {@value #MAX_LINE_BYTES} bytes); the last line may lack its newline. A blank
 * line is a problem: the API reads each line as a request.
 */
final class JsonlInspector implements ContentInspector {
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

  /** What one kind of JSONL file requires of each line's object. */
  interface LineRule {
    /**
     * Reads one object, the reader standing before its {@code BEGIN_OBJECT}, and adds what is
     * wrong with it to {@code found}; a syntax error is thrown, and then {@code found} is ignored.
     */
    void read(JsonReader reader, LineProblems found) throws IOException;

    /** Problems with the file as a whole, given its line count and size; none by default. */
    default void finish(long lines, long size, Problems problems) {
    }
  }

  /** The problems of one line, kept until the line is known to be valid JSON. */
  static final class LineProblems {
    final java.util.List<String> messages = new java.util.ArrayList<>(2);

    void add(String message) {
      messages.add(message);
    }
  }

  private final LineRule rule;
  private final Problems problems = new Problems();
  private final Buffer pending = new Buffer();
  private final Buffer line = new Buffer();
  private long lineNumber = 1;
  private long lineStart;
  private long position;
  private boolean tooLong;

  JsonlInspector(LineRule rule) {
    this.rule = rule;
  }

  @Override
  public void accept(ByteBuffer chunk) {
    try {
      pending.write(chunk.duplicate()); // one copy per chunk; lines then move between buffers by segment
      for (long newline; (newline = pending.indexOf((byte) '\n')) >= 0; ) {
        if (tooLong) {
          pending.skip(newline);
        } else {
          line.write(pending, newline);
        }
        pending.skip(1);
        position += newline + 1;
        endLine();
        lineStart = position;
      }
      if (!tooLong && pending.size() > MAX_LINE_BYTES) {
        tooLong = true;
        position += pending.size();
        pending.clear();
      }
    } catch (IOException e) {
      throw new AssertionError(e); // an okio Buffer does not fail
    }
  }

  private void endLine() {
    if (tooLong) {
      problems.add(lineNumber, lineStart, "the line is longer than " + MAX_LINE_BYTES + " bytes");
    } else {
      checkLine();
    }
    tooLong = false;
    line.clear();
    lineNumber++;
  }

  private void checkLine() {
    if (isBlank()) {
      problems.add(lineNumber, lineStart, "the line is blank: every line must be one JSON object");
      return;
    }
    JsonReader reader = JsonReader.of(line);
    LineProblems found = new LineProblems();
    try {
      JsonReader.Token token = reader.peek();
      if (token != JsonReader.Token.BEGIN_OBJECT) {
        reader.skipValue();
        if (atEnd(reader)) {
          problems.add(lineNumber, lineStart, "the line is " + kind(token) + ", not a JSON object");
        } else {
          problems.add(lineNumber, lineStart, "the line has more after its JSON value: expected one JSON object per line");
        }
        return;
      }
      rule.read(reader, found);
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage())
          .replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
      problems.add(lineNumber, lineStart, "the line is not valid JSON (" + why + ")");
      return;
    }
    if (!atEnd(reader)) {
      problems.add(lineNumber, lineStart, "the line has more after its JSON value: expected one JSON object per line");
      return;
    }
    found.messages.forEach(message -> problems.add(lineNumber, lineStart, message));
  }

  private static boolean atEnd(JsonReader reader) {
    try {
      return reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private boolean isBlank() {
    for (long i = 0; i < line.size(); i++) {
      byte b = line.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** How a value of this kind is described in a problem. */
  static String kind(JsonReader.Token token) {
    return switch (token) {
      case NULL -> "null";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      default -> "missing";
    };
  }

  @Override
  public boolean failed() {
    return problems.any();
  }

  @Override
  public ContentReport finish() {
    long lines = lineNumber - 1;
    if (pending.size() > 0 || tooLong) {
      position += pending.size();
      if (tooLong) {
        pending.clear();
      } else {
        line.write(pending, pending.size());
      }
      endLine(); // the last line, without its newline
      lines++;
    }
    rule.finish(lines, position, problems);
    return problems.report(lines);
  }
}
