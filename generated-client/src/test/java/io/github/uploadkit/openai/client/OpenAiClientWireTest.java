package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.FileExpirationAfter;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.client.model.UploadPart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each operation puts on the wire, checked on a real loopback server. */
class OpenAiClientWireTest {
  static final String KEY = "sk-test-wire-0123456789";
  static final String PENDING_UPLOAD = """
      {"id":"upload_abc123","object":"upload","bytes":8589934592,"created_at":1719184911,
       "filename":"big.jsonl","purpose":"batch","status":"pending","expires_at":1719188511,"file":null}""";

  MockWebServer server;
  OpenAiClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = OpenAiClient.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/v1").toString())
        .organization("org-1")
        .project("proj-1")
        .build();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void createUploadSendsSnakeCaseJsonWithA64BitSize() throws Exception {
    server.enqueue(json(PENDING_UPLOAD));
    CreateUploadRequest request = CreateUploadRequest.builder()
        .filename("big.jsonl")
        .purpose(CreateUploadRequest.PurposeEnum.BATCH)
        .bytes(8_589_934_592L)
        .mimeType("text/jsonl")
        .expiresAfter(FileExpirationAfter.builder()
            .anchor(FileExpirationAfter.AnchorEnum.CREATED_AT).seconds(3600L).build())
        .build();

    Upload upload = client.execute(client.uploads().createUpload(request));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getPath()).isEqualTo("/v1/uploads");
    assertThat(recorded.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeader("OpenAI-Organization")).isEqualTo("org-1");
    assertThat(recorded.getHeader("OpenAI-Project")).isEqualTo("proj-1");
    assertThat(recorded.getHeader("User-Agent")).isEqualTo(OpenAiClient.USER_AGENT);
    assertThat(recorded.getHeader("Content-Type")).startsWith("application/json");
    assertThat(recorded.getBody().readUtf8()).isEqualTo(
        "{\"filename\":\"big.jsonl\",\"purpose\":\"batch\",\"bytes\":8589934592,"
            + "\"mime_type\":\"text/jsonl\",\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":3600}}");
    assertThat(upload.bytes()).isEqualTo(8_589_934_592L);
    assertThat(upload.status()).isEqualTo(Upload.StatusEnum.PENDING);
    assertThat(upload.file()).isNull();
  }

  @Test
  void addUploadPartSendsOneMultipartFieldNamedDataWithTheFileRegion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("source.bin");
    Files.writeString(file, "0123456789abcdefghij");
    server.enqueue(json("""
        {"id":"part_def456","object":"upload.part","created_at":1719185911,"upload_id":"upload_abc123"}"""));

    UploadPart part = client.execute(client.uploads()
        .addUploadPart("upload_abc123", PartBodies.fromFile(file, 10, 6, "source.bin")));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getPath()).isEqualTo("/v1/uploads/upload_abc123/parts");
    String contentType = recorded.getHeader("Content-Type");
    assertThat(contentType).startsWith("multipart/form-data; boundary=");
    String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
    String body = recorded.getBody().readString(StandardCharsets.ISO_8859_1);
    assertThat(body).isEqualTo("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"data\"; filename=\"source.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n"
        + "Content-Length: 6\r\n\r\n"
        + "abcdef\r\n"
        + "--" + boundary + "--\r\n");
    assertThat(part.id()).isEqualTo("part_def456");
    assertThat(part.object()).isEqualTo(UploadPart.ObjectEnum.UPLOAD_PART);
  }

  @Test
  void completeUploadSendsPartIdsInOrderAndTheMd5() throws Exception {
    server.enqueue(json(PENDING_UPLOAD.replace("\"pending\"", "\"completed\"")));
    client.execute(client.uploads().completeUpload("upload_abc123", CompleteUploadRequest.builder()
        .partIds(List.of("part_b", "part_a")).md5("d41d8cd98f00b204e9800998ecf8427e").build()));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getPath()).isEqualTo("/v1/uploads/upload_abc123/complete");
    assertThat(recorded.getBody().readUtf8())
        .isEqualTo("{\"part_ids\":[\"part_b\",\"part_a\"],\"md5\":\"d41d8cd98f00b204e9800998ecf8427e\"}");
  }

  @Test
  void cancelUploadPostsWithAnEmptyBody() throws Exception {
    server.enqueue(json(PENDING_UPLOAD.replace("\"pending\"", "\"cancelled\"")));
    Upload upload = client.execute(client.uploads().cancelUpload("upload_abc123"));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getPath()).isEqualTo("/v1/uploads/upload_abc123/cancel");
    assertThat(recorded.getBodySize()).isZero();
    assertThat(upload.status()).isEqualTo(Upload.StatusEnum.CANCELLED);
  }

  @Test
  void partBodiesFromBytesAndBuffersCanBeSentTwice() throws Exception {
    byte[] bytes = "same bytes".getBytes(StandardCharsets.UTF_8);
    var fromBuffer = PartBodies.fromBuffer(java.nio.ByteBuffer.wrap(bytes), "b.bin");
    for (int i = 0; i < 2; i++) {
      okio.Buffer sink = new okio.Buffer();
      fromBuffer.body().writeTo(sink);
      assertThat(sink.readUtf8()).isEqualTo("same bytes");
    }
    assertThat(PartBodies.fromBytes(bytes, "a.bin").body().contentLength()).isEqualTo(bytes.length);
  }

  @Test
  void theHeadersOfEveryAnswerReachTheCallerSuccessOrError() throws Exception {
    server.enqueue(json(PENDING_UPLOAD).setHeader("x-ratelimit-remaining-requests", "59"));
    server.enqueue(json("{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"param\":null,"
        + "\"code\":\"rate_limit_exceeded\"}}").setResponseCode(429).setHeader("x-ratelimit-remaining-requests", "0"));
    List<String> seen = new java.util.ArrayList<>();

    client.execute(client.uploads().cancelUpload("upload_abc123"),
        headers -> seen.add(headers.get("x-ratelimit-remaining-requests")));
    OpenAiApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(OpenAiApiException.class,
        () -> client.execute(client.uploads().cancelUpload("upload_abc123"),
            headers -> seen.add(headers.get("x-ratelimit-remaining-requests"))));

    assertThat(seen).containsExactly("59", "0");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.errorCode()).isEqualTo("rate_limit_exceeded");
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
