package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.Chaos;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads of files under seeded random faults, each paused at a random moment and resumed from
 * the text of its pause: each ends with the exact bytes, or failed with its Upload cancelled, and
 * nothing is left pending. A pause may come too late (the upload completed or failed first): the
 * upload's own outcome then counts.
 */
class PauseChaosTest {
  static final long SEED = Long.getLong("chaos.seed", 20261130L);
  static final int UPLOADS = Integer.getInteger("chaos.uploads", 12);

  @Test
  void everyPausedUploadIsResumedToTheExactBytesOrCancelled(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    Chaos chaos = new Chaos(SEED, 0.1, Duration.ofMillis(1000));
    int completed = 0;
    int failed = 0;
    int paused = 0;
    ScheduledExecutorService pauser = Executors.newScheduledThreadPool(2);
    try (FakeUploadsServer server = FakeUploadsServer.builder().chaos(chaos).bandwidthPerConnection(4_000_000).start()) {
      OpenAiClient client = FakeClients.impatient(server);
      try (Uploader uploader = Uploader.builder(client)
          .retryPolicy(FakeClients.CHAOS_RETRIES)
          .build()) {
        for (int i = 0; i < UPLOADS; i++) {
          Path file = TestFiles.randomFile(dir, "chaos-" + i + ".bin", 1 + random.nextInt(3_000_000), random.nextLong());
          UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA)
              .partSize(new long[] {64 * 1024, 256 * 1024}[random.nextInt(2)]).concurrency(1 + random.nextInt(4))
              .build());
          CompletableFuture<ResumableUpload> pause = new CompletableFuture<>();
          pauser.schedule(() -> {
            try {
              pause.complete(handle.pause());
            } catch (RuntimeException e) {
              pause.completeExceptionally(e); // too late: completed or failed first
            }
          }, random.nextInt(600), TimeUnit.MILLISECONDS);
          UploadHandle last = handle;
          try {
            ResumableUpload token = pause.join();
            paused++;
            last = uploader.resume(ResumableUpload.fromJson(token.toJson()));
          } catch (CompletionException tooLate) {
            // the upload's own outcome counts
          }
          try {
            UploadResult result = last.completionFuture().join();
            FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
            assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file));
            assertThat(stored.assembledSize()).isEqualTo(Files.size(file));
            completed++;
          } catch (CompletionException e) {
            UploadException error = (UploadException) e.getCause();
            error.uploadId().ifPresent(id -> assertThat(server.upload(id).orElseThrow().status())
                .as(error.getMessage()).isEqualTo("cancelled"));
            failed++;
          }
        }
      }
      System.out.printf("pause chaos seed %d: %d uploads, %d paused and resumed, %d faults injected %s; %d completed,"
          + " %d failed and cancelled%n", SEED, UPLOADS, paused, chaos.total(), chaos.injected(), completed, failed);
      assertThat(completed + failed).isEqualTo(UPLOADS);
      assertThat(paused).isPositive();
      assertThat(server.uploads()).extracting(FakeUpload::status).doesNotContain("pending");
    } finally {
      pauser.shutdownNow();
    }
  }
}
