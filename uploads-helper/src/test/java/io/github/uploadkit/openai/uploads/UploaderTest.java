package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploads of every source kind arrive byte for byte, whatever their size against the part size. */
class UploaderTest {
  static final int PART = 64 * 1024;

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Uploader uploader;

  @BeforeEach
  void start() {
    server = FakeUploadsServer.builder().start();
    OpenAiClient client = FakeClients.of(server);
    uploader = Uploader.create(client);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, PART - 1, PART, PART + 1, 10 * PART + 17})
  void aFileArrivesWithTheSameMd5(int size) throws Exception {
    Path file = TestFiles.randomFile(dir, "data.bin", size, size);

    UploadResult result = uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(PART).build());

    FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo("completed");
    assertThat(stored.assembledSize()).isEqualTo(size);
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file)).isEqualTo(result.md5());
    assertThat(stored.md5Sent()).isEqualTo(result.md5());
    assertThat(result.partIds()).hasSize((size + PART - 1) / PART);
    assertThat(result.file().bytes()).isEqualTo(size);
    assertThat(result.fileId()).startsWith("file-");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, PART + 1, 5 * PART - 3})
  void bytesBuffersAndStreamsArriveWithTheSameMd5(int size) {
    byte[] bytes = TestFiles.randomBytes(size, 42);
    String expected = TestFiles.md5(bytes);

    UploadResult fromBytes = uploader.upload(UploadRequest.builder(bytes, "a.bin", Purpose.USER_DATA)
        .partSize(PART).build());
    ByteBuffer window = ByteBuffer.allocate(size + 10).position(5);
    window.put(bytes).flip().position(5);
    UploadResult fromBuffer = uploader.upload(UploadRequest.builder(window, "b.bin", Purpose.USER_DATA)
        .partSize(PART).build());
    UploadResult fromStream = uploader.upload(UploadRequest.builder(new ByteArrayInputStream(bytes), size,
        "c.bin", Purpose.USER_DATA).partSize(PART).concurrency(3).build());

    for (UploadResult result : new UploadResult[] {fromBytes, fromBuffer, fromStream}) {
      FakeUpload stored = server.upload(result.upload().id()).orElseThrow();
      assertThat(stored.assembledMd5()).isEqualTo(expected);
      assertThat(result.md5()).isEqualTo(expected);
      assertThat(stored.assembledSize()).isEqualTo(size);
    }
  }
}
