package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.ManualClock;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallelism, cancellation, expiry, changing sources, interrupts and listener events. */
class UploadLifecycleTest {
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

  private Uploader uploaderFor(FakeUploadsServer fake) {
    server = fake;
    return Uploader.create(FakeClients.of(fake));
  }

  @Test
  void partsRunInParallelUpToTheLimitAndNeverAbove() throws IOException {
    // each part is read for 2 s, so the four sent together overlap however the machine spreads their arrivals
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(32_768).start());
    int part = 64 * 1024;
    Path file = TestFiles.randomFile(dir, "wide.bin", 8L * part, 1);

    UploadResult result = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(part).concurrency(4).build());

    assertThat(server.maxConcurrentParts()).isEqualTo(4);
    assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
  }

  @Test
  void cancelMidUploadCancelsOnTheServerAndSendsNoMoreParts() throws Exception {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(1_000_000).start());
    Path file = TestFiles.randomFile(dir, "long.bin", 40L * PART, 2);
    CountDownLatch firstPart = new CountDownLatch(1);
    List<String> cancelled = new CopyOnWriteArrayList<>();
    UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(2)
        .listener(new UploadListener() {
          @Override
          public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
            firstPart.countDown();
          }

          @Override
          public void onCancelled(UploadException error) {
            cancelled.add(error.reason().name());
          }
        }).build());
    assertThat(firstPart.await(20, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    UploadException e = catchThrowableOfType(UploadException.class, handle::join);

    assertThat(e.reason()).isEqualTo(UploadException.Reason.CANCELLED);
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(cancelled).containsExactly("CANCELLED");
    String id = handle.uploadId().orElseThrow();
    assertThat(server.upload(id).orElseThrow().status()).isEqualTo("cancelled");
    int partsSoFar = server.requestCount(Operation.ADD_PART);
    Thread.sleep(500);
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(partsSoFar).isLessThan(40);
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
    assertThat(handle.completionFuture()).isCompletedExceptionally();
  }

  @Test
  void cancellingTheCompletionFutureCancelsTheUploadOnTheServerAsTheJavadocSays() throws Exception {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(1_000_000).start());
    Path file = TestFiles.randomFile(dir, "long.bin", 40L * PART, 4);
    CountDownLatch firstPart = new CountDownLatch(1);
    UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(2)
        .listener(new UploadListener() {
          @Override
          public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
            firstPart.countDown();
          }
        }).build());
    assertThat(firstPart.await(20, TimeUnit.SECONDS)).isTrue();

    assertThat(handle.completionFuture().cancel(false)).isTrue();
    UploadException e = catchThrowableOfType(UploadException.class, handle::join);

    assertThat(e.reason()).isEqualTo(UploadException.Reason.CANCELLED);
    assertThat(server.upload(handle.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
  }

  @Test
  void anExpiredUploadGivesAClearError() throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().clock(clock).start());
    Path file = TestFiles.randomFile(dir, "late.bin", 3L * PART, 3);

    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(
        UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).listener(new UploadListener() {
          @Override
          public void onCreated(Upload upload) {
            clock.advance(Duration.ofMinutes(61));
          }
        }).build()));

    assertThat(e.reason()).as(e.getMessage()).isEqualTo(UploadException.Reason.EXPIRED);
    assertThat(e.getMessage()).contains("expired at part").contains("it is expired (Uploads expire one hour after creation)");
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("expired");
    assertThat(e.cancelledOnServer()).isFalse();
  }

  @Test
  void aFileThatChangesDuringTheUploadStopsItAndCancels() throws IOException {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().start());
    Path file = TestFiles.randomFile(dir, "moving.bin", 4L * PART, 4);

    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(
        UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(1).listener(new UploadListener() {
          @Override
          public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
            try {
              Files.write(file, new byte[] {1}, StandardOpenOption.APPEND);
            } catch (IOException ex) {
              throw new RuntimeException(ex);
            }
          }
        }).build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.SOURCE_ERROR);
    assertThat(e.partNumber()).hasValue(2);
    assertThat(e.getMessage()).contains(file + " changed during the upload (size " + 4 * PART + " -> " + (4 * PART + 1));
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
  }

  /**
   * The limit the README states, pinned: with md5 off, an edit that keeps the size and whose
   * writer sets the modification time back is not seen, and the File holds the edited bytes; the
   * same edit that leaves the new time stops the upload.
   */
  @Test
  void withMd5OffAnEditThatRestoresTheModificationTimeIsTheDocumentedLimit() throws IOException {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().start());
    for (boolean restoreTime : new boolean[] {true, false}) {
      Path file = TestFiles.randomFile(dir, "edited-" + restoreTime + ".bin", 4L * PART, 6);
      java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(file);
      UploadRequest request = UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(1).md5(false)
          .listener(new UploadListener() {
            @Override
            public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
              if (part.number() != 1) {
                return;
              }
              try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                  StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {'E', 'D', 'I', 'T'}), 3L * PART); // part 4, not sent yet
                Files.setLastModifiedTime(file, restoreTime ? before
                    : java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 5_000));
              } catch (IOException ex) {
                throw new RuntimeException(ex);
              }
            }
          }).build();

      if (restoreTime) {
        UploadResult result = uploader.upload(request);
        assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
      } else {
        UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request));
        assertThat(e.reason()).isEqualTo(UploadException.Reason.SOURCE_ERROR);
        assertThat(e.getMessage()).contains(file + " changed during the upload");
      }
    }
  }

  @Test
  void aStreamShorterThanDeclaredFailsWithoutCompleting() {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().start());
    byte[] bytes = TestFiles.randomBytes(PART + 10, 5);

    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.builder(
        new ByteArrayInputStream(bytes), bytes.length + 100, "short.bin", Purpose.USER_DATA).partSize(PART).build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.SOURCE_ERROR);
    assertThat(e.getMessage()).contains("the stream ended after " + bytes.length + " bytes, but its declared length is "
        + (bytes.length + 100) + " bytes");
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
  }

  @Test
  void anInterruptWhileWaitingCancelsTheUpload() throws Exception {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().bandwidthPerConnection(500_000).start());
    Path file = TestFiles.randomFile(dir, "slow.bin", 20L * PART, 6);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    CountDownLatch created = new CountDownLatch(1);
    Thread waiter = new Thread(() -> {
      try {
        uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).listener(new UploadListener() {
          @Override
          public void onCreated(Upload upload) {
            created.countDown();
          }
        }).build());
      } catch (Throwable t) {
        thrown.set(t);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    waiter.start();
    assertThat(created.await(20, TimeUnit.SECONDS)).isTrue();
    waiter.interrupt();
    waiter.join(30_000);

    UploadException e = (UploadException) thrown.get();
    assertThat(e.reason()).isEqualTo(UploadException.Reason.INTERRUPTED);
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
  }

  @Test
  void listenerHearsEveryEventAndProgressAddsUp() throws IOException {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().start());
    Path file = TestFiles.randomFile(dir, "events.bin", 3L * PART + 5, 8);
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicLong bytes = new AtomicLong();
    UploadListener listener = new UploadListener() {
      @Override
      public void onCreated(Upload upload) {
        events.add("created");
      }

      @Override
      public void onPartStarted(PartRange part, int attempt) {
        events.add("started " + part.number() + "/" + attempt);
      }

      @Override
      public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
        events.add("completed " + part.number());
        throw new IllegalStateException("a broken listener must not break the upload");
      }

      @Override
      public void onBytesTransferred(long delta, UploadProgress progress) {
        bytes.addAndGet(delta);
      }

      @Override
      public void onCompleted(UploadResult result) {
        events.add("done");
      }
    };
    UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(1)
        .listener(listener).build());
    UploadResult result = handle.join();

    assertThat(events).containsExactly("created", "started 1/1", "completed 1", "started 2/1", "completed 2",
        "started 3/1", "completed 3", "started 4/1", "completed 4", "done");
    assertThat(bytes.get()).isEqualTo(3L * PART + 5);
    UploadProgress progress = handle.progress();
    assertThat(progress.bytesSent()).isEqualTo(progress.totalBytes()).isEqualTo(3L * PART + 5);
    assertThat(progress.partsCompleted()).isEqualTo(4).isEqualTo(progress.partsTotal());
    assertThat(progress.fraction()).isEqualTo(1.0);
    assertThat(result.partIds()).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void everyPartsEventComesBeforeTheCompletionWhicheverPartEndsLast() throws IOException {
    Uploader uploader = uploaderFor(FakeUploadsServer.builder().start());
    Path file = TestFiles.randomFile(dir, "parallel.bin", 64 * 1024, 10);
    for (int round = 0; round < 100; round++) {
      List<String> events = new CopyOnWriteArrayList<>();
      UploadListener listener = new UploadListener() {
        @Override
        public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
          events.add("part " + part.number());
        }

        @Override
        public void onCompleted(UploadResult result) {
          events.add("done");
        }
      };
      uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(8 * 1024).concurrency(8)
          .listener(listener).build());
      assertThat(events).as("round %d", round).hasSize(9).last().isEqualTo("done");
      assertThat(events.subList(0, 8)).as("round %d", round)
          .containsExactlyInAnyOrder("part 1", "part 2", "part 3", "part 4", "part 5", "part 6", "part 7", "part 8");
    }
  }

  @Test
  void aCallersExecutorRunsThePartsAndIsNotShutDown() throws Exception {
    FakeUploadsServer fake = FakeUploadsServer.builder().start();
    server = fake;
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Uploader uploader = Uploader.builder(FakeClients.of(fake))
          .executor(executor).build();
      Path file = TestFiles.randomFile(dir, "pooled.bin", 5L * PART, 9);
      UploadResult result = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(2).build());
      assertThat(fake.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }
}
