package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of fault either recovers with the exact bytes or fails fast and cancels the Upload. */
class FaultRecoveryTest {
  static final int PART = 64 * 1024;
  static final RetryPolicy FAST = RetryPolicy.builder().maxRetries(3)
      .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().start();
    OpenAiClient client = FakeClients.of(server);
    uploader = Uploader.builder(client).retryPolicy(FAST).build();
    file = TestFiles.randomFile(dir, "input.bin", 6 * PART + 100, 7);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private UploadRequest.Builder request() {
    return UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART);
  }

  private void assertCompletedExactly(UploadResult result) throws IOException {
    FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file));
    assertThat(stored.assembledSize()).isEqualTo(6 * PART + 100);
  }

  @Test
  void serverErrorsOnPartsAreRetried() throws IOException {
    server.addFault(Fault.on(Operation.ADD_PART).requests(2, 4).respond(503));
    List<String> retries = new CopyOnWriteArrayList<>();
    UploadResult result = uploader.upload(request().listener(new UploadListener() {
      @Override
      public void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
        retries.add(part.number() + "/" + attempt + "/" + ((OpenAiApiException) cause).statusCode());
      }
    }).build());

    assertCompletedExactly(result);
    assertThat(retries).hasSize(3).allMatch(text -> text.endsWith("/503"));
    assertThat(result.retries()).isEqualTo(3);
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(7 + 3);
  }

  @Test
  void rateLimitsWaitForRetryAfterWithoutUsingUpRetries() throws IOException {
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).respond(429).header("Retry-After", "1"));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    List<Duration> retries = new CopyOnWriteArrayList<>();
    UploadResult result = uploader.upload(request().listener(new UploadListener() {
      @Override
      public void onThrottled(PartRange part, Duration wait) {
        waits.add(wait);
      }

      @Override
      public void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
        retries.add(delay);
      }
    }).build());

    assertCompletedExactly(result);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
    assertThat(retries).isEmpty();
    assertThat(result.retries()).isZero();
  }

  @Test
  void aConnectionResetMidBodyResendsTheSameBytes() throws IOException {
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).resetAfterBytes(PART / 2));
    server.addFault(Fault.on(Operation.ADD_PART).nth(3).resetAfterBytes(10));
    UploadResult result = uploader.upload(request().build());
    assertCompletedExactly(result);
    // both dropped parts were sent again: by the helper, or by OkHttp's own retry on a failed connection
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(7 + 2);
    assertThat(server.calls()).filteredOn(call -> call.status() == 0).hasSize(2);
    assertThat(result.retries()).isBetween(0, 2);
  }

  @Test
  void timeoutsAndConflictsAreRetriedAndCreateAndCompleteToo() throws IOException {
    server.addFault(Fault.on(Operation.CREATE).nth(1).respond(500));
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).respond(408));
    server.addFault(Fault.on(Operation.ADD_PART).nth(2).respond(409));
    server.addFault(Fault.on(Operation.COMPLETE).nth(1).respond(502));
    UploadResult result = uploader.upload(request().build());
    assertCompletedExactly(result);
    // OkHttp answers a 408 by resending the request itself, once, before the helper sees it;
    // the other three faults are the helper's own retries.
    assertThat(result.retries()).isEqualTo(3);
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(7 + 2);
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(2);
    assertThat(server.requestCount(Operation.COMPLETE)).isEqualTo(2);
  }

  @Test
  void aSlowResponseBeyondTheReadTimeoutIsRetried() throws IOException {
    OpenAiClient impatient = OpenAiClient.builder().apiKey(server.apiKey()).baseUrl(server.baseUrl())
        .okHttpClient(new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofSeconds(3)).build()).build();
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).delay(Duration.ofSeconds(10)));
    UploadResult result = Uploader.builder(impatient).retryPolicy(FAST).build().upload(request().build());
    assertCompletedExactly(result);
    assertThat(result.retries()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aNonRetryableErrorFailsFastAndCancelsTheUpload() {
    server.addFault(Fault.on(Operation.ADD_PART).nth(2).respond(400));
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request().build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.partNumber()).isPresent();
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(e.getCause()).isInstanceOf(OpenAiApiException.class);
    assertThat(((OpenAiApiException) e.getCause()).statusCode()).isEqualTo(400);
    FakeUpload stored = server.upload(e.uploadId().orElseThrow()).orElseThrow();
    assertThat(stored.status()).isEqualTo("cancelled");
    assertThat(e.getMessage()).startsWith("Upload " + stored.id() + " failed at part ")
        .contains("after 1 attempt: POST /v1/uploads/" + stored.id() + "/parts failed with HTTP 400")
        .endsWith("(the Upload was cancelled on the server)");
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
  }

  @Test
  void exhaustedRetriesCancelAndCarryTheFacts() {
    server.addFault(Fault.on(Operation.ADD_PART).always().respond(500).header("x-request-id", "req_x"));
    UploadException e = catchThrowableOfType(UploadException.class,
        () -> uploader.upload(request().concurrency(1).build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.RETRIES_EXHAUSTED);
    assertThat(e.attempts()).isEqualTo(FAST.maxRetries() + 1);
    assertThat(e.partNumber()).hasValue(1);
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(e.getMessage()).contains("gave up at part 1 after 4 attempts");
  }

  @Test
  void xShouldRetryFalseStopsRetriesOfARetryableStatus() {
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).respond(503).header("x-should-retry", "false"));
    UploadException e = catchThrowableOfType(UploadException.class,
        () -> uploader.upload(request().concurrency(1).build()));
    assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void aFailedCreateLeavesNothingToCancel() {
    server.addFault(Fault.on(Operation.CREATE).always().respond(401));
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request().build()));
    assertThat(e.uploadId()).isEmpty();
    assertThat(e.getMessage()).startsWith("Upload (not created) failed after 1 attempt: POST /v1/uploads failed with HTTP 401");
    assertThat(server.uploads()).isEmpty();
  }
}
