package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A content check that fails stops the upload and cancels the Upload before it can complete. */
class ContentCheckUploadTest {
  static final int PART = 64 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;

  @BeforeEach
  void start() {
    server = FakeUploadsServer.builder().bandwidthPerConnection(2_000_000).start();
    uploader = Uploader.create(FakeClients.of(server));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String batch(int lines, int brokenLine) {
    return IntStream.rangeClosed(1, lines).mapToObj(i -> i == brokenLine ? "{\"custom_id\": \"r" + i + "\", oops}\n"
        : "{\"custom_id\":\"r" + i + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"input\":\"text " + i
            + "\"}}\n").collect(Collectors.joining());
  }

  @Test
  void aBrokenLineInAManyPartFileCancelsTheUpload() throws IOException {
    Path file = dir.resolve("requests.jsonl");
    Files.writeString(file, batch(20_000, 12_345));
    // parts after the first two wait at the server, so the scan finds the broken line first however slowly it runs
    server.addFault(Fault.on(Operation.ADD_PART).requests(3, Integer.MAX_VALUE).delay(Duration.ofSeconds(10)));

    UploadException e = catchThrowableOfType(UploadException.class,
        () -> uploader.upload(UploadRequest.builder(file, Purpose.BATCH).partSize(PART).concurrency(2).build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.CONTENT_INVALID);
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(e.getMessage()).contains("the content checks failed: 1 problem found in 20000 lines:",
        "line 12345 (byte ", "the line is not valid JSON");
    assertThat(e).isInstanceOf(ContentCheckException.class);
    ContentReport report = ((ContentCheckException) e).report();
    assertThat(report.problems()).extracting(ContentReport.Problem::line).containsExactly(12_345L);
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
    long parts = (Files.size(file) + PART - 1) / PART;
    assertThat(server.requestCount(Operation.ADD_PART)).isLessThan((int) parts); // it stopped sending early
  }

  @Test
  void aSinglePartFileIsCheckedBeforeAnyUploadIsCreated() throws IOException {
    Path file = dir.resolve("small.jsonl");
    Files.writeString(file, batch(10, 3));
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.of(file, Purpose.BATCH)));
    assertThat(e.reason()).isEqualTo(UploadException.Reason.CONTENT_INVALID);
    assertThat(e.uploadId()).isEmpty();
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aManyPartFileWhoseFirstBytesAreNotItsTypeIsRefusedBeforeAnyRequest() throws IOException {
    Path file = dir.resolve("img.png");
    try (java.io.RandomAccessFile zeros = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      zeros.setLength(40L * PART);
    }
    UploadRequest request = UploadRequest.builder(file, Purpose.VISION).partSize(PART).build();

    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request));

    assertThat(e).isInstanceOf(ContentCheckException.class);
    assertThat(e.reason()).isEqualTo(UploadException.Reason.CONTENT_INVALID);
    assertThat(e.serverState()).isEqualTo(UploadException.ServerState.NOT_CREATED);
    assertThat(e.getMessage()).isEqualTo("Upload (not created) was stopped: the content checks failed: 1 problem"
        + " found:" + System.lineSeparator() + "  byte 0: the file's bytes are application/octet-stream, not the image/png it is"
        + " sent as: send its real type, or check that it is the right file");
    assertThat(((ContentCheckException) e).report()).isEqualTo(uploader.check(request));
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aManyPartFileWithABrokenFirstLineIsRefusedBeforeAnyRequest() throws IOException {
    Path file = dir.resolve("requests.jsonl");
    Files.writeString(file, batch(20_000, 5));

    UploadException e = catchThrowableOfType(UploadException.class,
        () -> uploader.upload(UploadRequest.builder(file, Purpose.BATCH).partSize(PART).build()));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.CONTENT_INVALID);
    assertThat(e.getMessage()).contains("the content checks failed: 1 problem found:", "line 5 (byte ",
        "the line is not valid JSON");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aStreamIsCheckedAsItIsReadAndCancelledBeforeCompletion() {
    byte[] bytes = batch(5_000, 4_999).getBytes(StandardCharsets.UTF_8);
    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.builder(
        new ByteArrayInputStream(bytes), bytes.length, "stream.jsonl", Purpose.BATCH).partSize(PART).build()));
    assertThat(e.reason()).isEqualTo(UploadException.Reason.CONTENT_INVALID);
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(server.requestCount(Operation.COMPLETE)).isZero();
  }

  @Test
  void aCleanFileUploadsAndChecksCanBeTurnedOff() throws IOException {
    Path clean = dir.resolve("clean.jsonl");
    Files.writeString(clean, batch(3_000, 0));
    UploadResult result = uploader.upload(UploadRequest.builder(clean, Purpose.BATCH).partSize(PART).build());
    assertThat(server.upload(result.upload().id()).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(clean));

    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, batch(3_000, 7));
    UploadResult unchecked = uploader.upload(UploadRequest.builder(broken, Purpose.BATCH).partSize(PART)
        .contentChecks(false).build());
    assertThat(server.upload(unchecked.upload().id()).orElseThrow().status()).isEqualTo("completed");
  }

  @Test
  void checkRunsTheChecksAloneWithNoNetwork() throws IOException {
    Path file = dir.resolve("offline.jsonl");
    Files.writeString(file, batch(100, 42));
    ContentReport report = uploader.check(UploadRequest.of(file, Purpose.BATCH));
    assertThat(report.problemCount()).isEqualTo(1);
    assertThat(report.problems().get(0).line()).isEqualTo(42);
    assertThat(server.calls()).isEmpty();
  }
}
