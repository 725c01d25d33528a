package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.api.FilesApi;
import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not JSON: {@code downloadFile}'s streamed body passes the JSON-only and 16 MiB
 * checks that still guard typed calls, keeps the client's auth, and fails typed for non-2xx.
 */
class StreamedResponsesTest {
  static final String KEY = "sk-test-streamed-0123456789";
  static final int SEVENTEEN_MIB = 17 * 1024 * 1024;

  MockWebServer server;
  OpenAiClient client;
  FilesApi files;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString()).build();
    files = client.create(FilesApi.class);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void aDownloadLargerThanTheJsonCapArrivesWholeWithTheClientsAuth() throws Exception {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/octet-stream").setBody(bytes(SEVENTEEN_MIB)));

    byte[] read;
    try (ResponseBody body = client.execute(files.downloadFile("file-abc123"))) {
      assertThat(body.contentType()).hasToString("application/octet-stream");
      read = body.bytes();
    }

    var request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/v1/files/file-abc123/content");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(read).isEqualTo(bytes(SEVENTEEN_MIB).readByteArray());
  }

  @Test
  void aTypedCallStillRefusesAnAnswerThatIsNotJsonOrTooLong() {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/octet-stream").setBody("PK\u0003\u0004"));
    assertThat(catchThrowable(() -> client.execute(files.retrieveFile("file-abc123"))))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("GET /v1/files/file-abc123 returned HTTP 200 with content type application/octet-stream instead of JSON");

    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"id\":\"" + "a".repeat(SEVENTEEN_MIB) + "\"}"));
    assertThat(catchThrowable(() -> client.execute(files.retrieveFile("file-abc123"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than 16777216 bytes");
  }

  @Test
  void aRefusedDownloadFailsTypedWithTheKeyRedacted() {
    server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_42")
        .setBody("{\"error\":{\"message\":\"No such File object: file-x (key " + KEY + ")\","
            + "\"type\":\"invalid_request_error\",\"param\":\"id\",\"code\":null}}"));

    OpenAiApiException e = catchThrowableOfType(OpenAiApiException.class,
        () -> client.execute(files.downloadFile("file-x")));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.path()).isEqualTo("/v1/files/file-x/content");
    assertThat(e.requestId()).contains("req_42");
    assertThat(e.errorMessage()).isEqualTo("No such File object: file-x (key [redacted])");
    assertThat(e.toString()).doesNotContain(KEY);
  }

  @Test
  void aRequestMadeOnTheOkHttpClientByHandIsNotCut() throws IOException {
    server.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody(bytes(SEVENTEEN_MIB)));

    try (Response response = client.httpClient().newCall(new Request.Builder()
        .url(client.baseUrl().resolve("files/file-abc123/content")).build()).execute()) {
      assertThat(response.body().bytes()).hasSize(SEVENTEEN_MIB);
    }
  }

  private static Buffer bytes(int size) {
    Buffer buffer = new Buffer();
    for (int i = 0; i < size; i++) {
      buffer.writeByte(i * 7 + (i >>> 11));
    }
    return buffer;
  }
}
