package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file larger than concurrency x part size goes through a JVM whose heap is smaller than that product. */
class SmallHeapTest {
  static final long FILE_SIZE = 300L * 1024 * 1024;

  @Test
  void uploadsMoreThanFourPartsInFlightWithA48MibHeap(@TempDir Path dir) throws Exception {
    Path file = TestFiles.randomFile(dir, "big.bin", FILE_SIZE, 99);
    try (FakeUploadsServer server = FakeUploadsServer.builder().start()) {
      Process child = ChildJvm.main(SmallHeapUploadMain.class, "-Xmx48m").env("OPENAI_API_KEY", server.apiKey())
          .output(dir.resolve("child.log"), null).start(server.baseUrl(), file.toString());
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = java.nio.file.Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(output).isZero();

      Matcher m = Pattern.compile("maxHeap=(\\d+) upload=(\\S+) md5=(\\S+)").matcher(output);
      assertThat(m.find()).as(output).isTrue();
      assertThat(Long.parseLong(m.group(1))).isLessThan(4 * 64L * 1024 * 1024).isLessThan(FILE_SIZE);
      FakeUpload stored = server.upload(m.group(2)).orElseThrow();
      assertThat(stored.status()).isEqualTo("completed");
      assertThat(stored.assembledSize()).isEqualTo(FILE_SIZE);
      assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file)).isEqualTo(m.group(3));
      assertThat(stored.partsReceived()).isEqualTo(5);
    }
  }
}
