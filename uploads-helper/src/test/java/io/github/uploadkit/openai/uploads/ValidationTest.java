package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule refuses with a precise message before any request reaches the server. */
class ValidationTest {
  @TempDir
  static Path dir;
  static FakeUploadsServer server;
  static Uploader uploader;
  static Path ok;

  @BeforeAll
  static void start() throws IOException {
    server = FakeUploadsServer.builder().start();
    uploader = Uploader.create(FakeClients.of(server));
    ok = TestFiles.randomFile(dir, "ok.jsonl", 1000, 1);
    TestFiles.randomFile(dir, "image.png", 1000, 2);
    TestFiles.randomFile(dir, "notes.xyz", 1000, 3);
    Files.createFile(dir.resolve("empty.jsonl"));
    Files.createDirectory(dir.resolve("folder.jsonl"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Arguments bad(String field, Function<Path, UploadRequest> request, String message) {
    return Arguments.of(field, request, message);
  }

  static Stream<Arguments> badRequests() {
    byte[] data = new byte[100];
    return Stream.of(
        bad("size", d -> UploadRequest.of(d.resolve("empty.jsonl"), Purpose.BATCH),
            "file " + dir.resolve("empty.jsonl") + " is empty: an upload needs at least 1 byte"),
        bad("size", d -> UploadRequest.builder(new byte[0], "a.jsonl", Purpose.BATCH).build(),
            "the byte buffer is empty: an upload needs at least 1 byte"),
        bad("size", d -> UploadRequest.builder(new ByteArrayInputStream(data), 8_589_934_593L, "a.jsonl", Purpose.BATCH).build(),
            "the stream has 8589934593 bytes (8.0 GiB), more than the 8589934592 bytes (8 GiB) an Upload accepts"),
        bad("length", d -> UploadRequest.builder(new ByteArrayInputStream(data), -1, "a.jsonl", Purpose.BATCH).build(),
            "stream length -1 is negative: give the exact number of bytes the stream holds, 1 to 8589934592"),
        bad("path", d -> UploadRequest.of(d.resolve("missing.jsonl"), Purpose.BATCH),
            "file " + dir.resolve("missing.jsonl") + " does not exist"),
        bad("path", d -> UploadRequest.of(d.resolve("folder.jsonl"), Purpose.BATCH),
            dir.resolve("folder.jsonl") + " is a directory: give a regular file"),
        bad("partSize", d -> UploadRequest.builder(ok, Purpose.BATCH).partSize(0).build(),
            "part size 0 bytes is not allowed: it must be 1 to 67108864 bytes (64 MiB)"),
        bad("partSize", d -> UploadRequest.builder(ok, Purpose.BATCH).partSize(-5).build(),
            "part size -5 bytes is not allowed: it must be 1 to 67108864 bytes (64 MiB)"),
        bad("partSize", d -> UploadRequest.builder(ok, Purpose.BATCH).partSize(64L * 1024 * 1024 + 1).build(),
            "part size 67108865 bytes is not allowed: it must be 1 to 67108864 bytes (64 MiB)"),
        bad("partSize", d -> UploadRequest.builder(new ByteArrayInputStream(data), 1_000_000, "a.jsonl", Purpose.BATCH)
                .partSize(10).build(),
            "part size 10 bytes would cut 1000000 bytes into 100000 parts, more than the 10000 allowed: use at"
                + " least 100 bytes per part, or leave it automatic"),
        bad("purpose", d -> UploadRequest.of(ok, null),
            "purpose is required: one of assistants, batch, fine-tune, vision, user_data, evals"),
        bad("mimeType", d -> UploadRequest.builder(ok, Purpose.BATCH).mimeType("application/pdf").build(),
            "MIME type application/pdf is not accepted for purpose batch: allowed are application/jsonl,"
                + " application/x-ndjson, text/jsonl"),
        bad("mimeType", d -> UploadRequest.builder(d.resolve("image.png"), Purpose.VISION).mimeType("image/jpeg").build(),
            "MIME type image/jpeg contradicts the extension .png of 'image.png', which means image/png"),
        bad("mimeType", d -> UploadRequest.of(d.resolve("image.png"), Purpose.FINE_TUNE),
            "'image.png' is image/png, which purpose fine-tune does not accept: allowed extensions are jsonl"),
        bad("mimeType", d -> UploadRequest.of(d.resolve("notes.xyz"), Purpose.VISION),
            "the MIME type of 'notes.xyz' cannot be inferred from its extension: purpose vision accepts the"
                + " extensions gif, jpeg, jpg, png, webp, or give a MIME type"),
        bad("mimeType", d -> UploadRequest.builder(ok, Purpose.BATCH).mimeType("jsonl").build(),
            "MIME type 'jsonl' is not of the form type/subtype, for example text/jsonl"),
        bad("filename", d -> UploadRequest.builder(data, "  ", Purpose.BATCH).build(),
            "filename is blank: give the name the File should have, for example data.jsonl"),
        bad("filename", d -> UploadRequest.builder(data, null, Purpose.BATCH).build(),
            "filename is blank: give the name the File should have, for example data.jsonl"),
        bad("filename", d -> UploadRequest.builder(ok, Purpose.BATCH).filename("../etc/x.jsonl").build(),
            "filename '../etc/x.jsonl' contains a path separator: give a plain name such as x.jsonl"),
        bad("filename", d -> UploadRequest.builder(ok, Purpose.BATCH).filename("a\\b.jsonl").build(),
            "filename 'a\\b.jsonl' contains a path separator: give a plain name such as b.jsonl"),
        bad("filename", d -> UploadRequest.builder(ok, Purpose.BATCH).filename("a\nb.jsonl").build(),
            "filename contains the control character U+000A at index 1: use printable characters only"),
        bad("expiresAfter", d -> UploadRequest.builder(ok, Purpose.BATCH).expiresAfter(Duration.ofSeconds(3599)).build(),
            "expires_after of 3599 seconds is not allowed: it must be a whole number of seconds from 3600 (1 hour)"
                + " to 2592000 (30 days)"),
        bad("expiresAfter", d -> UploadRequest.builder(ok, Purpose.BATCH).expiresAfter(Duration.ofDays(31)).build(),
            "expires_after of 2678400 seconds is not allowed: it must be a whole number of seconds from 3600 (1 hour)"
                + " to 2592000 (30 days)"),
        bad("concurrency", d -> UploadRequest.builder(ok, Purpose.BATCH).concurrency(0).build(),
            "concurrency 0 is not allowed: it must be 1 to 16"),
        bad("concurrency", d -> UploadRequest.builder(ok, Purpose.BATCH).concurrency(17).build(),
            "concurrency 17 is not allowed: it must be 1 to 16"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badRequests")
  void refusedBeforeAnyRequest(String field, Function<Path, UploadRequest> request, String message) {
    int before = server.calls().size();
    assertThatThrownBy(() -> uploader.start(request.apply(dir)))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((UploadValidationException) e).field()).isEqualTo(field));
    assertThat(server.calls()).hasSize(before);
    assertThat(server.uploads()).isEmpty();
  }

  @Test
  void aFileWhoseNameIsNotUtf8IsRefusedNotSentWithItsBytesReplaced() throws IOException {
    Path bad = Path.of(java.net.URI.create(dir.toUri() + "bad%FF%FE.jsonl"));
    Files.writeString(bad, "{}\n");
    int before = server.calls().size();

    assertThatThrownBy(() -> uploader.start(UploadRequest.of(bad, Purpose.USER_DATA)))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage("the name of " + bad + " is not UTF-8 (byte 0xff at index 3), and the API takes UTF-8 names only:"
            + " give the File a name (filename, or --filename in the tool), or rename the file");
    assertThat(server.calls()).hasSize(before);
    assertThat(uploader.validate(UploadRequest.builder(bad, Purpose.USER_DATA).filename("good.jsonl").build()))
        .hasToString("good.jsonl: 3 bytes, text/jsonl, purpose user_data, 1 part(s) of up to 3 bytes,"
            + " concurrency 4, md5 on");
    Path accented = Files.writeString(dir.resolve("caf\u00e9.jsonl"), "{}\n");
    assertThat(uploader.validate(UploadRequest.of(accented, Purpose.USER_DATA)).filename()).isEqualTo("caf\u00e9.jsonl");
  }

  @Test
  void anUnknownPurposeNameIsRefused() {
    assertThatThrownBy(() -> Purpose.fromValue("training"))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage("purpose 'training' is not one of assistants, batch, fine-tune, vision, user_data, evals");
  }

  @Test
  void validRequestsAreDescribedWithTheirPlan() throws IOException {
    UploadPlan plan = uploader.validate(UploadRequest.of(ok, Purpose.BATCH));
    assertThat(plan).isEqualTo(new UploadPlan("ok.jsonl", 1000, "text/jsonl", Purpose.BATCH, 1, 1000, 4, true));
    assertThat(plan).hasToString(
        "ok.jsonl: 1000 bytes, text/jsonl, purpose batch, 1 part(s) of up to 1000 bytes, concurrency 4, md5 on");
    assertThat(uploader.validate(UploadRequest.builder(dir.resolve("notes.xyz"), Purpose.USER_DATA).build()).mimeType())
        .isEqualTo("application/octet-stream");
    assertThat(uploader.validate(UploadRequest.builder(ok, Purpose.BATCH).mimeType("application/x-ndjson").build())
        .mimeType()).isEqualTo("application/x-ndjson");
    Path pdf = TestFiles.randomFile(dir, "Report.PDF", 10, 4);
    assertThat(uploader.validate(UploadRequest.of(pdf, Purpose.ASSISTANTS)).mimeType()).isEqualTo("application/pdf");
    assertThat(server.calls()).isEmpty();
  }
}
