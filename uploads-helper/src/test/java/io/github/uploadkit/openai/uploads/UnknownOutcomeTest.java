package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A completion whose answer is lost, a cancel the rate limit refuses, a cancel during a slow create. */
class UnknownOutcomeTest {
  static final int PART = 256 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;
  Path journal;

  @BeforeEach
  void start() throws Exception {
    server = FakeUploadsServer.builder().start();
    uploader = FakeClients.fastUploader(server);
    file = TestFiles.randomFile(dir, "data.bin", 5L * PART + 7, 5);
    journal = dir.resolve("data.journal.json");
  }

  @AfterEach
  void stop() {
    uploader.close();
    server.close();
  }

  UploadRequest.Builder request() {
    return UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).journal(journal);
  }

  @Test
  void aCompletionWhoseAnswerIsLostFindsTheFileAndReportsIt() throws Exception {
    server.addFault(Fault.on(Operation.COMPLETE).nth(1).dropResponse());

    UploadResult result = uploader.upload(request().build());

    FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(result.fileId()).isEqualTo(stored.fileId());
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file));
    assertThat(server.requestCount(Operation.LIST_FILES)).isEqualTo(1);
    assertThat(server.uploads()).hasSize(1);
    assertThat(journal).doesNotExist();
  }

  @Test
  void aCancelThatMeetsACompletionWhoseAnswerIsLostReportsTheFileTheServerMade() throws Exception {
    // the cancel waits for the completion's answer, so a long hold costs nothing more and the cancel always lands inside it
    server.addFault(Fault.on(Operation.COMPLETE).nth(1).delay(Duration.ofSeconds(5)).dropResponse());
    UploadHandle handle = uploader.start(request().build());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (server.requestCount(Operation.COMPLETE) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    handle.cancel(); // the completion is on the wire: the server completes the Upload, and its answer is lost

    UploadResult result = handle.join();
    FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(result.fileId()).isEqualTo(stored.fileId());
    assertThat(server.requestCount(Operation.CANCEL)).as("the cancel came, and was refused").isEqualTo(1);
    assertThat(server.requestCount(Operation.LIST_FILES)).isEqualTo(1);
    assertThat(journal).doesNotExist();
  }

  @Test
  void aResumeAfterALostCompletionReportsTheFileWithoutSendingAgain() throws Exception {
    server.addFault(Fault.on(Operation.COMPLETE).always().dropResponse());
    server.addFault(Fault.on(Operation.LIST_FILES).always().respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    UploadException failed = catchThrowableOfType(UploadException.class, () -> uploader.upload(request().build()));
    assertThat(failed.getMessage()).contains("resume it with the journal at " + journal);
    assertThat(JournalFile.read(journal).completionSent()).isTrue();
    server.clearFaults();
    int parts = server.requestCount(Operation.ADD_PART);
    int completes = server.requestCount(Operation.COMPLETE);

    UploadResult result = uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()).join();

    assertThat(result.fileId()).isEqualTo(server.upload(failed.uploadId().orElseThrow()).orElseThrow().fileId());
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(parts);
    assertThat(server.requestCount(Operation.COMPLETE)).isEqualTo(completes);
    assertThat(journal).doesNotExist();
  }

  @Test
  void aPartThatIsNeverAnsweredTimesOutAndIsSentAgain() throws Exception {
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).delay(Duration.ofSeconds(60)));
    RetryPolicy deadline = FakeClients.FAST_RETRIES.toBuilder().requestTimeout(Duration.ofSeconds(5), Long.MAX_VALUE).build();
    long started = System.nanoTime();

    UploadResult result = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART)
        .retryPolicy(deadline).build());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(result.retries()).isEqualTo(1);
    assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
  }

  @Test
  void aCancelRefusedWithALongRetryAfterIsRetriedSoonerAndSucceeds() throws Exception {
    FakeUploadsServer slow = FakeUploadsServer.builder().bandwidthPerConnection(100_000).start();
    slow.addFault(Fault.on(Operation.CANCEL).nth(1).respond(429).header("Retry-After", "30"));
    try (Uploader onSlow = Uploader.create(OpenAiClient.builder().apiKey(slow.apiKey()).baseUrl(slow.baseUrl()).build())) {
      UploadHandle handle = onSlow.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build());
      while (handle.uploadId().isEmpty()) {
        Thread.sleep(5);
      }
      long started = System.nanoTime();
      handle.cancel();
      UploadException e = catchThrowableOfType(UploadException.class, handle::join);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
      assertThat(e.cancelledOnServer()).isTrue();
      assertThat(slow.upload(handle.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
      assertThat(slow.requestCount(Operation.CANCEL)).isEqualTo(2);
    } finally {
      slow.close();
    }
  }

  @Test
  void aCancelDuringASlowCreateWaitsForItsAnswerAndCancelsTheUploadItMade() throws Exception {
    server.addFault(Fault.on(Operation.CREATE).nth(1).delay(Duration.ofSeconds(5)));
    UploadHandle handle = uploader.start(UploadRequest.of(file, Purpose.USER_DATA));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (server.requestCount(Operation.CREATE) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    handle.cancel(); // the create is at the server, and waits there 5 s

    UploadException e = catchThrowableOfType(UploadException.class, handle::join);

    assertThat(e.reason()).isEqualTo(UploadException.Reason.CANCELLED);
    assertThat(e.uploadId()).isPresent();
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(server.uploads()).hasSize(1).allMatch(upload -> upload.status().equals("cancelled"));
    assertThat(server.requestCount(Operation.ADD_PART)).isZero();
    assertThat(Files.exists(journal)).isFalse();
  }
}
