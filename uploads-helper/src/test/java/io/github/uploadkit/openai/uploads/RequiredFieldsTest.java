package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Responses the spec forbids (a 200 without a required id) are refused at once, and nothing is left pending. */
class RequiredFieldsTest {
  static final int PART = 256 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;
  Path file;

  @BeforeEach
  void start() throws Exception {
    server = FakeUploadsServer.builder().start();
    uploader = Uploader.create(FakeClients.of(server));
    file = TestFiles.randomFile(dir, "data.bin", 3L * PART, 3);
  }

  @AfterEach
  void stop() {
    uploader.close();
    server.close();
  }

  private UploadException uploadFails() {
    return catchThrowableOfType(UploadException.class, () -> uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA)
        .partSize(PART).build()));
  }

  @Test
  void aCreatedUploadWithoutIdIsRefusedNamingTheField() {
    server.addFault(Fault.on(Operation.CREATE).nth(1).respond(200, "{\"object\":\"upload\",\"bytes\":1,\"created_at\":1,"
        + "\"filename\":\"data.bin\",\"purpose\":\"user_data\",\"status\":\"pending\",\"expires_at\":2}"));
    UploadException e = uploadFails();
    assertThat(e.reason()).isEqualTo(UploadException.Reason.API_ERROR);
    assertThat(e.getCause()).isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("Required value 'id' missing or null at $");
    assertThat(e.uploadId()).isEmpty();
    assertThat(server.requestCount(Operation.ADD_PART)).isZero();
  }

  @Test
  void aStoredPartWithoutIdFailsTheUploadAndCancelsIt() {
    server.addFault(Fault.on(Operation.ADD_PART).nth(2).respond(200, "{\"object\":\"upload.part\",\"created_at\":1,"
        + "\"upload_id\":\"upload_x\"}"));
    UploadException e = uploadFails();
    assertThat(e.getMessage()).contains("Required value 'id' missing or null at $").doesNotContain("NullPointerException");
    assertThat(e.cancelledOnServer()).isTrue();
    assertThat(server.upload(e.uploadId().orElseThrow()).orElseThrow().status()).isEqualTo("cancelled");
  }

  @Test
  void aCompletionWithoutIdIsRefused() {
    server.addFault(Fault.on(Operation.COMPLETE).nth(1).respond(200, "{\"object\":\"upload\",\"bytes\":1,"
        + "\"created_at\":1,\"filename\":\"data.bin\",\"purpose\":\"user_data\",\"status\":\"completed\",\"expires_at\":2}"));
    UploadException e = uploadFails();
    assertThat(e.getMessage()).contains("Required value 'id' missing or null at $");
    assertThat(e.uploadId()).isPresent();
  }
}
