package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key and request bodies never show, and hostile responses end in clear errors without hanging. */
class SecurityTest {
  static final String KEY = "sk-security-test-key-ABCDEFGHIJKLMNOP";
  static final String BODY_MARKER = "BODY-MARKER-7f3a9c";

  @TempDir
  Path dir;
  FakeUploadsServer server;
  final List<String> logged = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record.getLevel() + " " + record.getLoggerName() + " " + record.getMessage()
          + (record.getThrown() == null ? "" : " " + record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  Level previous;

  @BeforeEach
  void start() {
    Logger root = Logger.getLogger("");
    previous = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(capture);
    server = FakeUploadsServer.builder().apiKey(KEY).start();
  }

  @AfterEach
  void stop() {
    server.close();
    Logger root = Logger.getLogger("");
    root.removeHandler(capture);
    root.setLevel(previous);
  }

  Uploader uploader(String key, String baseUrl) {
    return Uploader.builder(OpenAiClient.builder().apiKey(key).baseUrl(baseUrl).build())
        .retryPolicy(RetryPolicy.builder().maxRetries(2).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
        .build();
  }

  Path fileWithMarker() throws IOException {
    Path file = dir.resolve("secret.jsonl");
    Files.writeString(file, ("{\"text\":\"" + BODY_MARKER + "\"}\n").repeat(20_000), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void theKeyAndTheBodyAppearInNoLogExceptionOrToString() throws IOException {
    Path file = fileWithMarker();
    Uploader good = uploader(KEY, server.baseUrl());
    UploadRequest request = UploadRequest.builder(file, Purpose.USER_DATA).partSize(64 * 1024).listener(new UploadListener() {
      @Override
      public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
        throw new IllegalStateException("listener failure, logged at WARNING");
      }
    }).build();
    UploadResult result = good.upload(request);
    server.addFault(Fault.on(Operation.ADD_PART).always().respond(500));
    UploadException failed = catchThrowableOfType(UploadException.class, () -> good.upload(request));
    UploadException refused = catchThrowableOfType(UploadException.class,
        () -> uploader("sk-wrong-" + KEY, server.baseUrl()).upload(request));

    List<String> texts = new java.util.ArrayList<>(logged);
    texts.add(good.toString());
    texts.add(request.toString());
    texts.add(result.toString());
    for (Throwable t : List.of(failed, refused)) {
      for (Throwable cause = t; cause != null; cause = cause.getCause()) {
        texts.add(cause.toString());
        java.io.StringWriter trace = new java.io.StringWriter();
        cause.printStackTrace(new java.io.PrintWriter(trace));
        texts.add(trace.toString());
      }
    }
    assertThat(logged).anyMatch(line -> line.contains("listener failure"));
    assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(KEY).doesNotContain(BODY_MARKER));
  }

  @Test
  void aHugeOrNegativeRetryAfterFallsBackToBackoff() throws IOException {
    Path file = fileWithMarker();
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).respond(429).header("Retry-After", "999999999"));
    server.addFault(Fault.on(Operation.ADD_PART).nth(2).respond(503).header("Retry-After", "-5"));
    List<Duration> delays = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    uploader(KEY, server.baseUrl()).upload(UploadRequest.builder(file, Purpose.USER_DATA).concurrency(1)
        .listener(new UploadListener() {
          @Override
          public void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
            delays.add(delay);
          }

          @Override
          public void onThrottled(PartRange part, Duration wait) {
            delays.add(wait);
          }
        }).build());
    assertThat(delays).hasSize(2).allSatisfy(delay -> assertThat(delay).isLessThanOrEqualTo(Duration.ofMillis(5)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aWrongContentTypeOrMalformedJsonIsAClearErrorNotARetryLoop() throws Exception {
    try (MockWebServer hostile = new MockWebServer()) {
      hostile.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>login</html>"));
      hostile.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\": [1, 2"));
      hostile.enqueue(new MockResponse().setResponseCode(200)); // would be a cancel: no JSON content type at all
      Uploader uploader = uploader(KEY, hostile.url("/v1/").toString());
      Path file = fileWithMarker();

      UploadException html = catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)));
      assertThat(html.getCause()).isInstanceOf(MalformedResponseException.class);
      assertThat(html.getMessage()).isEqualTo("Upload (id unknown) failed after 1 attempt: POST /v1/uploads returned HTTP 200"
          + " with content type text/html instead of JSON (no Upload id came back from the create, so the server may"
          + " hold a pending Upload; it expires on its own)");
      UploadException broken = catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)));
      assertThat(broken.getMessage()).startsWith("Upload (id unknown) failed after 1 attempt: POST /v1/uploads returned a"
          + " body that is not the API's JSON: ");
      assertThat(hostile.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void aRedirectElsewhereIsRefusedAndTheKeyStaysHome() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.addFault(Fault.on(Operation.CREATE).always().respond(307, "")
          .header("Location", elsewhere.url("/v1/uploads").toString()));
      UploadException e = catchThrowableOfType(UploadException.class,
          () -> uploader(KEY, server.baseUrl()).upload(UploadRequest.of(fileWithMarker(), Purpose.USER_DATA)));
      assertThat(e.getMessage()).contains("HTTP 307: the server redirected to " + elsewhere.url("/v1/uploads"));
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }
}
