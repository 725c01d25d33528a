package io.github.uploadkit.openai.uploads.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.squareup.moshi.JsonReader;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSONL check's candidates side by side, each reading the same 16 MiB in 1 MiB chunks as an
 * upload feeds them, against MD5 of the same bytes: the project's own byte scanner (syntax
 * only, and with the fine-tuning or batch rules), Moshi's {@code JsonReader} over each line (the
 * check before), and jackson-core's non-blocking and blocking parsers (syntax only). One
 * operation is 16 MiB: ops/s x 16.8 = MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonlCheckBenchmarks {
  private static final int SIZE = 16 * 1024 * 1024;
  private static final int CHUNK = 1 << 20;
  /** English prose: one word in 32 an escape or a non-ASCII character. */
  private static final String[] ENGLISH = {"the", "model", "answers", "with", "a", "short", "reply", "about",
      "files", "uploads", "parts", "when", "large", "network", "checks", "each", "line", "is", "one", "object",
      "request", "and", "its", "response", "are", "kept", "in", "order", "so", "that", "réponse", "\\n"};
  /** Multilingual prose: one word in three an escape or a non-ASCII character. */
  private static final String[] MULTILINGUAL = {"the", "model", "answers", "with", "a", "short", "reply", "about",
      "files", "uploads", "parts", "größe", "naïve", "réponse", "数据", "→", "\\\"quoted\\\"", "\\n"};

  /**
   * fine-tune: chat examples of English prose, a few hundred bytes each; multilingual: the same
   * with dense non-ASCII text and escapes; short: the 200-byte chat examples of the upload
   * benchmarks, mostly structure; batch: chat completion requests.
   */
  @Param({"fine-tune", "multilingual", "short", "batch"})
  public String data;

  private byte[] bytes;
  private final JsonFactory jackson = new JsonFactory();

  @Setup
  public void setUp() {
    Random random = new Random(1);
    String[] words = data.equals("multilingual") ? MULTILINGUAL : ENGLISH;
    StringBuilder text = new StringBuilder(SIZE + 4096);
    for (int i = 1; text.length() < SIZE; i++) {
      if (data.equals("short")) {
        text.append("{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},{\"role\":\"user\",")
            .append("\"content\":\"What is ").append(i).append(" squared? Show the arithmetic step by step, please.\"},")
            .append("{\"role\":\"assistant\",\"content\":\"").append(i).append(" x ").append(i).append(" = ")
            .append((long) i * i).append(".\"}]}\n");
      } else if (data.equals("batch")) {
        text.append("{\"custom_id\":\"request-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
            .append("\"body\":{\"model\":\"gpt-4o-mini\",\"max_tokens\":").append(100 + i % 900)
            .append(",\"messages\":[{\"role\":\"user\",\"content\":\"").append(prose(random, words, 40)).append("\"}]}}\n");
      } else {
        text.append("{\"messages\":[{\"role\":\"system\",\"content\":\"").append(prose(random, words, 12))
            .append("\"},{\"role\":\"user\",\"content\":\"").append(prose(random, words, 30))
            .append("\"},{\"role\":\"assistant\",\"content\":\"").append(prose(random, words, 80)).append("\"}]}\n");
      }
    }
    bytes = text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String prose(Random random, String[] words, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
    }
    return out.toString();
  }

  @Benchmark
  public String md5() {
    MessageDigest digest = TestFiles.newMd5();
    for (int offset = 0; offset < bytes.length; offset += CHUNK) {
      digest.update(bytes, offset, Math.min(CHUNK, bytes.length - offset));
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  private Object own(Purpose purpose) {
    ContentInspector inspector = ContentInspectors.forUpload(purpose, "text/jsonl");
    for (int offset = 0; offset < bytes.length; offset += CHUNK) {
      inspector.accept(java.nio.ByteBuffer.wrap(bytes, offset, Math.min(CHUNK, bytes.length - offset)));
    }
    return inspector.finish();
  }

  /** The project's scanner: each line one valid JSON object, no other rule. */
  @Benchmark
  public Object ownScannerSyntax() {
    return own(Purpose.EVALS);
  }

  /** The project's scanner with the rules of the data's purpose, as an upload runs it. */
  @Benchmark
  public Object ownScannerWithRules() {
    return own(data.equals("batch") ? Purpose.BATCH : Purpose.FINE_TUNE);
  }

  /** Moshi, as the check was before: each line cut out into a buffer, then read and skipped. */
  @Benchmark
  public long moshiPerLine() throws IOException {
    Buffer pending = new Buffer();
    long lines = 0;
    for (int offset = 0; offset < bytes.length; offset += CHUNK) {
      pending.write(bytes, offset, Math.min(CHUNK, bytes.length - offset));
      for (long newline; (newline = pending.indexOf((byte) '\n')) >= 0; ) {
        Buffer line = new Buffer();
        line.write(pending, newline);
        pending.skip(1);
        JsonReader reader = JsonReader.of(line);
        reader.skipValue();
        lines += reader.peek() == JsonReader.Token.END_DOCUMENT ? 1 : 0;
      }
    }
    return lines;
  }

  /** jackson-core's non-blocking parser, fed the chunks; root values one after another. */
  @Benchmark
  public long jacksonNonBlocking() throws IOException {
    long tokens = 0;
    try (JsonParser parser = jackson.createNonBlockingByteArrayParser()) {
      ByteArrayFeeder feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      for (int offset = 0; offset < bytes.length; offset += CHUNK) {
        feeder.feedInput(bytes, offset, Math.min(bytes.length, offset + CHUNK));
        for (JsonToken token; (token = parser.nextToken()) != JsonToken.NOT_AVAILABLE && token != null; ) {
          tokens++;
        }
      }
      feeder.endOfInput();
      while (parser.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /** jackson-core's blocking parser over the whole array, skipping each root value's children. */
  @Benchmark
  public long jacksonBlockingSkip() throws IOException {
    long values = 0;
    try (JsonParser parser = jackson.createParser(bytes)) {
      while (parser.nextToken() != null) {
        parser.skipChildren();
        values++;
      }
    }
    return values;
  }
}
