package io.github.uploadkit.openai.uploads.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The rule for a path, a name or anything a server sent on its way to a person or a pipe (the
 * API key is taken out of all output by {@code Redaction} in {@link Main}). In plain output every
 * character that could forge or hide a line is escaped: {@code \t}, {@code \n}, {@code \r},
 * {@code \\}, other control, line-separator and direction characters as {@code \}{@code uXXXX},
 * characters the output's charset cannot show as {@code \}{@code uXXXX}, and the bytes of a file
 * name that are not UTF-8 as {@code \xHH}, so that one line is one record and a name can be told
 * from its escaped form. In JSON a path is exact: its name decoded as UTF-8, each byte that is not
 * UTF-8 written as the lone surrogate {@code \}{@code udcHH} (as Python's {@code surrogateescape}
 * reads it back to the same bytes), and every character outside ASCII escaped, so the line is the
 * same whatever the locale.
 */
final class PrintedText {
  private static final Charset OUTPUT = Charset.defaultCharset();

  private PrintedText() {
  }

  /** {@code text} escaped for plain output. */
  static String plain(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    CharsetEncoder encoder = OUTPUT.newEncoder();
    for (int i = 0; i < text.length(); i++) {
      appendPlain(out, text.charAt(i), encoder);
    }
    return out.toString();
  }

  /** Text of several lines, each escaped for plain output, joined by the platform's line separator. */
  static String plainLines(String text) {
    return text.lines().map(PrintedText::plain).collect(java.util.stream.Collectors.joining(System.lineSeparator()));
  }

  /** The path escaped for plain output, from its bytes on disk. */
  static String plain(Path path) {
    StringBuilder out = new StringBuilder();
    CharsetEncoder encoder = OUTPUT.newEncoder();
    decode(NativePaths.bytes(path), (c, undecodable) -> {
      if (undecodable) {
        out.append(String.format("\\x%02x", c & 0xff));
      } else {
        appendPlain(out, c, encoder);
      }
    });
    return out.toString();
  }

  /** The path as a JSON string literal (with its quotes), exact and in ASCII. */
  static String json(Path path) {
    StringBuilder out = new StringBuilder("\"");
    decode(NativePaths.bytes(path), (c, undecodable) -> {
      char shown = undecodable ? (char) (0xDC00 | (c & 0xff)) : c;
      if (shown == '"' || shown == '\\') {
        out.append('\\').append(shown);
      } else if (shown < 0x20 || shown > 0x7e) {
        out.append(String.format("\\u%04x", (int) shown));
      } else {
        out.append(shown);
      }
    });
    return out.append('"').toString();
  }

  private static void appendPlain(StringBuilder out, char c, CharsetEncoder encoder) {
    switch (c) {
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\\' -> out.append("\\\\");
      default -> {
        if (hidesOrBreaks(c) || !Character.isSurrogate(c) && !encoder.canEncode(c)) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }

  /** Control characters, line and paragraph separators, and the characters that turn text direction. */
  private static boolean hidesOrBreaks(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e'
        || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069' || c == '\ufeff';
  }

  private interface Decoded {
    /** One char of the text, or (when {@code undecodable}) one byte that is not UTF-8, in the low 8 bits. */
    void next(char c, boolean undecodable);
  }

  /** Decodes UTF-8, handing on each char and each byte that is not part of a valid sequence. */
  private static void decode(byte[] bytes, Decoded sink) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer chars = CharBuffer.allocate(Math.max(2, bytes.length * 2));
    while (in.hasRemaining()) {
      CoderResult result = decoder.decode(in, chars, true);
      chars.flip();
      while (chars.hasRemaining()) {
        sink.next(chars.get(), false);
      }
      chars.clear();
      if (result.isError()) {
        for (int i = 0; i < result.length(); i++) {
          sink.next((char) (in.get() & 0xff), true);
        }
      }
    }
  }
}
