package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.Chaos;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many uploads under seeded random faults, some of them cancelled by the caller at a random
 * moment: each completes with the exact bytes or fails with the Upload cancelled, nothing is left
 * pending, no journal outlives its upload, and no thread or connection is left in use. The
 * short run is part of the tests; a soak is
 * {@code mvn -pl uploads-helper test -Dtest=ChaosTest -Dchaos.uploads=400 -Dchaos.seed=7}.
 */
class ChaosTest {
  static final long SEED = Long.getLong("chaos.seed", 20261125L);
  static final int UPLOADS = Integer.getInteger("chaos.uploads", 24);
  static final int AT_ONCE = 3;

  /** A started upload: its handle, the md5 and size of its bytes, and its journal (null for no file). */
  record Outcome(UploadHandle handle, String md5, long size, Path journal) {
  }

  @Test
  void everyUploadCompletesExactlyOrIsCancelled(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    Chaos chaos = new Chaos(SEED, 0.15, Duration.ofMillis(1500));
    int completed = 0;
    int failed = 0;
    int dataErrors = 0;
    List<String> failures = new ArrayList<>();
    java.util.Set<Thread> before = UploaderThreads.live();
    try (FakeUploadsServer server = FakeUploadsServer.builder().chaos(chaos).start()) {
      OpenAiClient client = FakeClients.impatient(server);
      Uploader uploader = Uploader.builder(client)
          .retryPolicy(FakeClients.CHAOS_RETRIES)
          .build();
      ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
      for (int batch = 0; batch < UPLOADS; batch += AT_ONCE) {
        List<Outcome> running = new ArrayList<>();
        for (int i = batch; i < Math.min(UPLOADS, batch + AT_ONCE); i++) {
          Outcome outcome = start(uploader, dir, random, i);
          if (random.nextInt(4) == 0) { // the caller gives up at a random moment, perhaps as it completes
            canceller.schedule(outcome.handle()::cancel, random.nextInt(400), TimeUnit.MILLISECONDS);
          }
          running.add(outcome);
        }
        for (Outcome outcome : running) {
          try {
            UploadResult result = outcome.handle().completionFuture().join();
            FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
            if (!outcome.md5().equals(stored.assembledMd5()) || stored.assembledSize() != outcome.size()) {
              dataErrors++;
            }
            completed++;
          } catch (CompletionException e) {
            UploadException error = (UploadException) e.getCause();
            failures.add(error.reason() + ": " + error.getMessage());
            error.uploadId().ifPresent(id -> assertThat(server.upload(id).orElseThrow().status())
                .as(error.getMessage()).isEqualTo("cancelled"));
            failed++;
          }
          if (outcome.journal() != null) {
            assertThat(outcome.journal()).as("the journal of an upload that completed or was cancelled").doesNotExist();
          }
        }
      }
      canceller.shutdownNow();
      java.util.Set<String> engines = UploaderThreads.enginesStartedSince(before);
      System.out.printf("chaos seed %d: %d uploads, %d requests, %d faults injected %s; %d completed, %d failed"
          + " and cancelled, %d data errors%n", SEED, UPLOADS, server.calls().size(), chaos.total(), chaos.injected(),
          completed, failed, dataErrors);
      failures.forEach(text -> System.out.println("  failed: " + text));

      assertThat(dataErrors).isZero();
      assertThat(completed + failed).isEqualTo(UPLOADS);
      assertThat(chaos.total()).isPositive();
      assertThat(server.uploads()).extracting(FakeUpload::status).doesNotContain("pending");
      assertNoCallOrConnectionInUse(client);
      assertThat(engines).as("the engine of this test's uploader").isNotEmpty();
      uploader.close(); // every upload has ended: nothing to cancel, and every thread of the uploader ends
      assertThat(UploaderThreads.namesOf(engines)).isEmpty();
    }
  }

  private static Outcome start(Uploader uploader, Path dir, Random random, int index) throws Exception {
    int size = 1 + random.nextInt(2_500_000);
    long partSize = new long[] {64 * 1024, 256 * 1024, 1024 * 1024}[random.nextInt(3)];
    int concurrency = 1 + random.nextInt(6);
    byte[] bytes = TestFiles.randomBytes(size, random.nextLong());
    String name = "chaos-" + index + ".bin";
    Path journal = null;
    UploadRequest.Builder request = switch (random.nextInt(3)) {
      case 0 -> {
        Path file = dir.resolve(name);
        java.nio.file.Files.write(file, bytes);
        journal = dir.resolve("." + name + ".journal");
        yield UploadRequest.builder(file, Purpose.USER_DATA).journal(journal);
      }
      case 1 -> UploadRequest.builder(bytes, name, Purpose.USER_DATA);
      default -> UploadRequest.builder(new ByteArrayInputStream(bytes), size, name, Purpose.USER_DATA);
    };
    UploadHandle handle = uploader.start(request.partSize(partSize).concurrency(concurrency).build());
    return new Outcome(handle, TestFiles.md5(bytes), size, journal);
  }

  private static void assertNoCallOrConnectionInUse(OpenAiClient client) {
    var pool = client.httpClient().connectionPool();
    assertThat(pool.connectionCount()).isEqualTo(pool.idleConnectionCount());
    assertThat(client.httpClient().dispatcher().runningCallsCount()).isZero();
  }
}
