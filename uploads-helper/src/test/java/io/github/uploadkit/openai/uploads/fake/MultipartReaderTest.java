package io.github.uploadkit.openai.uploads.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uploadkit.openai.uploads.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
  static final String BOUNDARY = "b0undary";

  static byte[] body(byte[] data) {
    String head = "preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nskip me\r\n--"
        + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"f.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    String tail = "\r\n--" + BOUNDARY + "--\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Hands out the body a few bytes at a time, so the boundary falls across reads. */
  static InputStream trickle(byte[] bytes, int chunk) {
    List<InputStream> pieces = new java.util.ArrayList<>();
    for (int i = 0; i < bytes.length; i += chunk) {
      pieces.add(new ByteArrayInputStream(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    return new SequenceInputStream(Collections.enumeration(pieces));
  }

  @Test
  void copiesExactlyTheDataFieldWhateverTheReadSizes() throws Exception {
    byte[] data = TestFiles.randomBytes(300_000, 11);
    data[1000] = '\r';
    data[1001] = '\n';
    data[1002] = '-';
    data[1003] = '-';
    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MultipartReader.Field field = new MultipartReader(trickle(body(data), chunk))
          .copyField(BOUNDARY, "data", out, Long.MAX_VALUE);
      assertThat(field.length()).isEqualTo(data.length);
      assertThat(field.filename()).isEqualTo("f.bin");
      assertThat(out.toByteArray()).isEqualTo(data);
    }
  }

  @Test
  void refusesTruncatedOrOversizedBodies() {
    byte[] whole = body(new byte[100]);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);
    assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(cut))
        .copyField(BOUNDARY, "data", new ByteArrayOutputStream(), Long.MAX_VALUE))
        .hasMessage("the multipart body ended before its closing boundary");
    assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(whole))
        .copyField(BOUNDARY, "data", new ByteArrayOutputStream(), 99))
        .hasMessage("the part is larger than 99 bytes");
    assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartReader.boundary("application/json")).isNull();
  }
}
