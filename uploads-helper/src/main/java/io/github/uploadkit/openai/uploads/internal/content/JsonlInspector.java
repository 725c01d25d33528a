package io.github.uploadkit.openai.uploads.internal.content;

import com.squareup.moshi.JsonReader;
import io.github.uploadkit.openai.uploads.ContentReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import okio.Buffer;

/**
 * Checks that every line is one JSON object and passes a {@link LineRule}. A line is held only
 * while it is checked (at most {@value #MAX_LINE_BYTES} bytes); the last line may lack its newline.
 * A blank line is a problem: the API reads each line as a request.
 */
final class JsonlInspector implements ContentInspector {
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

  /** What one kind of JSONL file requires of each line's object. */
  interface LineRule {
    void check(Map<?, ?> object, long line, long offset, Problems problems);

    /** Problems with the file as a whole, given its line count and size; none by default. */
    default void finish(long lines, long size, Problems problems) {
    }
  }

  private final LineRule rule;
  private final Problems problems = new Problems();
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
    ByteBuffer bytes = chunk.duplicate();
    int start = bytes.position();
    int end = bytes.limit();
    for (int i = start; i < end; i++) {
      if (bytes.get(i) == '\n') {
        append(bytes, start, i);
        endLine();
        position += i + 1 - start;
        start = i + 1;
        lineStart = position;
      }
    }
    append(bytes, start, end);
    position += end - start;
  }

  private void append(ByteBuffer bytes, int from, int to) {
    if (to <= from || tooLong) {
      return;
    }
    if (line.size() + (to - from) > MAX_LINE_BYTES) {
      tooLong = true;
      line.clear();
      return;
    }
    ByteBuffer slice = bytes.duplicate();
    slice.limit(to).position(from);
    try {
      line.write(slice);
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
    Object value;
    JsonReader reader = JsonReader.of(line);
    try {
      value = reader.readJsonValue();
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
    if (!(value instanceof Map<?, ?> object)) {
      problems.add(lineNumber, lineStart, "the line is " + kind(value) + ", not a JSON object");
      return;
    }
    rule.check(object, lineNumber, lineStart, problems);
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

  static String kind(Object value) {
    return value == null ? "null" : value instanceof String ? "a string" : value instanceof Number ? "a number"
        : value instanceof Boolean ? "a boolean" : value instanceof java.util.List ? "an array" : "an object";
  }

  @Override
  public boolean failed() {
    return problems.any();
  }

  @Override
  public ContentReport finish() {
    long lines = lineNumber - 1;
    if (line.size() > 0 || tooLong) {
      endLine(); // the last line, without its newline
      lines++;
    }
    rule.finish(lines, position, problems);
    return problems.report(lines);
  }
}
