package io.github.uploadkit.openai.uploads.internal.content;

/**
 * A strict JSON (RFC 8259) scanner for JSON Lines, fed bytes in chunks of any size and holding
 * none of them: each line must be one JSON value; strings must be UTF-8 without raw control
 * characters; numbers, escapes and literals exactly as the grammar says. It tells its {@link
 * Handler} where each value starts, the keys of shallow members, and the text of the strings the
 * handler asks for. Its memory is fixed whatever the bytes: a bit per nesting level up to
 * {@value #MAX_DEPTH} and two {@link Capture}s. After an error it skips to the next line.
 */
final class JsonLineScanner {
  /** The deepest nesting a line may have; deeper is reported as this check's limit, not as bad JSON. */
  static final int MAX_DEPTH = 1000;

  /** What a value is, from its first byte. */
  enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

  /** Receives the structure of each line; called on the scanning thread. */
  interface Handler {
    /** A line starts at byte {@code offset}. */
    void lineStarted(long line, long offset);

    /**
     * A value starts at {@code depth} (0 for the line's value, 1 for its members or items), under
     * {@code key}, the index of its member name among the scanner's keys, or -1 (an item, a
     * deeper member, another name). Returns whether to capture its text, when it is a string.
     */
    boolean value(int depth, int key, Kind kind);

    /** The text of a string the handler asked for. */
    void text(Capture text);

    /** The object or array at {@code depth} ended. */
    void ended(int depth);

    /** The line ended: {@code error} says why it is not one JSON value, or is null; blank lines are errors. */
    void lineEnded(String error, long errorOffset);
  }

  private static final int LINE_START = 0;
  private static final int VALUE = 1;
  private static final int VALUE_OR_CLOSE = 2;
  private static final int AFTER_VALUE = 3;
  private static final int KEY_OR_CLOSE = 4;
  private static final int KEY = 5;
  private static final int COLON = 6;
  private static final int STRING = 7;
  private static final int ESCAPE = 8;
  private static final int UNICODE = 9;
  private static final int UTF8 = 10;
  private static final int MINUS = 11;
  private static final int ZERO = 12;
  private static final int INTEGER = 13;
  private static final int POINT = 14;
  private static final int FRACTION = 15;
  private static final int EXPONENT_MARK = 16;
  private static final int EXPONENT_SIGN = 17;
  private static final int EXPONENT = 18;
  private static final int LITERAL = 19;
  private static final int LINE_DONE = 20;
  private static final int SKIP_LINE = 21;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final Handler handler;
  private final int keyDepth;
  private final Names keys;
  private final long[] objects = new long[(MAX_DEPTH + 63) / 64]; // bit set: the container at that depth is an object
  private final Capture key = new Capture(false);
  private final Capture text;
  private int state = LINE_START;
  private int depth; // of the next value: containers open
  private long line = 1;
  private long position; // of the chunk's first byte
  private boolean lineOpen;
  private boolean inKey;
  private Capture capture; // the string being captured, or null
  private int currentKey = -1;
  private int unicodeDigits;
  private int unicodeValue;
  private int utf8Left;
  private int utf8Low;
  private int utf8High;
  private byte[] literal;
  private int literalIndex;
  private String error;
  private long errorOffset;

  /** A scanner telling {@code handler} of member names among {@code keys} down to {@code keyDepth}. */
  JsonLineScanner(Handler handler, java.util.List<String> keys, int keyDepth, boolean digestText) {
    this.handler = handler;
    this.keyDepth = keyDepth;
    this.keys = new Names(keys);
    this.text = new Capture(digestText);
  }

  /** Lines started so far, the one being read included. */
  long lines() {
    return lineOpen ? line : line - 1;
  }

  /** Bytes scanned so far. */
  long position() {
    return position;
  }

  /** Scans {@code bytes[from, to)}, the input's next bytes. */
  void feed(byte[] bytes, int from, int to) {
    int i = from;
    long base = position - from;
    while (i < to) {
      if (!lineOpen) {
        lineOpen = true;
        handler.lineStarted(line, base + i);
      }
      byte b = bytes[i];
      if (b == '\n' && state != STRING) { // a string reports the newline it meets, then lands here
        endLine(base + i);
        i++;
        continue;
      }
      switch (state) {
        case STRING -> i = string(bytes, i, to, base);
        case SKIP_LINE -> {
          while (i < to && bytes[i] != '\n') {
            i++;
          }
        }
        case LINE_START, VALUE, VALUE_OR_CLOSE -> {
          if (isSpace(b)) {
            i++;
          } else {
            startValue(b, base + i);
            i++;
          }
        }
        case AFTER_VALUE -> {
          i++;
          if (isSpace(b)) {
            continue;
          }
          boolean inObject = inObject();
          if (b == ',') {
            state = inObject ? KEY : VALUE;
          } else if (b == (inObject ? '}' : ']')) {
            close();
          } else {
            fail("expected ',' or '" + (inObject ? '}' : ']') + "' after a value, found " + describe(b), base + i - 1);
          }
        }
        case KEY_OR_CLOSE, KEY -> {
          i++;
          if (isSpace(b)) {
            continue;
          }
          if (b == '"') {
            inKey = true;
            capture = depth <= keyDepth ? key.reset() : null;
            state = STRING;
          } else if (b == '}' && state == KEY_OR_CLOSE) {
            close();
          } else {
            fail("expected a quoted member name, found " + describe(b), base + i - 1);
          }
        }
        case COLON -> {
          i++;
          if (isSpace(b)) {
            continue;
          }
          if (b == ':') {
            state = VALUE;
          } else {
            fail("expected ':' after a member name, found " + describe(b), base + i - 1);
          }
        }
        case LINE_DONE -> {
          if (isSpace(b)) {
            i++;
          } else {
            fail("the line has more after its JSON value: expected one JSON object per line", base + i);
          }
        }
        case ESCAPE, UNICODE, UTF8, LITERAL -> {
          inString(b, base + i); // kept out of this loop, so that it stays small for the compiler
          i++;
        }
        default -> i = number(bytes, i, to, base);
      }
    }
    position += to - from;
  }

  /** One byte of an escape, a UTF-8 sequence cut by a chunk's end, or a literal. */
  private void inString(byte b, long offset) {
    switch (state) {
      case ESCAPE -> escape(b, offset);
      case UNICODE -> {
        int digit = Character.digit(b, 16);
        if (digit < 0 || b < 0) {
          fail("a \\u escape needs four hex digits, found " + describe(b), offset);
        } else {
          unicodeValue = unicodeValue << 4 | digit;
          if (++unicodeDigits == 4) {
            if (capture != null) {
              capture.appendUtf16(unicodeValue);
            }
            state = STRING;
          }
        }
      }
      case UTF8 -> continuation(b, offset);
      default -> {
        if (b != literal[literalIndex]) {
          fail("expected '" + new String(literal, java.nio.charset.StandardCharsets.US_ASCII) + "', found "
              + describe(b), offset);
        } else if (++literalIndex == literal.length) {
          valueEnded();
        }
      }
    }
  }

  /** Ends the input: a last line without its newline is a line. */
  void finish() {
    if (lineOpen) {
      endLine(position);
    }
  }

  private void startValue(byte b, long offset) {
    Kind kind;
    switch (b) {
      case '{' -> kind = Kind.OBJECT;
      case '[' -> kind = Kind.ARRAY;
      case '"' -> kind = Kind.STRING;
      case 't', 'f' -> kind = Kind.BOOLEAN;
      case 'n' -> kind = Kind.NULL;
      case ']' -> {
        if (state == VALUE_OR_CLOSE) {
          close();
        } else {
          fail("expected a value, found ']'", offset);
        }
        return;
      }
      default -> {
        if (b == '-' || (b >= '0' && b <= '9')) {
          kind = Kind.NUMBER;
        } else {
          fail("expected a value, found " + describe(b), offset);
          return;
        }
      }
    }
    int member = inObject() ? currentKey : -1;
    boolean wanted = handler.value(depth, member, kind);
    switch (kind) {
      case OBJECT, ARRAY -> open(kind == Kind.OBJECT, offset);
      case STRING -> {
        inKey = false;
        capture = wanted ? text.reset() : null;
        state = STRING;
      }
      case BOOLEAN, NULL -> {
        literal = b == 't' ? TRUE : b == 'f' ? FALSE : NULL;
        literalIndex = 1;
        state = LITERAL;
      }
      default -> state = b == '-' ? MINUS : b == '0' ? ZERO : INTEGER;
    }
  }

  private void open(boolean object, long offset) {
    if (depth == MAX_DEPTH) {
      fail("the line nests deeper than " + MAX_DEPTH + " levels, the limit of this check", offset);
      return;
    }
    if (object) {
      objects[depth >> 6] |= 1L << depth;
    } else {
      objects[depth >> 6] &= ~(1L << depth);
    }
    depth++;
    currentKey = -1;
    state = object ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
  }

  private void close() {
    depth--;
    handler.ended(depth);
    currentKey = -1; // a key of the enclosing object is not needed again
    valueEnded();
  }

  private boolean inObject() {
    return depth > 0 && (objects[(depth - 1) >> 6] & 1L << (depth - 1)) != 0;
  }

  private void valueEnded() {
    state = depth == 0 ? LINE_DONE : AFTER_VALUE;
  }

  /** Scans string bytes from {@code i}; returns where it stopped. */
  private int string(byte[] bytes, int i, int to, long base) {
    int run = i;
    while (true) {
      i = plainRun(bytes, i, to);
      if (i == to) {
        if (capture != null) {
          capture.append(bytes, run, i);
        }
        return i;
      }
      byte b = bytes[i];
      if (b < 0) {
        if (b >= (byte) 0xc2 && b <= (byte) 0xdf && i + 1 < to && (bytes[i + 1] & 0xc0) == 0x80) {
          i += 2; // the most common sequence, checked here in full
          continue;
        }
        int end = i + utf8Length(b);
        if (end <= to && end > i + 1 && completeUtf8(bytes, i, end)) {
          i = end; // a whole valid sequence: stay in the run
          continue;
        }
      } else if (b == '\\' && capture == null && i + 1 < to && isShortEscape(bytes[i + 1])) {
        i += 2; // an escape that needs no decoding: stay in the run
        continue;
      }
      if (b == '"' && inKey && capture != null && capture.isEmpty()) { // the whole name is bytes[run, i)
        currentKey = keys.indexOf(bytes, run, i);
        capture = null;
        state = COLON;
        return i + 1;
      }
      if (capture != null) {
        capture.append(bytes, run, i);
      }
      if (b == '\n') {
        fail("the line ends inside a string", base + i);
        return i; // the newline ends the line in the next state
      }
      i++;
      if (b == '"') {
        endString();
      } else if (b == '\\') {
        state = ESCAPE;
      } else if (b >= 0) {
        fail(String.format("a string holds the control character U+%04X: it must be escaped", b), base + i - 1);
      } else {
        utf8Start(b, base + i - 1);
        if (capture != null && state == UTF8) {
          capture.append(b);
        }
      }
      return i;
    }
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Where the run of plain string bytes (ASCII from 0x20, not '"' or '\\') that starts at
   * {@code i} ends: eight bytes at a time while none is special, then byte by byte.
   */
  private static int plainRun(byte[] bytes, int i, int to) {
    while (i + 8 <= to) {
      long x = (long) LONGS.get(bytes, i);
      long quote = x ^ 0x2222222222222222L;
      long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
      long special = ((x - 0x20 * ONES) & ~x | (quote - ONES) & ~quote | (backslash - ONES) & ~backslash | x) & HIGH_BITS;
      if (special != 0) {
        return i + (Long.numberOfTrailingZeros(special) >>> 3); // the lowest flag is exact: borrows only go up
      }
      i += 8;
    }
    while (i < to && bytes[i] >= 0x20 && bytes[i] != '"' && bytes[i] != '\\') {
      i++;
    }
    return i;
  }

  private void endString() {
    if (inKey) {
      currentKey = capture == null ? -1 : capture.indexIn(keys);
      state = COLON;
    } else {
      if (capture != null) {
        handler.text(capture);
      }
      valueEnded();
    }
    capture = null;
  }

  private void escape(byte b, long offset) {
    char decoded;
    switch (b) {
      case '"', '\\', '/' -> decoded = (char) b;
      case 'b' -> decoded = '\b';
      case 'f' -> decoded = '\f';
      case 'n' -> decoded = '\n';
      case 'r' -> decoded = '\r';
      case 't' -> decoded = '\t';
      case 'u' -> {
        unicodeDigits = 0;
        unicodeValue = 0;
        state = UNICODE;
        return;
      }
      default -> {
        fail("\\" + (b >= 0x21 && b < 0x7f ? String.valueOf((char) b) : describe(b))
            + " is not an escape: JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", offset);
        return;
      }
    }
    if (capture != null) {
      capture.appendUtf16(decoded);
    }
    state = STRING;
  }

  /** The length of the UTF-8 sequence that {@code lead} starts, or 0 when it starts none. */
  private static int utf8Length(byte lead) {
    int b = lead & 0xff;
    return b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  }

  /** The lowest and highest byte allowed after {@code lead} (RFC 3629: no overlong forms, surrogates or more than U+10FFFF). */
  private static int secondLow(int lead) {
    return lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
  }

  private static int secondHigh(int lead) {
    return lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
  }

  private static boolean completeUtf8(byte[] bytes, int start, int end) {
    int lead = bytes[start] & 0xff;
    int second = bytes[start + 1] & 0xff;
    if (second < secondLow(lead) || second > secondHigh(lead)) {
      return false;
    }
    for (int i = start + 2; i < end; i++) {
      if ((bytes[i] & 0xc0) != 0x80) {
        return false;
      }
    }
    return true;
  }

  private void utf8Start(byte lead, long offset) {
    int length = utf8Length(lead);
    if (length == 0) {
      fail(String.format("byte 0x%02X is not UTF-8 here: JSON text must be UTF-8", lead & 0xff), offset);
      return;
    }
    utf8Left = length - 1;
    utf8Low = secondLow(lead & 0xff);
    utf8High = secondHigh(lead & 0xff);
    state = UTF8;
  }

  private void continuation(byte b, long offset) {
    int value = b & 0xff;
    if (value < utf8Low || value > utf8High) {
      fail(String.format("byte 0x%02X breaks a UTF-8 sequence (overlong, a surrogate, beyond U+10FFFF or cut short)",
          value), offset);
      return;
    }
    if (capture != null) {
      capture.append(b);
    }
    utf8Low = 0x80;
    utf8High = 0xbf;
    if (--utf8Left == 0) {
      state = STRING;
    }
  }

  /** Scans number bytes from {@code i} in the number states; returns where it stopped. */
  private int number(byte[] bytes, int i, int to, long base) {
    while (i < to) {
      byte b = bytes[i];
      boolean digit = b >= '0' && b <= '9';
      switch (state) {
        case MINUS -> state = b == '0' ? ZERO : digit ? INTEGER : numberError(b, "a digit after '-'", base + i);
        case ZERO -> state = b == '.' ? POINT : b == 'e' || b == 'E' ? EXPONENT_MARK
            : digit ? numberError(b, "no digit after a leading 0", base + i) : endNumber(b, base + i);
        case INTEGER -> state = digit ? INTEGER : b == '.' ? POINT : b == 'e' || b == 'E' ? EXPONENT_MARK
            : endNumber(b, base + i);
        case POINT -> state = digit ? FRACTION : numberError(b, "a digit after '.'", base + i);
        case FRACTION -> state = digit ? FRACTION : b == 'e' || b == 'E' ? EXPONENT_MARK : endNumber(b, base + i);
        case EXPONENT_MARK -> state = digit ? EXPONENT : b == '+' || b == '-' ? EXPONENT_SIGN
            : numberError(b, "a digit or sign after the exponent's 'e'", base + i);
        case EXPONENT_SIGN -> state = digit ? EXPONENT : numberError(b, "a digit in the exponent", base + i);
        case EXPONENT -> state = digit ? EXPONENT : endNumber(b, base + i);
        default -> {
          return i; // the number ended: the byte is the next state's
        }
      }
      if (state == SKIP_LINE || state == LINE_DONE || state == AFTER_VALUE) {
        return i; // the delimiter, or the wrong byte, is scanned again in the new state
      }
      i++;
    }
    return i;
  }

  private int numberError(byte b, String expected, long offset) {
    fail("a number needs " + expected + ", found " + describe(b), offset);
    return SKIP_LINE;
  }

  /** A complete number meets {@code b}: a delimiter ends it, anything else is an error. */
  private int endNumber(byte b, long offset) {
    if (isSpace(b) || b == ',' || b == ']' || b == '}' || b == '\n') {
      valueEnded();
      return state;
    }
    return numberError(b, "a delimiter after its digits", offset);
  }

  private void endLine(long newline) {
    String why = error;
    long at = errorOffset;
    if (why == null) {
      if (state == LINE_START) {
        why = "the line is blank: every line must be one JSON object";
        at = -1;
      } else if (state != LINE_DONE && !(depth == 0 && (state == ZERO || state == INTEGER || state == FRACTION
          || state == EXPONENT))) {
        why = "the line ends before its JSON value does";
        at = newline;
      }
    }
    handler.lineEnded(why, at);
    state = LINE_START;
    depth = 0;
    error = null;
    capture = null;
    currentKey = -1;
    lineOpen = false;
    line++;
  }

  private void fail(String message, long offset) {
    if (error == null) {
      error = message.startsWith("the line ") ? message : "the line is not valid JSON: " + message;
      errorOffset = offset;
    }
    state = SKIP_LINE;
  }

  private static boolean isShortEscape(byte b) {
    return b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't';
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  static String describe(byte b) {
    return b > 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02X", b & 0xff);
  }
}
