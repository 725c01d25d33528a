package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import org.assertj.core.api.AbstractThrowableAssert;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paused upload leaves its Upload pending and is finished by another process; one that no longer fits is refused. */
class PauseTest {
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().bandwidthPerConnection(3_000_000).start();
    uploader = FakeClients.fastUploader(server);
    file = TestFiles.randomFile(dir, "pausable.bin", 12L * MIB + 3, 21);
  }

  @AfterEach
  void stop() {
    uploader.close();
    server.close();
  }

  @Test
  void anUploadPausedInOneJvmIsFinishedInAnotherWithTheSourcesExactBytes() throws Exception {
    Path token = dir.resolve("paused.json");
    Process child = ChildJvm.main(PausingUploadMain.class).env("OPENAI_API_KEY", server.apiKey())
        .output(dir.resolve("child.log"), null).start(server.baseUrl(), file.toString(), token.toString());
    assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

    ResumableUpload paused = ResumableUpload.readFrom(token);
    assertThat(paused.partsStored()).isBetween(3, 12);
    assertThat(paused.partCount()).isEqualTo(13);
    assertThat(paused.file()).isEqualTo(file.toAbsolutePath());
    assertThat(server.upload(paused.uploadId()).orElseThrow().status()).isEqualTo("pending");
    assertThat(paused.expiresAt()).isAfter(Instant.now());
    int partRequestsBefore = server.requestCount(Operation.ADD_PART);

    UploadResult result = uploader.resume(paused).join();

    assertThat(result.upload().id()).isEqualTo(paused.uploadId());
    assertThat(server.requestCount(Operation.ADD_PART) - partRequestsBefore).isEqualTo(13 - paused.partsStored());
    FakeUpload stored = server.upload(paused.uploadId()).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(stored.assembledSize()).isEqualTo(Files.size(file));
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file)).isEqualTo(result.md5());
  }

  /** Starts an upload of the file and pauses it once {@code parts} parts are stored. */
  private ResumableUpload pauseAfter(int parts, List<String> events) throws InterruptedException {
    CountDownLatch stored = new CountDownLatch(parts);
    UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(2)
        .listener(new UploadListener() {
          @Override
          public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
            stored.countDown();
          }

          @Override
          public void onPaused(ResumableUpload paused) {
            events.add("paused " + paused.uploadId());
          }

          @Override
          public void onCancelled(UploadException error) {
            events.add("cancelled");
          }
        })
        .build());
    assertThat(stored.await(60, TimeUnit.SECONDS)).isTrue();
    ResumableUpload paused = handle.pause();
    UploadException ended = catchThrowableOfType(UploadException.class, handle::join);
    assertThat(ended.reason()).isEqualTo(UploadException.Reason.PAUSED);
    assertThat(ended.cancelledOnServer()).isFalse();
    assertThat(ended.getMessage()).isEqualTo("Upload " + paused.uploadId() + " was paused: resume it with"
        + " Uploader.resume(ResumableUpload) before it expires at " + paused.expiresAt()
        + " (the Upload is left pending, to be resumed before it expires)");
    return paused;
  }

  @Test
  void aPauseLeavesTheUploadPendingAndItsTextResumesIt() throws Exception {
    List<String> events = new ArrayList<>();
    ResumableUpload paused = pauseAfter(2, events);
    assertThat(events).containsExactly("paused " + paused.uploadId());
    assertThat(server.upload(paused.uploadId()).orElseThrow().status()).isEqualTo("pending");
    assertThat(server.requestCount(Operation.CANCEL)).isZero();

    ResumableUpload copy = ResumableUpload.fromJson(paused.toJson());
    assertThat(copy).isEqualTo(paused);
    assertThat(copy.toJson()).doesNotContain(server.apiKey());
    UploadResult result = uploader.resume(copy).join();
    assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
  }

  @Test
  void anExpiredPausedUploadIsRefusedBeforeAnyRequest() throws Exception {
    ResumableUpload paused = pauseAfter(1, new ArrayList<>());
    String json = paused.toJson().replace("\"expires_at\": " + paused.expiresAt().getEpochSecond(),
        "\"expires_at\": 1700000000");
    assertRefusedBeforeAnyRequest(ResumableUpload.fromJson(json))
        .hasMessage("cannot resume Upload " + paused.uploadId() + ": it expired at 2023-11-14T22:13:20Z (Uploads"
            + " expire one hour after creation); start the upload over");
  }

  /** Resumes through a server of its own, which must see no request: the parts of the pause may still reach the first. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefusedBeforeAnyRequest(
      ResumableUpload paused) {
    try (FakeUploadsServer other = FakeUploadsServer.builder().start(); Uploader elsewhere = FakeClients.fastUploader(other)) {
      Throwable refused = catchThrowable(() -> elsewhere.resume(paused));
      assertThat(other.calls()).isEmpty();
      return assertThat(refused).isInstanceOf(UploadValidationException.class);
    }
  }

  @Test
  void aChangedFileIsRefusedBeforeAnyRequest() throws Exception {
    ResumableUpload paused = pauseAfter(1, new ArrayList<>());
    Files.write(file, new byte[] {7}, StandardOpenOption.APPEND);
    assertRefusedBeforeAnyRequest(paused)
        .hasMessage("cannot resume Upload " + paused.uploadId() + ": " + file.toAbsolutePath() + " is not the file that"
            + " was being uploaded (its size changed from " + (12L * MIB + 3) + " to " + (12L * MIB + 4)
            + " bytes); start the upload over");
  }

  @Test
  void corruptTextAndFilesThatAreNotPausedUploadsAreRefused() throws IOException {
    assertThatThrownBy(() -> ResumableUpload.fromJson("{\"version\": 2, \"upload_id\": "))
        .isInstanceOf(UploadValidationException.class)
        .hasMessageStartingWith("the paused upload is corrupt (");
    Path notes = Files.writeString(dir.resolve("notes.txt"), "not a paused upload");
    assertThatThrownBy(() -> ResumableUpload.readFrom(notes)).isInstanceOf(UploadValidationException.class)
        .hasMessage(notes + " is not a journal of this tool (it is not JSON): give the path of a journal; it was left"
            + " as it is");
    assertThatThrownBy(() -> ResumableUpload.fromJson("not a paused upload")).isInstanceOf(UploadValidationException.class)
        .hasMessage("the paused upload is not JSON: give the text ResumableUpload.toJson() gave");
  }

  @Test
  void writingOverAFileThatIsNotAPausedUploadIsRefused() throws Exception {
    ResumableUpload paused = pauseAfter(1, new ArrayList<>());
    Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
    assertThatThrownBy(() -> paused.writeTo(notes)).isInstanceOf(IOException.class)
        .hasMessageContaining("is no longer a journal of this tool, so it is left as it is");
    assertThat(notes).hasContent("keep me");
    Path token = dir.resolve("token.json");
    paused.writeTo(token);
    paused.writeTo(token);
    assertThat(ResumableUpload.readFrom(token)).isEqualTo(paused);
  }

  @Test
  void aPauseFromAListenerOnTheUploadersThreadDoesNotWaitAndTheListenerHearsTheResult() throws Exception {
    CountDownLatch heard = new CountDownLatch(1);
    List<Object> seen = new CopyOnWriteArrayList<>();
    AtomicReference<UploadHandle> self = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    self.set(uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(2)
        .listener(new UploadListener() {
          @Override
          public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
            try {
              started.await();
              self.get().pause();
            } catch (IllegalStateException | InterruptedException e) {
              seen.add(e.getMessage());
            }
          }

          @Override
          public void onPaused(ResumableUpload paused) {
            seen.add(paused);
            heard.countDown();
          }
        })
        .build()));
    started.countDown();
    assertThat(heard.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get(0)).isEqualTo("pause() was called on a thread of the uploader (from a listener), where it"
        + " cannot wait: the upload is being paused, and UploadListener.onPaused will have what resumes it");
    ResumableUpload paused = (ResumableUpload) seen.get(seen.size() - 1);
    assertThat(catchThrowableOfType(UploadException.class, self.get()::join).reason()).isEqualTo(UploadException.Reason.PAUSED);
    assertThat(uploader.resume(paused).join().upload().id()).isEqualTo(paused.uploadId());
  }

  @Test
  void aPauseBeforeTheUploadExistsWaitsForItsCreationAndSendsNoPart() throws Exception {
    server.addFault(Fault.on(Operation.CREATE).nth(1)
        .delay(Duration.ofSeconds(5))); // the pause waits for the creation anyway
    UploadHandle handle = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).build());
    assertThat(handle.uploadId()).isEmpty();

    ResumableUpload paused = handle.pause();

    assertThat(handle.uploadId()).contains(paused.uploadId());
    assertThat(paused.partsStored()).isZero();
    assertThat(server.requestCount(Operation.ADD_PART)).isZero();
    assertThat(server.upload(paused.uploadId()).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void aPausedUploadsFileIsAJournalThatResumesAsOne() throws Exception {
    ResumableUpload paused = pauseAfter(2, new ArrayList<>());
    Path journal = dir.resolve("paused.journal.json");
    paused.writeTo(journal);

    UploadResult result = uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()).join();

    assertThat(result.upload().id()).isEqualTo(paused.uploadId());
    assertThat(server.upload(paused.uploadId()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
    assertThat(journal).doesNotExist();
  }

  @Test
  void aPausedUploadWhoseFilenameWasTamperedWithIsRefused() throws Exception {
    ResumableUpload paused = pauseAfter(1, new ArrayList<>());
    String json = paused.toJson().replace("\"filename\": \"pausable.bin\"", "\"filename\": \"a\\u001b[2Jb.bin\"");
    assertRefusedBeforeAnyRequest(ResumableUpload.fromJson(json))
        .hasMessage("filename contains the control character U+001B at index 1: use printable characters only");
  }

  @Test
  void onlyAFileCanBePausedAndACompletedUploadCannot() {
    UploadHandle bytes = uploader.start(UploadRequest.builder(TestFiles.randomBytes(MIB, 3), "a.bin", Purpose.USER_DATA)
        .build());
    assertThatThrownBy(bytes::pause).isInstanceOf(IllegalStateException.class)
        .hasMessage("only an upload of a file can be paused: bytes in memory or a stream cannot be read again by"
            + " another process; cancel() it instead");
    bytes.join();
    UploadHandle done = uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).build());
    UploadResult result = done.join();
    assertThatThrownBy(done::pause).isInstanceOf(IllegalStateException.class)
        .hasMessage("the upload completed before it could be paused: File " + result.fileId() + " holds it");
  }
}
