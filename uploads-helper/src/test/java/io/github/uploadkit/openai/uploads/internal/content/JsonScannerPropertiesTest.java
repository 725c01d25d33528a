package io.github.uploadkit.openai.uploads.internal.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonWriter;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import okio.Buffer;

/**
 * The scanner against JSON that another writer produced: any value Moshi writes, in any chunk
 * sizes, is one valid line; the same line with a raw control character put into a string is not.
 */
class JsonScannerPropertiesTest {
  @Provide
  Arbitrary<Object> values() {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(5).map(s -> (Object) s),
        Arbitraries.longs().map(n -> (Object) n),
        Arbitraries.doubles().filter(Double::isFinite).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just("null-marker"));
    return Arbitraries.recursive(() -> scalars, this::containers, 0, 6);
  }

  private Arbitrary<Object> containers(Arbitrary<Object> inner) {
    return Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(list -> (Object) list),
        Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), inner).ofMaxSize(4).map(map -> (Object) map));
  }

  static void write(JsonWriter writer, Object value) throws IOException {
    if (value instanceof List<?> list) {
      writer.beginArray();
      for (Object item : list) {
        write(writer, item);
      }
      writer.endArray();
    } else if (value instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writer.name((String) entry.getKey());
        write(writer, entry.getValue());
      }
      writer.endObject();
    } else if ("null-marker".equals(value)) {
      writer.nullValue();
    } else if (value instanceof String text) {
      writer.value(text);
    } else if (value instanceof Boolean flag) {
      writer.value(flag);
    } else if (value instanceof Long number) {
      writer.value(number);
    } else {
      writer.value((Double) value);
    }
  }

  static byte[] line(Object value) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true); // else Moshi leaves out a member whose value is null
      writer.beginObject().name("v");
      write(writer, value);
      writer.endObject();
    }
    return (buffer.readUtf8() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static ContentReport check(byte[] bytes, int chunk) {
    ContentInspector inspector = ContentInspectors.forUpload(Purpose.EVALS, "text/jsonl");
    for (int i = 0; i < bytes.length; i += chunk) {
      inspector.accept(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    return inspector.finish();
  }

  @Property(tries = 1000)
  void whatMoshiWritesIsOneValidLineInAnyChunks(@ForAll("values") Object value,
      @ForAll @IntRange(min = 1, max = 64) int chunk) throws IOException {
    byte[] bytes = line(value);

    ContentReport report = check(bytes, chunk);

    assertThat(report.problems()).as(new String(bytes, StandardCharsets.UTF_8)).isEmpty();
    assertThat(report.lines()).isEqualTo(1);
  }

  @Property(tries = 500)
  void aRawControlCharacterInAStringIsRefused(@ForAll("values") Object value,
      @ForAll @IntRange(min = 0, max = 0x1f) int control, @ForAll @IntRange(min = 1, max = 64) int chunk)
      throws IOException {
    if (control == '\n') {
      control = 0x0b; // a newline ends the line: it is a line break in JSONL, not a character in a string
    }
    byte[] good = line(value);
    String text = new String(good, StandardCharsets.UTF_8);
    int quote = text.indexOf("\"v\"") + 1; // inside the name "v": a string every line has
    byte[] bad = (text.substring(0, quote) + (char) control + text.substring(quote)).getBytes(StandardCharsets.UTF_8);

    ContentReport report = check(bad, chunk);

    assertThat(report.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .startsWith("the line is not valid JSON: a string holds the control character"));
  }
}
