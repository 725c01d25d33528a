package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB File downloads through the generated {@code downloadFile} in a JVM whose heap is 64 MiB:
 * the streamed body passes through the client's interceptors without being held or cut.
 */
class LargeDownloadTest {
  private static final long ONE_GIB = 1L << 30;

  @Test
  void oneGibibyteDownloadsInASixtyFourMebibyteHeap() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        LargeDownload.class.getName(), Long.toString(ONE_GIB)).redirectErrorStream(true).start();
    byte[] output;
    try {
      output = child.getInputStream().readAllBytes();
      assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("the child ended").isTrue();
    } finally {
      child.destroyForcibly();
    }
    String text = new String(output, StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(child.exitValue()).as(text).isZero();
    assertThat(text).contains("downloaded: 1073741824 of 1073741824 bytes").contains("authorized true");
  }
}
