package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal lets another process finish an upload; a journal that no longer fits is refused. */
class ResumeTest {
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;
  Path journal;

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().bandwidthPerConnection(3_000_000).start();
    uploader = FakeClients.fastUploader(server);
    file = TestFiles.randomFile(dir, "resumable.bin", 12L * MIB + 3, 12);
    journal = dir.resolve("resumable.journal.json");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  UploadRequest.Builder request() {
    return UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(2).journal(journal);
  }

  @Test
  void aKilledProcessesUploadIsFinishedWithoutResendingRecordedParts() throws Exception {
    server.addFault(Fault.on(Operation.ADD_PART).requests(5, Integer.MAX_VALUE).delay(Duration.ofSeconds(30))); // the kill comes first
    Process child = ChildJvm.main(ResumableUploadMain.class).env("OPENAI_API_KEY", server.apiKey())
        .output(dir.resolve("child.log"), null).start(server.baseUrl(), file.toString(), journal.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (recordedParts() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no cancel
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    server.clearFaults();
    assertThat(Files.readString(dir.resolve("child.log"))).doesNotContain("finished");

    Map<Integer, String> recorded = JournalFile.read(journal).parts();
    assertThat(recorded.size()).isBetween(3, 12);
    String uploadId = JournalFile.read(journal).uploadId();
    assertThat(server.upload(uploadId).orElseThrow().status()).isEqualTo("pending");
    int partRequestsBefore = server.requestCount(Operation.ADD_PART);

    UploadResult result = uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()).join();

    assertThat(result.upload().id()).isEqualTo(uploadId);
    assertThat(server.requestCount(Operation.ADD_PART) - partRequestsBefore).isEqualTo(13 - recorded.size());
    recorded.forEach((number, partId) -> assertThat(result.partIds().get(number - 1)).isEqualTo(partId));
    FakeUpload stored = server.upload(uploadId).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file)).isEqualTo(result.md5());
    assertThat(journal).doesNotExist();
  }

  private int recordedParts() {
    try {
      return Files.exists(journal) ? JournalFile.read(journal).parts().size() : 0;
    } catch (RuntimeException e) {
      return 0; // caught between writes: try again
    }
  }

  /** Leaves a journal behind: every part fails and so does the cancel. */
  private String failLeavingAJournal() {
    server.addFault(Fault.on(Operation.ADD_PART).requests(3, 1000).respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request().concurrency(1).build()));
    assertThat(e.cancelledOnServer()).isFalse();
    assertThat(e.getMessage()).endsWith("resume it with the journal at " + journal
        + " (the Upload could not be cancelled on the server; it expires on its own)");
    server.clearFaults();
    return e.uploadId().orElseThrow();
  }

  @Test
  void aFailedUploadIsResumedFromItsJournal() throws IOException {
    String uploadId = failLeavingAJournal();
    assertThat(JournalFile.read(journal).parts()).containsOnlyKeys(1, 2);

    UploadResult result = uploader.resume(request().build()).join();

    assertThat(result.upload().id()).isEqualTo(uploadId);
    assertThat(server.upload(uploadId).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
  }

  @Test
  void aChangedFileIsRefused() throws IOException {
    String uploadId = failLeavingAJournal();
    Files.write(file, new byte[] {7}, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage("cannot resume Upload " + uploadId + ": " + file + " is not the file that was being uploaded (its size"
            + " changed from " + (12L * MIB + 3) + " to " + (12L * MIB + 4) + " bytes); start the upload over")
        .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.SOURCE_CHANGED);
  }

  @Test
  void anExpiredUploadIsRefused() throws IOException {
    String uploadId = failLeavingAJournal();
    long expiresAt = JournalFile.read(journal).expiresAt();
    Files.writeString(journal, Files.readString(journal).replace("\"expires_at\": " + expiresAt, "\"expires_at\": 1700000000"));
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .hasMessage("cannot resume Upload " + uploadId + ": it expired at 2023-11-14T22:13:20Z (Uploads expire one hour"
            + " after creation); start the upload over")
        .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.UPLOAD_EXPIRED);
  }

  @Test
  void aCancelledUploadFailsWithTheServersReason() throws IOException {
    String uploadId = failLeavingAJournal();
    uploader.cancel(uploadId);
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.resume(request().build()).join());
    assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
    assertThat(e.getMessage()).contains("Cannot add parts to Upload " + uploadId + ": it is cancelled.");
  }

  @Test
  void corruptMissingAndOtherVersionJournalsAreRefused() throws IOException {
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .hasMessage("no journal at " + journal + ": there is no unfinished upload to resume; upload without resuming");
    Files.writeString(journal, "{\"version\": 1, \"upload_id\": ");
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .hasMessageStartingWith("the journal " + journal + " is corrupt (")
        .hasMessageEndingWith("): delete it and start the upload over");
    Files.writeString(journal, "{\"version\":2,\"upload_id\":\"upload_x\",\"created_at\":1,\"expires_at\":4102444800,"
        + "\"completion_sent\":false,\"source\":"
        + "{\"path\":\"/x\",\"size\":1,\"modifiedMillis\":1,\"sampleMd5\":\"a\"},\"filename\":\"a.bin\","
        + "\"purpose\":\"user_data\",\"mime_type\":\"application/octet-stream\",\"part_size\":1048576,"
        + "\"part_count\":13,\"parts\":{\"99\":\"part_x\"}}");
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .hasMessage("the journal " + journal + " is corrupt (a part number is outside 1..13, or has no id or no"
            + " checksum): delete it and start the upload over")
        .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.JOURNAL_INVALID);
    assertThatThrownBy(() -> uploader.start(request().build()))
        .hasMessage("a journal of an unfinished upload exists at " + journal
            + ": resume that upload, or delete the journal to start over")
        .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.JOURNAL_EXISTS);
    Files.writeString(journal, "{\"version\": 1}");
    assertThatThrownBy(() -> uploader.resume(request().build()))
        .hasMessage("the journal " + journal + " has format version 1, but this version of the tool reads version 2:"
            + " start the upload over");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aJournalIsRemovedOnceTheUploadCompletesOrIsCancelled() {
    uploader.upload(request().build());
    assertThat(journal).doesNotExist();
    server.addFault(Fault.on(Operation.ADD_PART).always().respond(400));
    catchThrowableOfType(UploadException.class, () -> uploader.upload(request().build()));
    assertThat(journal).doesNotExist();
  }
}
