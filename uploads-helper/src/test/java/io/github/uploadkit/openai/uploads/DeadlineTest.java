package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deadline for the whole upload: when it passes, the upload fails and its Upload is cancelled. */
class DeadlineTest {
  private static final int PART = 256 * 1024;

  @TempDir
  Path dir;
  private final FakeUploadsServer server = FakeUploadsServer.builder().latency(Duration.ofMillis(200)).start();
  private final Uploader uploader = Uploader.create(FakeClients.of(server));

  @AfterEach
  void stop() {
    uploader.close();
    server.close();
  }

  @Test
  void anUploadPastItsDeadlineFailsNamingItAndItsUploadIsCancelled() throws IOException {
    Path file = TestFiles.randomFile(dir, "slow.bin", 8L * PART, 1);
    UploadRequest request = UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).concurrency(1)
        .deadline(Duration.ofMillis(700)).build();

    UploadException e = catchThrowableOfType(UploadException.class, () -> uploader.upload(request));

    assertThat(e.reason()).isEqualTo(UploadException.Reason.DEADLINE_PASSED);
    assertThat(e.getMessage()).contains("ran out of time").contains("its deadline of PT0.7S (UploadRequest.deadline) passed")
        .contains("(the Upload was cancelled on the server)");
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(uploader.runningUploads()).isZero();
  }

  @Test
  void anUploadWithinItsDeadlineCompletes() throws IOException {
    Path file = TestFiles.randomFile(dir, "quick.bin", 2L * PART, 2);
    UploadResult result = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART)
        .deadline(Duration.ofMinutes(1)).build());
    assertThat(server.upload(result.upload().id()).orElseThrow().status()).isEqualTo("completed");
  }

  @Test
  void aDeadlineThatIsNotPositiveIsRefusedBeforeAnythingIsSent() throws IOException {
    Path file = TestFiles.randomFile(dir, "any.bin", 10, 3);
    assertThatThrownBy(() -> uploader.start(UploadRequest.builder(file, Purpose.USER_DATA).deadline(Duration.ZERO).build()))
        .isInstanceOf(UploadValidationException.class).hasMessage("deadline must be positive, but was PT0S");
    assertThat(server.calls()).isEmpty();
  }
}
