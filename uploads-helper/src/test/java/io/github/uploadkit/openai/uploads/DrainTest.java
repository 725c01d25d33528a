package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drain stops taking uploads, lets running ones finish within its deadline, then cancels or pauses the rest. */
class DrainTest {
  static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  /** Starts uploads of {@code count} new files of {@code size} bytes, one part at a time each. */
  private List<UploadHandle> startFiles(Uploader uploader, int count, long size) throws IOException {
    List<UploadHandle> handles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = TestFiles.randomFile(dir, "file" + i + ".bin", size, i);
      handles.add(uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).partSize(MIB).concurrency(1).build()));
    }
    return handles;
  }

  @Test
  void runningUploadsFinishWithinTheDeadlineAndNewOnesAreRefused() throws IOException {
    server = FakeUploadsServer.builder().latency(Duration.ofMillis(20)).start();
    Uploader uploader = FakeClients.fastUploader(server);
    List<UploadHandle> handles = startFiles(uploader, 5, 3L * MIB + 1);

    DrainResult drained;
    try (LogCapture log = LogCapture.start()) {
      drained = uploader.close(Duration.ofSeconds(60));
      assertThat(log.messages()).anyMatch(line -> line.matches("drained in \\d+ ms: of 5 uploads running, 5 ended in"
          + " time, 0 were cancelled and 0 paused at the deadline"));
    }

    assertThat(drained).isEqualTo(new DrainResult(5, 0, 0, List.of()));
    assertThat(handles).allSatisfy(handle -> assertThat(handle.completionFuture()).isCompleted());
    assertThat(server.uploads()).extracting(upload -> upload.status()).containsOnly("completed").hasSize(5);
    assertThatThrownBy(() -> uploader.start(UploadRequest.of(dir.resolve("file0.bin"), Purpose.USER_DATA)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the uploader is closed or draining (close() was called), so it takes no new uploads: start them on"
            + " another Uploader");
    assertThat(uploader.close(Duration.ofSeconds(1))).isEqualTo(new DrainResult(0, 0, 0, List.of()));
  }

  @Test
  void uploadsStillRunningAtTheDeadlineAreCancelledOnTheServer() throws IOException {
    server = FakeUploadsServer.builder().bandwidthPerConnection(1_000_000).start();
    Uploader uploader = FakeClients.fastUploader(server);
    List<UploadHandle> handles = startFiles(uploader, 2, 8L * MIB);
    for (long deadline = System.nanoTime() + 10_000_000_000L; handles.stream().anyMatch(h -> h.progress().bytesSent() == 0)
        && System.nanoTime() < deadline; ) {
      Thread.onSpinWait(); // until each upload sends a part
    }
    UploaderStats running = uploader.stats();
    assertThat(running.uploadsRunning()).isEqualTo(2);
    assertThat(running.requestsInFlight()).isBetween(1, 2); // one part at a time each, both created
    assertThat(running.partsWaiting()).isBetween(10, 14); // of 16 parts: 2 in flight, few stored at 1 MB/s
    assertThat(running.uploadsStarted()).isEqualTo(2);

    DrainResult drained = uploader.close(Duration.ofMillis(300));

    assertThat(drained).isEqualTo(new DrainResult(0, 0, 2, List.of()));
    assertThat(handles).allSatisfy(handle -> assertThat(handle.completionFuture()).isCompletedExceptionally());
    assertThat(server.uploads()).extracting(upload -> upload.status()).containsOnly("cancelled").hasSize(2);
    assertThat(uploader.stats().uploadsCancelled()).isEqualTo(2);
  }

  @Test
  void uploadsStillRunningAtTheDeadlineArePausedAndResumedByAnotherUploader() throws IOException {
    // at 1 MB/s the 8 MiB ones cannot finish inside the 5 s deadline; the quick one, the only one to complete, is
    // held 2 s at its completion so that it is still running when the drain starts, and then has 3 s to spare
    server = FakeUploadsServer.builder().bandwidthPerConnection(1_000_000)
        .fault(Fault.on(Operation.COMPLETE).nth(1).delay(Duration.ofSeconds(2))).start();
    Uploader uploader = FakeClients.fastUploader(server);
    Path small = TestFiles.randomFile(dir, "small.bin", 1000, 9);
    UploadHandle inMemory = uploader.start(UploadRequest.builder(TestFiles.randomBytes(8 * MIB, 4), "memory.bin",
        Purpose.USER_DATA).partSize(MIB).concurrency(1).build());
    List<UploadHandle> handles = startFiles(uploader, 2, 8L * MIB);
    UploadHandle quick = uploader.start(UploadRequest.of(small, Purpose.USER_DATA));

    DrainResult drained = uploader.close(Duration.ofSeconds(5), Uploader.AfterDeadline.PAUSE);

    assertThat(quick.completionFuture()).isCompleted();
    assertThat(inMemory.completionFuture()).isCompletedExceptionally(); // bytes in memory cannot be paused: cancelled
    assertThat(drained.completed()).isEqualTo(1);
    assertThat(drained.cancelled()).isEqualTo(1);
    assertThat(drained.paused()).hasSize(2);
    for (ResumableUpload paused : drained.paused()) {
      assertThat(server.upload(paused.uploadId()).orElseThrow().status()).isEqualTo("pending");
    }
    assertThat(handles).allSatisfy(handle -> assertThat(handle.completionFuture()).isCompletedExceptionally());

    try (Uploader next = FakeClients.fastUploader(server)) {
      List<UploadHandle> resumed = new ArrayList<>();
      for (ResumableUpload paused : drained.paused()) {
        resumed.add(next.resume(ResumableUpload.fromJson(paused.toJson()))); // side by side, as they ran
      }
      for (int i = 0; i < resumed.size(); i++) {
        UploadResult result = resumed.get(i).join();
        assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5())
            .isEqualTo(TestFiles.md5(drained.paused().get(i).file()));
      }
    }
  }
}
