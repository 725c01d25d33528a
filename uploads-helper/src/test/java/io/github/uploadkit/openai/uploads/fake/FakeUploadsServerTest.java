package io.github.uploadkit.openai.uploads.fake;

import io.github.uploadkit.openai.uploads.FakeClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.client.api.FilesApi;
import io.github.uploadkit.openai.client.api.UploadsApi;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.TestFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake keeps the API's rules, checked through the generated client. */
class FakeUploadsServerTest {
  final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  FakeUploadsServer server;
  OpenAiClient client;
  UploadsApi api;

  @BeforeEach
  void start() {
    server = FakeUploadsServer.builder().clock(clock).maxPartBytes(1000).start();
    client = FakeClients.of(server);
    api = client.uploads();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Upload create(long bytes) throws IOException {
    return client.execute(api.createUpload(CreateUploadRequest.builder().filename("in.bin")
        .purpose(CreateUploadRequest.PurposeEnum.BATCH).bytes(bytes).mimeType("text/jsonl").build()));
  }

  String part(String uploadId, byte[] bytes) throws IOException {
    return client.execute(api.addUploadPart(uploadId, PartBodies.fromBytes(bytes, "in.bin"))).id();
  }

  OpenAiApiException refused(ThrowingCall call) {
    return catchThrowableOfType(OpenAiApiException.class, call::run);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aFullUploadAssemblesThePartsInTheListedOrder() throws IOException {
    Upload upload = create(10);
    assertThat(upload.status()).isEqualTo(Upload.StatusEnum.PENDING);
    assertThat(upload.expiresAt()).isEqualTo(upload.createdAt() + 3600);
    String second = part(upload.id(), "56789".getBytes());
    String first = part(upload.id(), "01234".getBytes());

    Upload done = client.execute(api.completeUpload(upload.id(), CompleteUploadRequest.builder()
        .partIds(List.of(first, second)).md5(TestFiles.md5("0123456789".getBytes())).build()));

    assertThat(done.status()).isEqualTo(Upload.StatusEnum.COMPLETED);
    assertThat(done.file().bytes()).isEqualTo(10);
    assertThat(done.file().filename()).isEqualTo("in.bin");
    FakeUpload stored = server.upload(upload.id()).orElseThrow();
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5("0123456789".getBytes()));
    assertThat(stored.partsReceived()).isEqualTo(2);
  }

  @Test
  void aCompletedUploadsFileDownloadsAsItsPartsInTheListedOrder() throws IOException {
    Upload upload = create(10);
    String second = part(upload.id(), "56789".getBytes());
    String first = part(upload.id(), "01234".getBytes());
    Upload done = client.execute(api.completeUpload(upload.id(),
        CompleteUploadRequest.builder().partIds(List.of(first, second)).build()));
    FilesApi files = client.create(FilesApi.class);

    try (ResponseBody body = client.execute(files.downloadFile(done.file().id()))) {
      assertThat(body.contentType()).hasToString("application/octet-stream");
      assertThat(body.string()).isEqualTo("0123456789");
    }
    assertThat(server.calls()).last().isEqualTo(new FakeUploadsServer.Call(Operation.FILE_CONTENT, upload.id(), 200));
    OpenAiApiException unknown = refused(() -> client.execute(files.downloadFile("file-unknown")));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.errorMessage()).isEqualTo("No such File object: file-unknown");
  }

  @Test
  void theKeyIsRequired() throws IOException {
    OpenAiClient wrong = client.newBuilder().apiKey("sk-wrong-key").build();
    OpenAiApiException e = catchThrowableOfType(OpenAiApiException.class, () -> wrong.execute(wrong.uploads()
        .cancelUpload("upload_1")));
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.errorCode()).isEqualTo("invalid_api_key");
    assertThat(e.getMessage()).doesNotContain("sk-wrong-key");
    try (Response response = client.httpClient().newCall(new Request.Builder()
        .url(server.baseUrl().replace("127.0.0.1", "localhost") + "uploads")
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.body().string()).contains("You didn't provide an API key");
    }
  }

  @Test
  void createChecksItsFields() {
    OpenAiApiException e = refused(() -> client.execute(api.createUpload(CreateUploadRequest.builder()
        .filename("x.pdf").purpose(CreateUploadRequest.PurposeEnum.BATCH).bytes(10L).mimeType("application/pdf").build())));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("mime_type");
    assertThat(e.errorType()).isEqualTo("invalid_request_error");
    assertThat(e.requestId()).startsWith("req_fake_");
    OpenAiApiException tooBig = refused(() -> create(8L * 1024 * 1024 * 1024 + 1));
    assertThat(tooBig.param()).isEqualTo("bytes");
  }

  @Test
  void aPartOverTheCapIsRefused() throws IOException {
    Upload upload = create(2000);
    OpenAiApiException e = refused(() -> part(upload.id(), new byte[1001]));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.errorMessage()).contains("larger than 1000 bytes");
    part(upload.id(), new byte[1000]);
  }

  @Test
  void completionChecksTheTotalTheIdsAndTheMd5() throws IOException {
    Upload upload = create(10);
    String a = part(upload.id(), "01234".getBytes());
    String b = part(upload.id(), "56789".getBytes());
    assertThat(refused(() -> client.execute(api.completeUpload(upload.id(),
        CompleteUploadRequest.builder().partIds(List.of(a)).build()))).errorMessage())
        .isEqualTo("The listed parts add up to 5 bytes, but the Upload was created with bytes=10.");
    assertThat(refused(() -> client.execute(api.completeUpload(upload.id(),
        CompleteUploadRequest.builder().partIds(List.of(a, a)).build()))).errorMessage())
        .isEqualTo("Part " + a + " is listed more than once.");
    assertThat(refused(() -> client.execute(api.completeUpload(upload.id(),
        CompleteUploadRequest.builder().partIds(List.of(a, "part_nope")).build()))).errorMessage())
        .isEqualTo("Part part_nope does not belong to Upload " + upload.id() + ".");
    assertThat(refused(() -> client.execute(api.completeUpload(upload.id(),
        CompleteUploadRequest.builder().partIds(List.of(b, a)).md5(TestFiles.md5("0123456789".getBytes())).build())))
        .param()).isEqualTo("md5");
    assertThat(server.upload(upload.id()).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void noPartsAfterCompleteOrCancel() throws IOException {
    Upload done = create(1);
    String id = part(done.id(), new byte[1]);
    client.execute(api.completeUpload(done.id(), CompleteUploadRequest.builder().partIds(List.of(id)).build()));
    assertThat(refused(() -> part(done.id(), new byte[1])).errorMessage())
        .isEqualTo("Cannot add parts to Upload " + done.id() + ": it is completed.");
    assertThat(refused(() -> client.execute(api.cancelUpload(done.id()))).statusCode()).isEqualTo(400);

    Upload cancelled = create(1);
    assertThat(client.execute(api.cancelUpload(cancelled.id())).status()).isEqualTo(Upload.StatusEnum.CANCELLED);
    assertThat(refused(() -> part(cancelled.id(), new byte[1])).errorMessage()).endsWith("it is cancelled.");
  }

  @Test
  void uploadsExpireAnHourAfterCreationByTheServersClock() throws IOException {
    Upload upload = create(2);
    part(upload.id(), new byte[1]);
    clock.advance(Duration.ofMinutes(60));
    assertThat(refused(() -> part(upload.id(), new byte[1])).errorMessage())
        .isEqualTo("Cannot add parts to Upload " + upload.id() + ": it is expired (Uploads expire one hour after creation).");
    assertThat(server.upload(upload.id()).orElseThrow().status()).isEqualTo("expired");
  }

  @Test
  void unknownUploadsAndPathsAre404() {
    assertThat(refused(() -> client.execute(api.cancelUpload("upload_missing"))).statusCode()).isEqualTo(404);
    assertThat(server.calls()).extracting(FakeUploadsServer.Call::status).containsExactly(404);
  }

  @Test
  void faultsFireOnTheirNthRequestOnly() throws IOException {
    server.addFault(Fault.on(Operation.CREATE).nth(2).respond(503).header("Retry-After", "3"));
    create(1);
    OpenAiApiException e = refused(() -> create(1));
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    create(1);
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(3);
    assertThat(server.uploads()).hasSize(2);
  }
}
