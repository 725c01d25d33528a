package io.github.uploadkit.openai.uploads.internal.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSONL check against RFC 8259 (and RFC 3629 for UTF-8): each line is written as the bytes
 * after {@code {"v":}, with the verdict a strict parser gives, written out here, not computed.
 */
class JsonStrictnessTest {
  /** A value's bytes: text, with {@code <hex>} for raw bytes. */
  static byte[] bytes(String spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < spec.length(); ) {
      int open = spec.indexOf('<', i);
      if (open < 0) {
        out.writeBytes(spec.substring(i).getBytes(StandardCharsets.UTF_8));
        break;
      }
      out.writeBytes(spec.substring(i, open).getBytes(StandardCharsets.UTF_8));
      int close = spec.indexOf('>', open);
      out.writeBytes(HexFormat.of().parseHex(spec.substring(open + 1, close)));
      i = close + 1;
    }
    return out.toByteArray();
  }

  static Stream<Arguments> verdicts() {
    return Stream.of(
        // strings: control characters must be escaped; escapes exactly as the grammar lists them
        Arguments.of("\"a<00>b\"", false), Arguments.of("\"a<09>b\"", false), Arguments.of("\"a<1f>\"", false),
        Arguments.of("\"a\\u0000b\\tc\"", true), Arguments.of("\"<7f>\"", true),
        Arguments.of("\"\\x\"", false), Arguments.of("\"\\u12\"", false), Arguments.of("\"\\u12G4\"", false),
        Arguments.of("\"\\'\"", false), Arguments.of("\"\\/\\b\\f\\n\\r\\\"\\\\\"", true),
        Arguments.of("\"\\uD800\"", true), Arguments.of("\"\\uDC00\\uD800x\"", true), // grammar-valid lone surrogates
        Arguments.of("\"\\uD83D\\uDE00\"", true), Arguments.of("'a'", false), Arguments.of("\"abc", false),
        // UTF-8 (RFC 3629): no stray, overlong, surrogate or out-of-range sequences
        Arguments.of("\"é€😀\"", true), Arguments.of("\"<ff><fe>\"", false), Arguments.of("\"<c0><af>\"", false),
        Arguments.of("\"<c1><bf>\"", false), Arguments.of("\"<e0><80><af>\"", false),
        Arguments.of("\"<f0><80><80><af>\"", false), Arguments.of("\"<ed><a0><80>\"", false),
        Arguments.of("\"<f4><90><80><80>\"", false), Arguments.of("\"<f5><80><80><80>\"", false),
        Arguments.of("\"<c3>\"", false), Arguments.of("\"<e2><82>\"", false), Arguments.of("\"<80>\"", false),
        Arguments.of("\"<ef><bf><bf><f4><8f><bf><bf><ed><9f><bf>\"", true), Arguments.of("<c3><a9>", false),
        // numbers
        Arguments.of("-0", true), Arguments.of("1E-7", true), Arguments.of("1.5e+10", true), Arguments.of("0.0", true),
        Arguments.of("01", false), Arguments.of("-", false), Arguments.of("1.", false), Arguments.of(".5", false),
        Arguments.of("1e", false), Arguments.of("1e+", false), Arguments.of("+1", false), Arguments.of("0x10", false),
        Arguments.of("NaN", false), Arguments.of("Infinity", false), Arguments.of("-Infinity", false),
        Arguments.of("1" + "0".repeat(10_000), true), Arguments.of("1_000", false), Arguments.of("- 1", false),
        // literals
        Arguments.of("true", true), Arguments.of("false", true), Arguments.of("null", true),
        Arguments.of("tru", false), Arguments.of("True", false), Arguments.of("nulls", false),
        Arguments.of("undefined", false),
        // structure and whitespace
        Arguments.of("[1,]", false), Arguments.of("[,1]", false), Arguments.of("[1 2]", false),
        Arguments.of("{\"a\":1,}", false), Arguments.of("{a:1}", false), Arguments.of("{'a':1}", false),
        Arguments.of("{\"a\" 1}", false), Arguments.of("{\"a\":1 \"b\":2}", false), Arguments.of("[1}", false),
        Arguments.of("{\"a\":[{}, [], {\"b\":null}]}", true), Arguments.of(" [ 1 , 2 ] ", true),
        Arguments.of("[1]<0c>", false), Arguments.of("[1]<0b>", false), Arguments.of("<c2><a0>1", false),
        Arguments.of("1 // comment", false), Arguments.of("1 /* c */", false), Arguments.of("1\r", true),
        Arguments.of("[".repeat(300) + "]".repeat(300), true),
        Arguments.of("{\"a\":".repeat(300) + "1" + "}".repeat(300), true));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void eachLineGetsTheVerdictOfAStrictParser(String value, boolean valid) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.writeBytes("{\"v\":".getBytes(StandardCharsets.UTF_8));
    line.writeBytes(bytes(value));
    line.writeBytes("}\n{\"next\":true}\n".getBytes(StandardCharsets.UTF_8));

    ContentReport report = ContentChecksTest.check(Purpose.EVALS, "text/jsonl", line.toByteArray());

    assertThat(report.lines()).isEqualTo(2);
    if (valid) {
      assertThat(report.problems()).as(value).isEmpty();
    } else {
      assertThat(report.problems()).as(value).singleElement().satisfies(problem -> {
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.message()).startsWith("the line ");
      });
    }
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void chunkBoundariesChangeNothing(String value, boolean valid) {
    byte[] line = bytes("{\"v\":" + value + "}\n");
    ContentReport whole = feed(line, line.length);
    for (int chunk = 1; chunk <= 5; chunk++) {
      assertThat(feed(line, chunk)).as("chunks of %d", chunk).isEqualTo(whole);
    }
  }

  static ContentReport feed(byte[] bytes, int chunk) {
    ContentInspector inspector = ContentInspectors.forUpload(Purpose.EVALS, "text/jsonl");
    for (int i = 0; i < bytes.length; i += chunk) {
      inspector.accept(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    return inspector.finish();
  }

  @org.junit.jupiter.api.Test
  void limitsAreNamedAsLimitsAndTheNextLineIsStillChecked() {
    byte[] deep = bytes("{\"v\":" + "[".repeat(5000) + "]".repeat(5000) + "}\n[1]\n");
    List<String> problems = ContentChecksTest.problems(feed(deep, 4096));
    assertThat(problems).containsExactly(
        "line 1 (byte 1004): the line nests deeper than 1000 levels, the limit of this check",
        "line 2 (byte 10007): the line is an array, not a JSON object");
  }
}
