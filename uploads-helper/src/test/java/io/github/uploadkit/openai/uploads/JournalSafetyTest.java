package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals: nothing that is not ours is deleted or written through, one upload per journal, bad journals refused. */
class JournalSafetyTest {
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;
  Path journal;

  @BeforeEach
  void start() throws Exception {
    server = FakeUploadsServer.builder().start();
    uploader = FakeClients.fastUploader(server);
    file = TestFiles.randomFile(dir, "data.bin", 12L * MIB + 3, 12);
    journal = dir.resolve(".data.bin.openai-upload.json");
  }

  @AfterEach
  void stop() {
    uploader.close();
    server.close();
  }

  UploadRequest.Builder request() {
    return UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(1).journal(journal);
  }

  @Test
  void aFileThatIsNotAJournalIsNeverUsedAsOneAndLeftIntact() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
    assertThatThrownBy(() -> uploader.start(request().journal(notes).build()))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage(notes + " exists and is not a journal of this tool: choose another journal path (the file was left"
            + " as it is)");
    assertThatThrownBy(() -> io.github.uploadkit.openai.uploads.internal.UploadEngine.discardJournal(notes, id -> { }))
        .isInstanceOf(UploadValidationException.class).hasMessageContaining("only a journal of this tool is deleted");
    assertThatThrownBy(() -> io.github.uploadkit.openai.uploads.internal.UploadEngine.discardJournal(file, id -> { }))
        .isInstanceOf(UploadValidationException.class).hasMessageContaining("only a journal of this tool is deleted");
    assertThat(Files.readString(notes)).isEqualTo("my notes\n");
    assertThat(TestFiles.md5(file)).isEqualTo(TestFiles.md5(TestFiles.randomFile(dir, "copy.bin", 12L * MIB + 3, 12)));
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aLinkPlantedWhereTheTemporaryFileUsedToBeIsNeverFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "untouched\n");
    Files.createSymbolicLink(dir.resolve(journal.getFileName() + ".tmp"), victim);
    Path linkedJournal = dir.resolve("linked.json");
    Files.createSymbolicLink(linkedJournal, victim);

    UploadResult result = uploader.upload(request().build());

    assertThat(result.partIds()).hasSize(13);
    assertThat(Files.readString(victim)).isEqualTo("untouched\n");
    assertThatThrownBy(() -> uploader.start(request().journal(linkedJournal).build()))
        .hasMessageContaining("is not a journal of this tool");
    assertThat(Files.readString(victim)).isEqualTo("untouched\n");
    try (var left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp")
          && !name.equals(journal.getFileName() + ".tmp"));
    }
  }

  @Test
  void aSecondUploadWithTheSameJournalIsRefusedBeforeAnyRequest() throws Exception {
    server.addFault(Fault.on(Operation.ADD_PART).always().delay(Duration.ofSeconds(30)));
    UploadHandle first = uploader.start(request().build());
    while (!Files.exists(journal)) {
      Thread.sleep(5);
    }
    int requests = server.calls().size();

    assertThatThrownBy(() -> uploader.resume(request().build()))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage("another upload is using the journal " + journal + " (its lock in " + dir.resolve(".openai-uploads.lock")
            + " is held): wait for it to end, or stop it; nothing was sent")
        .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.JOURNAL_IN_USE);
    assertThat(server.calls()).hasSize(requests);
    first.cancel();
    assertThat(catchThrowableOfType(UploadException.class, first::join).cancelledOnServer()).isTrue();
    assertThat(journal).doesNotExist();
    server.clearFaults();
    UploadResult again = uploader.upload(request().build()); // the lock was released
    assertThat(again.partIds()).hasSize(13);
  }

  @Test
  void aSecondUploadOfThisProcessOrOneGivenTheLockFileIsRefusedWithoutLosingTheFirstOnesLockAndNothingIsLeftPerJournal() throws Exception {
    CountDownLatch created = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    UploadHandle first = uploader.start(request().listener(new UploadListener() {
      @Override
      public void onCreated(io.github.uploadkit.openai.client.model.Upload upload) {
        created.countDown();
        try {
          go.await(60, TimeUnit.SECONDS); // the first upload waits, holding its journal's lock
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).build());
    try {
      assertThat(created.await(60, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> uploader.resume(request().build()))
          .isInstanceOf(UploadValidationException.class).hasMessageContaining("another upload is using the journal");
      // the folder's lock file, given as a journal, is neither read nor written
      Path lockFile = dir.resolve(".openai-uploads.lock");
      assertThatThrownBy(() -> uploader.resume(request().journal(lockFile).build()))
          .hasMessage(lockFile + " is the lock file of the journals of its folder (or a link to one), so it is never"
              + " used as a journal: give the path of a journal");
      assertThatThrownBy(() -> uploader.start(request().journal(lockFile).build()))
          .hasMessageContaining(lockFile + " exists and is not a journal of this tool");
      assertThatThrownBy(() -> io.github.uploadkit.openai.uploads.internal.UploadEngine.discardJournal(lockFile, id -> { }))
          .hasMessageContaining("only a journal of this tool is deleted");
      assertThatThrownBy(() -> ResumableUpload.readFrom(journal).writeTo(lockFile))
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("is never used as a journal");
      // none of these refusals in this process dropped the first upload's OS lock: another process is refused too
      assertThat(lockTaker().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(lockTaker.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(3);
    } finally {
      go.countDown();
    }
    assertThat(first.join().partIds()).hasSize(13);

    assertThat(journal).doesNotExist();
    assertThat(lockTaker().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lockTaker.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    assertThat(uploader.upload(request().build()).partIds()).hasSize(13);
    try (var left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("data.bin", "child.log", ".openai-uploads.lock");
    }
    assertThat(dir.resolve(".openai-uploads.lock")).isEmptyFile();
  }

  private Process lockTaker;

  /** A child JVM that tries to take the journal's lock and releases it: exit 0 when free, 3 when held. */
  private Process lockTaker() throws java.io.IOException {
    lockTaker = ChildJvm.main(io.github.uploadkit.openai.uploads.internal.JournalLockMain.class)
        .output(dir.resolve("child.log"), null).start("try", journal.toString());
    return lockTaker;
  }

  @Test
  void anotherProcessHoldingTheJournalIsRefusedBeforeAnyRequest() throws Exception {
    FakeUploadsServer slow = FakeUploadsServer.builder().bandwidthPerConnection(200_000).start();
    Process child = ChildJvm.main(ResumableUploadMain.class).env("OPENAI_API_KEY", slow.apiKey())
        .output(dir.resolve("child.log"), null).start(slow.baseUrl(), file.toString(), journal.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(journal) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      assertThatThrownBy(() -> uploader.resume(UploadRequest.builder(file, Purpose.USER_DATA).journal(journal).build()))
          .isInstanceOf(UploadValidationException.class).hasMessageContaining("another upload is using the journal");
      assertThat(server.calls()).isEmpty();
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      slow.close();
    }
  }

  @Test
  void aFifoOrAHugeFileGivenAsAJournalIsRefusedAtOnce() throws Exception {
    Path fifo = dir.resolve("fifo.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> uploader.resume(request().journal(fifo).build()))
        .hasMessage(fifo + " is not a regular file, so it is not a journal of this tool: give the path of a journal");

    Path huge = dir.resolve("huge.json");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(300L * MIB);
    }
    assertThatThrownBy(() -> uploader.resume(request().journal(huge).build()))
        .hasMessage(huge + " has " + 300L * MIB + " bytes, more than a journal of this tool ever has ("
            + JournalFile.MAX_BYTES + "): give the path of a journal");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aResumeAfterAnEditOutsideTheSampledRegionsIsRefusedBeforeAnyPart() throws Exception {
    server.addFault(Fault.on(Operation.ADD_PART).requests(3, 1000).respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    UploadException failed = catchThrowableOfType(UploadException.class, () -> uploader.upload(request().build()));
    server.clearFaults();
    assertThat(JournalFile.read(journal).parts()).containsOnlyKeys(1, 2);
    FileTime modified = Files.getLastModifiedTime(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {42, 42, 42}), 500_000); // part 1, between sampled regions
    }
    Files.setLastModifiedTime(file, modified);
    int partRequests = server.requestCount(Operation.ADD_PART);

    assertThatThrownBy(() -> uploader.resume(request().build()))
        .isInstanceOf(UploadValidationException.class)
        .hasMessageStartingWith("cannot resume Upload " + failed.uploadId().orElseThrow() + ": part 1 (bytes 0 to 1048575) of "
            + file + " is not what was sent (CRC32C ");
    assertThat(server.requestCount(Operation.ADD_PART)).isEqualTo(partRequests);
  }
  @Test
  void noJournalOutlivesACompletedUploadWhicheverPartEndsLast() throws Exception {
    // parts end on several threads at once: a part stored first but recorded last must not write the
    // journal again after the completion removed it
    Path small = TestFiles.randomFile(dir, "small.bin", 64 * 1024, 7);
    Path smallJournal = dir.resolve(".small.bin.openai-upload.json");
    for (int round = 0; round < 150; round++) {
      UploadResult result = uploader.upload(UploadRequest.builder(small, Purpose.USER_DATA).partSize(8 * 1024)
          .concurrency(8).journal(smallJournal).build());
      assertThat(result.partIds()).hasSize(8);
      assertThat(smallJournal).as("round %d", round).doesNotExist();
    }
  }
}
