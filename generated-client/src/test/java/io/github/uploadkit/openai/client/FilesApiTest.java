package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.api.FilesApi;
import io.github.uploadkit.openai.client.api.UploadsApi;
import io.github.uploadkit.openai.client.model.DeleteFileResponse;
import io.github.uploadkit.openai.client.model.ListFilesResponse;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A second generated interface, {@code FilesApi}, on the client's own Retrofit, auth and errors. */
class FilesApiTest {
  static final String KEY = "sk-test-files-0123456789";
  static final String FILE = """
      {"id":"file-abc123","object":"file","bytes":8589934592,"created_at":1719186911,
       "filename":"big.jsonl","purpose":"batch","status":"processed"}""";

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

  @Test
  void createGivesAnyGeneratedInterfaceOnceWithTheClientsAuth() throws Exception {
    FilesApi files = client.create(FilesApi.class);
    assertThat(client.create(FilesApi.class)).isSameAs(files);
    assertThat(client.create(UploadsApi.class)).isSameAs(client.uploads());
    server.enqueue(json("{\"object\":\"list\",\"data\":[" + FILE + "],\"first_id\":\"file-abc123\","
        + "\"last_id\":\"file-abc123\",\"has_more\":false}"));

    ListFilesResponse page = client.execute(files.listFiles("batch", 100L, "desc", null));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/v1/files?purpose=batch&limit=100&order=desc");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(page.data()).extracting(OpenAIFile::id).containsExactly("file-abc123");
    assertThat(page.data().get(0).bytes()).isEqualTo(8_589_934_592L);
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void retrieveAndDeleteUseThePathParameter() throws Exception {
    FilesApi files = client.create(FilesApi.class);
    server.enqueue(json(FILE));
    server.enqueue(json("{\"id\":\"file-abc123\",\"object\":\"file\",\"deleted\":true}"));

    assertThat(client.execute(files.retrieveFile("file-abc123")).filename()).isEqualTo("big.jsonl");
    DeleteFileResponse deleted = client.execute(files.deleteFile("file-abc123"));

    assertThat(server.takeRequest().getPath()).isEqualTo("/v1/files/file-abc123");
    RecordedRequest delete = server.takeRequest();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getPath()).isEqualTo("/v1/files/file-abc123");
    assertThat(deleted.deleted()).isTrue();
  }

  @Test
  void errorsComeBackTypedAsForUploads() {
    server.enqueue(new MockResponse().setResponseCode(404).setHeader("x-request-id", "req_9")
        .setHeader("Content-Type", "application/json")
        .setBody("{\"error\":{\"message\":\"No such File object: file-x\",\"type\":\"invalid_request_error\","
            + "\"param\":\"id\",\"code\":null}}"));

    OpenAiApiException e = catchThrowableOfType(OpenAiApiException.class,
        () -> client.execute(client.create(FilesApi.class).retrieveFile("file-x")));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.requestId()).contains("req_9");
    assertThat(e.errorMessage()).isEqualTo("No such File object: file-x");
  }

  @Test
  void aClassThatIsNotAnInterfaceIsRefused() {
    assertThatThrownBy(() -> client.create(String.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String is not an interface");
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
