package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.UploaderListener.Outcome;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uploader's own listener, its stats and its log lines tell what every upload did, and never the key. */
class UploaderEventsTest {
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  final List<String> events = new CopyOnWriteArrayList<>();
  LogCapture log;

  final UploaderListener listener = new UploaderListener() {
    @Override
    public void onUploadStarted(UploadHandle upload) {
      events.add("started");
    }

    @Override
    public void onUploadEnded(UploadHandle upload, Outcome outcome, UploadException error) {
      events.add(outcome + " " + upload.progress().bytesSent() + (error == null ? "" : " " + error.reason()));
    }

    @Override
    public void onThrottled(Duration wait, int limit) {
      events.add("throttled");
    }
  };

  @BeforeEach
  void listen() {
    log = LogCapture.start();
  }

  @AfterEach
  void stop() {
    log.close();
    server.close();
  }

  @Test
  void everyUploadsStartAndEndIsHeardAndCounted() throws Exception {
    server = FakeUploadsServer.builder().start();
    try (Uploader uploader = FakeClients.uploaderBuilder(server).listener(listener).build()) {
      uploader.upload(UploadRequest.builder(TestFiles.randomBytes(3 * MIB, 1), "a.bin", Purpose.USER_DATA)
          .partSize(MIB).build());
      server.addFault(Fault.on(Operation.ADD_PART).always().respond(400));
      catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.builder(
          TestFiles.randomBytes(1000, 2), "b.bin", Purpose.USER_DATA).build()));
      server.clearFaults();
      server.addFault(Fault.on(Operation.ADD_PART).always().delay(Duration.ofSeconds(10))); // c.bin's part waits for the cancel
      UploadHandle cancelled = uploader.start(UploadRequest.builder(TestFiles.randomBytes(1000, 3), "c.bin",
          Purpose.USER_DATA).build());
      cancelled.cancel();
      catchThrowableOfType(UploadException.class, cancelled::join);

      long cancelledBytes = cancelled.progress().bytesSent();
      assertThat(events).containsExactly("started", "COMPLETED " + 3 * MIB, "started", "FAILED 1000 API_ERROR",
          "started", "CANCELLED " + cancelledBytes + " CANCELLED");
      UploaderStats stats = uploader.stats();
      assertThat(stats.uploadsStarted()).isEqualTo(3);
      assertThat(stats.uploadsCompleted()).isEqualTo(1);
      assertThat(stats.uploadsFailed()).isEqualTo(1);
      assertThat(stats.uploadsCancelled()).isEqualTo(1);
      assertThat(stats.uploadsRunning()).isZero();
      for (long deadline = System.nanoTime() + 10_000_000_000L; uploader.stats().requestsInFlight() > 0
          && System.nanoTime() < deadline; ) {
        Thread.onSpinWait(); // a request frees its permit a moment after its upload's end is told
      }
      assertThat(uploader.stats().requestsInFlight()).isZero();
      assertThat(stats.partsWaiting()).isZero();
      assertThat(stats.bytesSent()).isEqualTo(3 * MIB + 1000 + cancelledBytes);
      assertThat(stats.maxConcurrentParts()).isEqualTo(Uploader.DEFAULT_MAX_CONCURRENT_PARTS)
          .isEqualTo(stats.rateLimit());
    }
    assertThat(log.messages()).anyMatch(line -> line.startsWith("Upload upload_") && line.contains(" of 'b.bin' failed: "))
        .anyMatch(line -> line.contains(" of 'c.bin' cancelled: "))
        .noneMatch(line -> line.contains(server.apiKey()));
  }

  @Test
  void rateLimitRefusalsLowerTheLimitAndAreHeardCountedAndLogged() throws Exception {
    server = FakeUploadsServer.builder().rateLimitParts(2, 0, Duration.ofSeconds(1)).latency(Duration.ofMillis(30))
        .start();
    Path file = TestFiles.randomFile(dir, "big.bin", 8L * MIB, 5);
    try (Uploader uploader = FakeClients.uploaderBuilder(server).listener(listener).maxConcurrentParts(8).build()) {
      uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(8).build());
      UploaderStats stats = uploader.stats();
      assertThat(stats.throttledRequests()).isPositive().isEqualTo(server.rateLimitedRequests());
      assertThat(stats.throttledTime()).isPositive();
      assertThat(stats.rateLimit()).isLessThan(8);
      assertThat(stats.bytesSent()).isGreaterThanOrEqualTo(8L * MIB);
    }
    assertThat(events).contains("throttled");
    assertThat(log.records()).anyMatch(record -> record.getLevel() == Level.INFO
        && record.getMessage().contains("was refused for the rate limit (429): every request waits 1000 ms, and at most"));
  }

  @Test
  void theBudgetTheServerAnnouncesIsReported() {
    server = FakeUploadsServer.builder().requestBudget(1000, 500).start();
    try (Uploader uploader = FakeClients.uploaderBuilder(server).build()) {
      assertThat(uploader.stats().announcedRequestLimit()).isEqualTo(-1);
      assertThat(uploader.stats().announcedRequestsLeft()).isEqualTo(-1);
      uploader.upload(UploadRequest.builder(TestFiles.randomBytes(1000, 1), "a.bin", Purpose.USER_DATA).build());
      UploaderStats stats = uploader.stats();
      assertThat(stats.announcedRequestLimit()).isPositive();
      assertThat(stats.announcedRequestsLeft()).isBetween(0L, stats.announcedRequestLimit());
      assertThat(stats.pacingDelay().isNegative()).isFalse();
    }
  }

  @Test
  void aListenerThatThrowsBreaksNothing() throws Exception {
    server = FakeUploadsServer.builder().start();
    UploaderListener throwing = new UploaderListener() {
      @Override
      public void onUploadStarted(UploadHandle upload) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void onUploadEnded(UploadHandle upload, Outcome outcome, UploadException error) {
        throw new IllegalStateException("boom");
      }
    };
    try (Uploader uploader = FakeClients.uploaderBuilder(server).listener(throwing).build()) {
      UploadResult result = uploader.upload(UploadRequest.builder(TestFiles.randomBytes(1000, 1), "a.bin",
          Purpose.USER_DATA).build());
      assertThat(result.fileId()).startsWith("file-");
      assertThat(uploader.stats().uploadsCompleted()).isEqualTo(1);
    }
    assertThat(log.messages()).contains("uploader listener threw from onUploadStarted; ignored: java.lang.IllegalStateException:"
        + " boom");
  }
}
