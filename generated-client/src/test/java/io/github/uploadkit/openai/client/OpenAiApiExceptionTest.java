package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Error responses become exceptions that carry every fact, and never the key. */
class OpenAiApiExceptionTest {
  static final String KEY = "sk-test-errors-abcdefghijklmnop";
  MockWebServer server;
  OpenAiClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString()).build();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @ParameterizedTest
  @CsvSource({
      "400, invalid_request_error, invalid_mime_type, mime_type",
      "401, invalid_request_error, invalid_api_key, ",
      "404, invalid_request_error, upload_not_found, upload_id",
      "429, rate_limit_exceeded, rate_limit_exceeded, ",
      "500, server_error, , "})
  void statusAndErrorBodyMapToTheException(int status, String type, String code, String param) {
    String body = "{\"error\":{\"message\":\"Something about " + status + "\",\"type\":\"" + type
        + "\",\"param\":" + quoted(param) + ",\"code\":" + quoted(code) + "}}";
    server.enqueue(new MockResponse().setResponseCode(status).setHeader("x-request-id", "req_" + status)
        .setHeader("Content-Type", "application/json").setHeader("Retry-After", "7").setBody(body));

    OpenAiApiException e = catchThrowableOfType(OpenAiApiException.class,
        () -> client.execute(client.uploads().cancelUpload("upload_1")));

    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.errorType()).isEqualTo(type);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.errorMessage()).isEqualTo("Something about " + status);
    assertThat(e.requestId()).isEqualTo("req_" + status);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.path()).isEqualTo("/v1/uploads/upload_1/cancel");
    assertThat(e.getMessage())
        .startsWith("POST /v1/uploads/upload_1/cancel failed with HTTP " + status + ": Something about " + status)
        .contains("type " + type, "[request id req_" + status + "]")
        .doesNotContain(KEY);
  }

  @Test
  void anHtmlBodyGivesAClearMessage() {
    server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
        .setBody("<html><body><h1>502 Bad Gateway</h1></body></html>"));
    assertThatThrownBy(() -> client.execute(client.uploads().cancelUpload("upload_1")))
        .isInstanceOf(OpenAiApiException.class)
        .hasMessage("POST /v1/uploads/upload_1/cancel failed with HTTP 502: a body that is not the API's"
            + " JSON error shape (text/html): 502 Bad Gateway");
  }

  @Test
  void anEmptyBodyAndAnOversizedBodyAreDescribed() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("x".repeat(200_000)));
    assertThatThrownBy(() -> client.execute(client.uploads().cancelUpload("u")))
        .hasMessage("POST /v1/uploads/u/cancel failed with HTTP 503: empty body");
    assertThatThrownBy(() -> client.execute(client.uploads().cancelUpload("u")))
        .hasMessageStartingWith("POST /v1/uploads/u/cancel failed with HTTP 500: an error body larger than 65536 bytes");
  }

  @Test
  void retryHintsAreRead() {
    server.enqueue(new MockResponse().setResponseCode(409).setHeader("retry-after-ms", "250")
        .setHeader("Retry-After", "9").setHeader("x-should-retry", "false"));
    OpenAiApiException e = catchThrowableOfType(OpenAiApiException.class,
        () -> client.execute(client.uploads().cancelUpload("u")));
    assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
    assertThat(e.shouldRetry()).contains(false);
  }

  @Test
  void aRedirectIsNotFollowedAndTheKeyGoesNowhereElse() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(new MockResponse().setResponseCode(307)
          .setHeader("Location", elsewhere.url("/steal").toString()));
      assertThatThrownBy(() -> client.execute(client.uploads().cancelUpload("u")))
          .isInstanceOf(OpenAiApiException.class)
          .hasMessageContaining("HTTP 307: the server redirected to " + elsewhere.url("/steal"))
          .hasMessageContaining("redirects are not followed");
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void theKeyIsOnlySentToTheConfiguredHost() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      other.enqueue(new MockResponse().setBody("ok"));
      var call = client.httpClient().newCall(new okhttp3.Request.Builder().url(other.url("/x")).build());
      call.execute().close();
      RecordedRequest recorded = other.takeRequest(5, TimeUnit.SECONDS);
      assertThat(recorded.getHeader("Authorization")).isNull();
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
