package io.github.uploadkit.openai.uploads.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.api.FilesApi;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.uploads.FakeClients;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake serves list, retrieve, delete and content of the Files its Uploads made. */
class FakeFilesTest {
  @TempDir
  Path dir;

  /** The bytes of GET /files/{id}/content, null when refused (the client's own calls expect JSON). */
  byte[] content(FakeUploadsServer server, String fileId) throws IOException {
    return get(server, "files/" + fileId + "/content");
  }

  /** The body of GET {@code path} (below the base URL) with the server's key, null when refused. */
  static byte[] get(FakeUploadsServer server, String path) throws IOException {
    Request request = new Request.Builder().url(server.baseUrl() + path)
        .header("Authorization", "Bearer " + server.apiKey()).build();
    try (Response response = new okhttp3.OkHttpClient().newCall(request).execute()) {
      return response.code() == 200 ? response.body().bytes() : null;
    }
  }

  @Test
  void theFilesOfCompletedUploadsAreListedRetrievedReadAndDeleted() throws IOException {
    Path file = TestFiles.randomFile(dir, "data.bin", 3_000_000, 9);
    try (FakeUploadsServer server = FakeUploadsServer.builder().start();
        Uploader uploader = Uploader.create(FakeClients.of(server))) {
      OpenAiClient client = FakeClients.of(server);
      FilesApi files = client.create(FilesApi.class);
      String first = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(1 << 20).build()).fileId();
      String second = uploader.upload(UploadRequest.of(file, Purpose.BATCH).toBuilder().mimeType("text/jsonl").contentChecks(false).build()).fileId();

      assertThat(client.execute(files.listFiles(null, 10L, "asc", null)).data()).extracting(OpenAIFile::id)
          .containsExactlyInAnyOrder(first, second);
      OpenAIFile retrieved = client.execute(files.retrieveFile(first));
      assertThat(retrieved.bytes()).isEqualTo(3_000_000);
      assertThat(retrieved.filename()).isEqualTo("data.bin");
      assertThat(content(server, first)).isEqualTo(Files.readAllBytes(file));

      assertThat(client.execute(files.deleteFile(first)).deleted()).isTrue();
      assertThat(client.execute(files.listFiles(null, 10L, "asc", null)).data()).extracting(OpenAIFile::id)
          .containsExactly(second);
      OpenAiApiException gone = catchThrowableOfType(OpenAiApiException.class,
          () -> client.execute(files.retrieveFile(first)));
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(gone.errorMessage()).isEqualTo("No such File object: " + first);
      assertThat(content(server, first)).isNull();
      assertThat(server.requestCount(Operation.RETRIEVE_FILE)).isEqualTo(2);
      assertThat(server.requestCount(Operation.DELETE_FILE)).isEqualTo(1);
      assertThat(server.requestCount(Operation.FILE_CONTENT)).isEqualTo(2);
    }
  }

  @Test
  void theFakeAnswersWithTheApisObjectsAndNoAdditionalPropertiesKey() throws IOException {
    Path file = TestFiles.randomFile(dir, "data.bin", 1000, 4);
    try (FakeUploadsServer server = FakeUploadsServer.builder().start();
        Uploader uploader = Uploader.create(FakeClients.of(server))) {
      OpenAiClient client = FakeClients.of(server);
      OpenAIFile uploaded = uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)).file();
      String wire = new String(get(server, "files/" + uploaded.id()), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(wire).startsWith("{\"id\":\"" + uploaded.id() + "\",\"object\":\"file\",\"bytes\":1000,")
          .doesNotContain("additionalProperties");
      assertThat(uploaded.additionalProperties()).isEmpty();
      assertThat(client.moshi().adapter(OpenAIFile.class).toJson(uploaded)).isEqualTo(wire);
    }
  }
}
