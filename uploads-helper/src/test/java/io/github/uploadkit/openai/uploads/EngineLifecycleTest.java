package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One uploader as a long-lived engine: close, the handle's future, failures of any kind, fairness. */
class EngineLifecycleTest {
  static final int PART = 256 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Uploader.Builder uploaderFor(FakeUploadsServer fake) {
    server = fake;
    return Uploader.builder(FakeClients.of(fake));
  }

  @Test
  void closeMidLoadCancelsEveryRunningUploadAndLeavesNoThread() throws Exception {
    java.util.Set<Thread> before = UploaderThreads.live();
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(1_000_000).start())
        .maxConcurrentParts(6).build();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(TestFiles.randomFile(dir, "f" + i + ".bin", 8L * PART, i));
    }
    // started together, so that the first six creates go before any part: the scheduler serves the
    // uploads nearest to done first, so a create that came later would wait behind their parts
    List<UploadHandle> handles = new ArrayList<>();
    for (Path file : files) {
      handles.add(uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build()));
    }
    while (server.uploads().size() < 6) {
      Thread.sleep(10);
    }
    java.util.Set<String> engines = UploaderThreads.enginesStartedSince(before);
    assertThat(engines).as("the engine of the running uploader").isNotEmpty();

    uploader.close();

    for (UploadHandle handle : handles) {
      assertThat(handle.completionFuture()).isDone();
      UploadException e = catchThrowableOfType(UploadException.class, handle::join);
      assertThat(e.reason()).isEqualTo(UploadException.Reason.CANCELLED);
      assertThat(e.getMessage()).contains("the uploader was closed");
    }
    assertThat(server.uploads()).allMatch(upload -> upload.status().equals("cancelled"), "every Upload cancelled");
    assertThat(UploaderThreads.namesOf(engines)).isEmpty();
    assertThat(uploader.runningUploads()).isZero();
    assertThatThrownBy(() -> uploader.start(UploadRequest.of(TestFiles.randomFile(dir, "late.bin", 10, 1),
        Purpose.USER_DATA))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void closingOrCancellingRightAfterTheCompletionChangesNothing() throws Exception {
    FakeUploadsServer fake = FakeUploadsServer.builder().start();
    server = fake;
    Path file = TestFiles.randomFile(dir, "small.bin", 4 * 1024, 3);
    for (int round = 0; round < 150; round++) {
      List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      UploadListener listener = new UploadListener() {
        @Override
        public void onCompleted(UploadResult result) {
          events.add("completed");
        }

        @Override
        public void onFailed(UploadException error) {
          events.add("failed");
        }

        @Override
        public void onCancelled(UploadException error) {
          events.add("cancelled");
        }
      };
      Uploader uploader = Uploader.builder(FakeClients.of(fake)).build();
      UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(1024)
          .listener(listener).build());
      UploadResult result = handle.join();
      if (round % 2 == 0) {
        handle.cancel();
      }
      uploader.close(); // at once: the engine may still be ending the upload it reported

      assertThat(uploader.runningUploads()).isZero();
      assertThat(fake.upload(result.upload().id()).orElseThrow().status()).as("round %d", round).isEqualTo("completed");
      assertThat(events).as("round %d", round).containsExactly("completed");
    }
    assertThat(fake.requestCount(io.github.uploadkit.openai.uploads.fake.Operation.CANCEL)).isZero();
  }

  @Test
  void theFutureIsOneAndCancellingItCancelsTheUploadOnTheServer() throws Exception {
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(500_000).start()).build()) {
      Path file = TestFiles.randomFile(dir, "slow.bin", 16L * PART, 3);
      UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build());
      CompletableFuture<UploadResult> future = handle.completionFuture();
      assertThat(handle.completionFuture()).isSameAs(future);
      while (handle.uploadId().isEmpty()) {
        Thread.sleep(5);
      }

      assertThat(future.cancel(true)).isTrue();

      assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
      UploadException e = catchThrowableOfType(UploadException.class, handle::join);
      assertThat(e.reason()).isEqualTo(UploadException.Reason.CANCELLED);
      assertThat(e.cancelledOnServer()).isTrue();
      assertThat(server.upload(handle.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    }
  }

  @Test
  void anErrorThrownByAListenerFailsTheUploadAndCancelsIt() throws Exception {
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().start()).build()) {
      Path file = TestFiles.randomFile(dir, "oom.bin", 6L * PART, 4);
      UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART)
          .listener(new UploadListener() {
            @Override
            public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
              throw new OutOfMemoryError("simulated by the test");
            }
          }).build());

      handle.completionFuture().handle((result, error) -> error).get(30, TimeUnit.SECONDS);
      UploadException failed = catchThrowableOfType(UploadException.class, handle::join);
      assertThat(failed.getCause()).isInstanceOf(OutOfMemoryError.class);
      assertThat(failed.cancelledOnServer()).isTrue();
      assertThat(server.upload(failed.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    }
  }

  @Test
  void anErrorThrownByAStreamSourceFailsTheUploadAndCancelsIt() throws Exception {
    InputStream broken = new InputStream() {
      private int calls;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (++calls > 3) {
          throw new StackOverflowError("simulated by the test");
        }
        b[off] = 1;
        return 1;
      }
    };
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().start()).build()) {
      UploadHandle handle = uploader.start(UploadRequest.builder(broken, 4L * PART, "broken.bin", Purpose.USER_DATA)
          .partSize(PART).build());

      UploadException e = catchThrowableOfType(UploadException.class, handle::join);
      assertThat(e.getCause()).isInstanceOf(StackOverflowError.class);
      assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    }
  }

  @Test
  void anExecutorThatRefusesPartsFailsTheUploadAndStillCancelsIt() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.Executor firstOnly = task -> {
      if (accepted.incrementAndGet() > 1) {
        throw new RejectedExecutionException("full");
      }
      pool.execute(task); // the create
    };
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().start()).executor(firstOnly).build()) {
      Path file = TestFiles.randomFile(dir, "refused.bin", 3L * PART, 5);
      UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(
          UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build()));

      assertThat(e.getMessage()).contains("the executor refused a request");
      assertThat(e.cancelledOnServer()).isTrue();
      assertThat(server.uploads()).hasSize(1).allMatch(upload -> upload.status().equals("cancelled"));
    } finally {
      pool.shutdown();
    }
    assertThat(pool.isShutdown()).isTrue();
  }

  @Test
  void cancellingAnUnknownUploadIsAnUploadExceptionWithTheApisError() {
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().start()).build()) {
      UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.cancel("upload_nope"));
      assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
      assertThat(e.apiError()).hasValueSatisfying(api -> assertThat(api.statusCode()).isEqualTo(404));
      assertThat(e.uploadId()).contains("upload_nope");
    }
  }

  @Test
  void aSmallUploadStartedBehindALargeOneFinishesFirst() throws Exception {
    try (Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(1_000_000)
        .fault(Fault.on(Operation.ADD_PART).requests(2, 4).delay(Duration.ofSeconds(30))).start())
        .maxConcurrentParts(4).build()) {
      // three of the large upload's first four parts are held for 30 s, so it cannot finish first however slow the
      // machine; the others go one at a time, a quarter of a second each, and the small one must not queue behind them
      Path large = TestFiles.randomFile(dir, "large.bin", 64L * PART, 6);
      Path small = TestFiles.randomFile(dir, "small.bin", 10_000, 7);
      UploadHandle big = uploader.start(UploadRequest.builder(large, Purpose.USER_DATA).partSize(PART)
          .concurrency(4).build());
      while (big.progress().partsCompleted() < 1) {
        Thread.sleep(5);
      }

      UploadResult little = uploader.upload(UploadRequest.of(small, Purpose.USER_DATA));

      assertThat(big.completionFuture()).isNotDone();
      assertThat(big.progress().partsCompleted()).as("behind the large one's queue it would be about 60")
          .isLessThan(32);
      FakeUpload stored = server.upload(little.upload().id()).orElseThrow();
      assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(small));
      big.cancel(); // rather than wait for its held parts
      assertThat(catchThrowableOfType(UploadException.class, big::join).reason()).isEqualTo(UploadException.Reason.CANCELLED);
    }
  }
}
