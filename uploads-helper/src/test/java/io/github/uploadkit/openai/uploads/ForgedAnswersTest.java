package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.UploadException.ServerState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that answers with forged values, at the wire level (MockWebServer): a completion that
 * names another Upload, a cancelled one or a File of other bytes is not success; a create without
 * an id is not "not created"; a key in an id the server chose never reaches an exception.
 */
class ForgedAnswersTest {
  static final String KEY = "sk-forged-answers-0123456789abcdefgh";
  static final long SIZE = 1000;

  @TempDir
  Path dir;
  MockWebServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** The id the create answers with (null: none), the completion's answer, the cancel's status code. */
  String createdId = "upload_abc";
  String completion;
  int cancelStatus = 200;
  Path file;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        requests.add(request.getMethod() + " " + path);
        if (path.equals("/v1/uploads")) {
          return json(200, upload(createdId, "pending", SIZE, null));
        }
        if (path.endsWith("/parts")) {
          return json(200, "{\"id\":\"part_1\",\"object\":\"upload.part\",\"created_at\":1,\"upload_id\":\"" + createdId
              + "\"}");
        }
        if (path.endsWith("/complete")) {
          return json(200, completion);
        }
        if (path.endsWith("/cancel")) {
          return cancelStatus == 200 ? json(200, upload(createdId, "cancelled", SIZE, null))
              : json(cancelStatus, "{\"error\":{\"message\":\"Cannot cancel: it is completed.\",\"type\":"
                  + "\"invalid_request_error\"}}");
        }
        if (path.startsWith("/v1/files")) {
          return json(200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
        }
        return json(404, "{\"error\":{\"message\":\"no route\",\"type\":\"invalid_request_error\"}}");
      }
    });
    server.start();
    file = TestFiles.randomFile(dir, "a.bin", SIZE, 1);
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static String upload(String id, String status, long bytes, String file) {
    return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"object\":\"upload\",\"bytes\":" + bytes
        + ",\"created_at\":1700000000,\"filename\":\"a.bin\",\"purpose\":\"user_data\",\"status\":\"" + status
        + "\",\"expires_at\":4000000000" + (file == null ? "" : ",\"file\":" + file) + "}";
  }

  static String file(String id, long bytes) {
    return "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + bytes + ",\"created_at\":1700000001,"
        + "\"filename\":\"a.bin\",\"purpose\":\"user_data\",\"status\":\"processed\"}";
  }

  UploadException failedUpload() {
    try (Uploader uploader = Uploader.builder(OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString())
        .build()).retryPolicy(RetryPolicy.builder().maxRetries(1).backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build()).build()) {
      UploadException e = catchThrowableOfType(UploadException.class,
          () -> uploader.upload(UploadRequest.of(file, Purpose.USER_DATA)));
      assertThat(e).as("the upload must fail").isNotNull();
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(KEY);
      return e;
    }
  }

  @Test
  void aCompletionAnsweredWithAnotherUploadsIdFailsAndNamesTheFile() {
    completion = upload("upload_other", "completed", SIZE, file("file-forged", SIZE));

    UploadException e = failedUpload();

    assertThat(e.reason()).isEqualTo(UploadException.Reason.VERIFICATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("Upload upload_abc failed verification after 1 attempt: the completion's"
        + " answer does not match what was sent: it is Upload upload_other, not upload_abc (the answer names File"
        + " file-forged; do not rely on it) (the Upload was cancelled on the server)");
    assertThat(e.serverState()).isEqualTo(ServerState.CANCELLED);
  }

  @Test
  void aCompletionAnsweredCancelledOrWithOtherBytesFailsWithEveryFact() {
    completion = upload("upload_abc", "cancelled", 7, file("file-forged", 7));

    UploadException e = failedUpload();

    assertThat(e.reason()).isEqualTo(UploadException.Reason.VERIFICATION_FAILED);
    assertThat(e.getMessage()).contains("its status is cancelled, not completed; it has 7 bytes, not the 1000 sent; its"
        + " File has 7 bytes, not the 1000 sent (the answer names File file-forged; do not rely on it)");
  }

  @Test
  void anUploadThatIsNoLongerPendingIsNotSaidToExpireOnItsOwn() {
    completion = upload("upload_abc", "completed", SIZE, file("file-short", 10));
    cancelStatus = 400; // completed already: the cancel is refused

    UploadException e = failedUpload();

    assertThat(e.serverState()).isEqualTo(ServerState.NOT_PENDING);
    assertThat(e.getMessage()).contains("its File has 10 bytes, not the 1000 sent")
        .contains("the Upload is no longer pending (Cannot cancel: it is completed.), so there is nothing to resume")
        .doesNotContain("expires on its own").doesNotContain("could not be cancelled");
  }

  @Test
  void aCreateAnsweredWithoutAnIdSaysTheServerMayHoldAPendingUpload() {
    createdId = null;

    UploadException e = failedUpload();

    assertThat(e.serverState()).isEqualTo(ServerState.UNKNOWN);
    assertThat(e.getMessage()).startsWith("Upload (id unknown) failed after 1 attempt: ")
        .endsWith("(no Upload id came back from the create, so the server may hold a pending Upload; it expires on its"
            + " own)")
        .doesNotContain("not created");
  }

  @Test
  void aKeyInTheUploadIdAJournalHoldsIsRedactedFromTheRefusalToResume() throws IOException {
    Path journal = dir.resolve("a.journal.json");
    java.nio.file.Files.writeString(journal, "{\"version\":2,\"upload_id\":\"upload_" + KEY + "\",\"created_at\":1,"
        + "\"expires_at\":4102444800,\"completion_sent\":false,\"source\":{\"path\":\"/elsewhere\",\"size\":" + SIZE
        + ",\"modifiedMillis\":1,\"sampleMd5\":\"a\"},\"filename\":\"a.bin\",\"purpose\":\"user_data\","
        + "\"mime_type\":\"application/octet-stream\",\"part_size\":1048576,\"part_count\":1,\"parts\":{},"
        + "\"checksums\":{}}");
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString())
        .build())) {
      UploadValidationException e = catchThrowableOfType(UploadValidationException.class,
          () -> uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()));

      assertThat(e.getMessage()).startsWith("cannot resume Upload upload_[redacted]: ").doesNotContain(KEY);
      assertThat(e.field()).isEqualTo("path");
    }
    assertThat(requests).isEmpty();
  }

  @Test
  void aKeyInTheIdTheServerChoseNeverReachesTheException() {
    createdId = "upload_" + KEY;
    completion = upload("upload_other", "completed", SIZE, file("file-" + KEY, SIZE));

    UploadException e = failedUpload();

    assertThat(e.getMessage()).startsWith("Upload upload_[redacted] failed verification")
        .contains("it is Upload upload_other, not upload_[redacted]").contains("names File file-[redacted]");
    assertThat(e.uploadId()).contains("upload_[redacted]");
    assertThat(requests).contains("POST /v1/uploads/upload_" + KEY + "/cancel");
  }

  @Test
  void cancelRefusesAnIdThatIsNotAnUploadIdBeforeAnyRequest() {
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString())
        .build())) {
      String allowed = " is not an Upload id: an Upload id is 1 to 256 letters, digits, '_' and '-', as in"
          + " upload_abc123; nothing was sent";
      assertThat(refusedCancel(uploader, "..")).hasMessage("uploadId \"..\"" + allowed);
      assertThat(refusedCancel(uploader, "")).hasMessage("uploadId \"\"" + allowed);
      assertThat(refusedCancel(uploader, "upload_abc/../../files")).hasMessage("uploadId \"upload_abc/../../files\""
          + allowed);
      UploadValidationException hostile = refusedCancel(uploader, "upload_" + KEY + "\u001b[2J\"\n");
      assertThat(hostile).hasMessage("uploadId \"upload_[redacted]\\u001B[2J\\\"\\u000A\"" + allowed);
      assertThat(hostile.rejectedValue()).isEqualTo("upload_[redacted]\u001b[2J\"\n");
      assertThat(refusedCancel(uploader, "x".repeat(300)).getMessage())
          .startsWith("uploadId \"" + "x".repeat(64) + "\" (300 characters, the first 64 shown) is not an Upload id");
    }
    assertThat(requests).isEmpty();
  }

  static UploadValidationException refusedCancel(Uploader uploader, String uploadId) {
    UploadValidationException e = catchThrowableOfType(UploadValidationException.class, () -> uploader.cancel(uploadId));
    assertThat(e).as("cancel(%s) must be refused", uploadId).isNotNull();
    assertThat(e.field()).isEqualTo("uploadId");
    return e;
  }

  @Test
  void cancelOfAPlainIdIsSentAndAKeyInItIsRedactedFromTheRefusal() {
    cancelStatus = 400;
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString())
        .build())) {
      UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.cancel("upload_" + KEY));

      assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
      assertThat(e.getMessage()).startsWith("Upload upload_[redacted] failed after 1 attempt: ").doesNotContain(KEY);
      assertThat(e.uploadId()).contains("upload_[redacted]");
    }
    assertThat(requests).containsExactly("POST /v1/uploads/upload_" + KEY + "/cancel");
  }

  @Test
  void aCreatedUploadWhoseIdIsNotAnIdIsNeverNamedInARequest() {
    createdId = "../files";

    UploadException e = failedUpload();

    assertThat(e.getCause()).isInstanceOf(MalformedResponseException.class);
    assertThat(e.getMessage()).isEqualTo("Upload (id unknown) failed after 1 attempt: the created Upload's id is not an"
        + " id the API gives (an Upload id is 1 to 256 letters, digits, '_' and '-', as in upload_abc123), so no"
        + " request can name it (no Upload id came back from the create, so the server may hold a pending Upload; it"
        + " expires on its own)");
    assertThat(requests).containsExactly("POST /v1/uploads");
  }

  @Test
  void aJournalOrPausedUploadWhoseIdIsNotAnIdIsRefusedBeforeAnyRequest() throws IOException {
    Path journal = dir.resolve("a.journal.json");
    java.nio.file.Files.writeString(journal, "{\"version\":2,\"upload_id\":\"..\",\"created_at\":1,"
        + "\"expires_at\":4102444800,\"completion_sent\":false,\"source\":{\"path\":\"" + file.toAbsolutePath()
        + "\",\"size\":" + SIZE + ",\"modifiedMillis\":1,\"sampleMd5\":\"a\"},\"filename\":\"a.bin\",\"purpose\":"
        + "\"user_data\",\"mime_type\":\"application/octet-stream\",\"part_size\":1048576,\"part_count\":1,"
        + "\"parts\":{},\"checksums\":{}}");
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().apiKey(KEY).baseUrl(server.url("/v1/").toString())
        .build())) {
      UploadValidationException resumed = catchThrowableOfType(UploadValidationException.class,
          () -> uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()));
      UploadValidationException paused = catchThrowableOfType(UploadValidationException.class,
          () -> ResumableUpload.readFrom(journal));
      UploadValidationException abandoned = catchThrowableOfType(UploadValidationException.class,
          () -> uploader.abandon(journal));

      for (UploadValidationException e : List.of(resumed, paused, abandoned)) {
        assertThat(e.code()).isEqualTo(UploadValidationException.Code.JOURNAL_INVALID);
        assertThat(e.getMessage()).contains("is corrupt (its Upload id is not one: an Upload id is 1 to 256 letters,"
            + " digits, '_' and '-', as in upload_abc123): ");
      }
    }
    assertThat(requests).isEmpty();
  }
}
