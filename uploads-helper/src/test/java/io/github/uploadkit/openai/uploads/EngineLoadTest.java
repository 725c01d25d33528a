package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's load through one uploader: 200 uploads of a few KB to tens of MB started at once,
 * against a server that admits 8 parts in flight and answers 429 with {@code Retry-After: 1}
 * beyond that.
 */
class EngineLoadTest {
  private static final int UPLOADS = 200;
  private static final long PART = 1L << 20;

  @TempDir
  Path dir;

  @Test
  void twoHundredUploadsAtOnceShareTheRateLimitAndAllComplete() throws Exception {
    List<Path> files = files();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    java.util.Set<Thread> before = UploaderThreads.live();
    java.util.Set<Thread> allBefore = UploaderThreads.all();
    try (FakeUploadsServer server = FakeUploadsServer.builder()
            .rateLimitParts(8, 0, Duration.ofSeconds(1)).latency(Duration.ofMillis(30)).start();
        Uploader uploader = Uploader.builder(FakeClients.of(server)).maxConcurrentParts(16).build()) {
      threads.resetPeakThreadCount();
      PeakSampler peakEngineThreads = PeakSampler.start(() -> UploaderThreads.startedSince(before), Duration.ofMillis(10));
      PeakSampler peakNewThreads = PeakSampler.start(() -> UploaderThreads.anyStartedSince(allBefore), Duration.ofMillis(10));
      long started = System.nanoTime();

      List<UploadHandle> handles = new ArrayList<>();
      for (Path file : files) {
        handles.add(uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build()));
      }
      List<UploadResult> results = new ArrayList<>();
      for (UploadHandle handle : handles) {
        results.add(handle.join());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      peakEngineThreads.stop();
      peakNewThreads.stop();

      for (int i = 0; i < UPLOADS; i++) {
        FakeUpload stored = server.upload(results.get(i).upload().id()).orElseThrow();
        assertThat(stored.status()).isEqualTo("completed");
        assertThat(stored.assembledSize()).isEqualTo(Files.size(files.get(i)));
        assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(files.get(i)));
      }
      assertThat(server.uploads()).hasSize(UPLOADS).allMatch(upload -> upload.status().equals("completed"));
      int parts = server.requestCount(Operation.ADD_PART);
      int refused = server.rateLimitedRequests();
      long bytes = 0;
      for (Path file : files) {
        bytes += Files.size(file);
      }
      System.out.printf("load: %d uploads, %.1f MiB, %d part requests, %d refused (%.1f%%), peak JVM threads %d (%d alive"
              + " before), peak threads started in the run %d, peak engine threads %d, most parts at the server at once %d,"
              + " %.1f s%n", UPLOADS, bytes / 1048576.0, parts, refused, 100.0 * refused / parts,
          threads.getPeakThreadCount(), allBefore.size(), peakNewThreads.peak(), peakEngineThreads.peak(),
          server.maxConcurrentParts(), seconds);
      assertThat(refused).as("refused part requests of %d", parts).isLessThanOrEqualTo(parts / 10);
      // threads started during the run only: the JVM's peak also counts idle threads that other tests' servers
      // and clients leave behind for a while, which a loaded machine made vary by dozens
      assertThat(peakNewThreads.peak())
          .as("peak live threads started in the run, the fake's included (one per request in flight: 16 parts and 64"
              + " controls)").isLessThan(2 * (16 + 64) + 32);
      assertThat(peakEngineThreads.peak()).as("16 part permits, 64 control permits and 4 fixed threads")
          .isLessThanOrEqualTo(16 + 64 + 4);
      assertThat(uploader.runningUploads()).isZero();
    }
  }

  /** Sizes from 2 KB to 20 MB: many small, some medium, a few large. */
  private List<Path> files() throws Exception {
    Random random = new Random(2026);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < UPLOADS; i++) {
      long size = i % 20 == 0 ? 8_000_000 + random.nextInt(12_000_000)
          : i % 3 == 0 ? 500_000 + random.nextInt(2_500_000)
          : 2_000 + random.nextInt(100_000);
      files.add(TestFiles.randomFile(dir, "file-" + i + ".bin", size, i));
    }
    return files;
  }
}
