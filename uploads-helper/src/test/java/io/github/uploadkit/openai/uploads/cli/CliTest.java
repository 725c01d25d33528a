package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUpload;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool run in-process: outputs, exit codes, and never the key. */
class CliTest {
  static final String KEY = "sk-cli-test-secret-0123456789abcdef";

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Path file;
  final List<String> outputs = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().apiKey(KEY).start();
    file = TestFiles.randomFile(dir, "train.bin", 3 * 1024 * 1024 + 5, 3);
  }

  @AfterEach
  void stop() {
    server.close();
    assertThat(outputs).allSatisfy(text -> assertThat(text).doesNotContain(KEY));
  }

  ToolRun run(Map<String, String> env, String... args) {
    ToolRun run = ToolRun.of(env, args);
    outputs.add(run.out());
    outputs.add(run.err());
    return run;
  }

  ToolRun run(String... args) {
    return run(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl()), args);
  }

  @Test
  void restartAtAFileThatIsNotAJournalRefusesAndLeavesItIntact() throws IOException {
    Path notes = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "my notes\n");
    ToolRun run = run("upload", file.toString(), "--purpose", "user_data", "--journal", notes.toString(), "--restart");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("openai-uploads: " + notes + " is not a journal of this tool, so it was left as it"
        + " is (only a journal of this tool is deleted): give the path of a journal, or start without --restart"
        + System.lineSeparator());
    assertThat(java.nio.file.Files.readString(notes)).isEqualTo("my notes\n");
    for (String other : new String[] {"--resume", "--no-check"}) {
      ToolRun refused = run("upload", file.toString(), "--purpose", "user_data", "--journal", notes.toString(), other);
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).contains(notes.toString()).contains("is not a journal of this tool")
          .doesNotContain("setLenient");
    }
    assertThat(java.nio.file.Files.readString(notes)).isEqualTo("my notes\n");
    assertThat(dir.resolve(".openai-uploads.lock")).as("no lock is taken on what is not a journal").doesNotExist();
    ToolRun sameFile = run("upload", file.toString(), "--purpose", "user_data", "--journal", file.toString(), "--restart");
    assertThat(sameFile.code()).isEqualTo(2);
    assertThat(file).hasSize(3 * 1024 * 1024 + 5);
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void printsTheFileIdAndNothingElseOnStandardOutput() throws IOException {
    ToolRun run = run("upload", file.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--concurrency", "2");

    assertThat(run.code()).as(run.err()).isZero();
    FakeUpload stored = server.uploads().get(0);
    assertThat(run.out()).isEqualTo(stored.fileId() + System.lineSeparator());
    assertThat(stored.assembledMd5()).isEqualTo(TestFiles.md5(file)).isEqualTo(stored.md5Sent());
    assertThat(stored.partsReceived()).isEqualTo(4);
    assertThat(run.err()).contains("train.bin: 100%, 3.0 MiB of 3.0 MiB").contains("parts 4/4").doesNotContain("retries");
  }

  @Test
  void jsonPrintsTheWholeFile() throws IOException {
    ToolRun run = run("upload", file.toString(), "--purpose", "user_data", "--json", "--quiet", "--no-md5",
        "--expires-after", "2h", "--filename", "renamed.bin");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    OpenAIFile parsed = OpenAiClient.builder().apiKey("x").build().moshi().adapter(OpenAIFile.class).fromJson(run.out());
    assertThat(parsed.filename()).isEqualTo("renamed.bin");
    assertThat(parsed.bytes()).isEqualTo(3 * 1024 * 1024 + 5);
    assertThat(parsed.expiresAt()).isEqualTo(parsed.createdAt() + 7200);
    assertThat(server.uploads().get(0).md5Sent()).isNull();
  }

  @Test
  void fakeRunsOfflineWithNoKey() {
    ToolRun run = run(Map.of(), "upload", file.toString(), "--purpose", "user_data", "--fake");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches("file-[0-9a-f]{24}\\R");
    assertThat(run.err()).startsWith("Using the embedded fake Uploads server at http://127.0.0.1:");
  }

  @Test
  void usageAndValidationErrorsExitWith2AndSendNothing() {
    assertThat(run("upload", dir.resolve("nope.bin").toString(), "--purpose", "user_data"))
        .isEqualTo(new ToolRun(2, "", "openai-uploads: file " + dir.resolve("nope.bin") + " does not exist" + System.lineSeparator()));
    assertThat(run("upload", file.toString(), "--purpose", "training").err())
        .isEqualTo("openai-uploads: purpose 'training' is not one of assistants, batch, fine-tune, vision, user_data, evals"
            + System.lineSeparator());
    assertThat(run("upload", file.toString(), "--purpose", "user_data", "--part-size", "12XB").err())
        .startsWith("openai-uploads: Invalid value for option '--part-size': '12XB' is not a size");
    assertThat(run("upload", file.toString(), "--purpose", "user_data", "--part-size", "65MiB").err())
        .contains("--part-size must be 1 to 67108864 bytes (64MiB at most), but was 68157440");
    assertThat(run("upload", file.toString(), "--purpose", "user_data", "--expires-after", "10m").err())
        .contains("--expires-after must be 3600 to 2592000 seconds (1h to 30d), but was 600");
    assertThat(run("upload", file.toString(), "--purpose", "user_data", "--concurrency", "0").code()).isEqualTo(2);
    assertThat(run("upload", file.toString()).err()).contains("Missing required option: '--purpose=P'");
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run(Map.of(), "upload", file.toString(), "--purpose", "user_data"))
        .isEqualTo(new ToolRun(2, "", "openai-uploads: OPENAI_API_KEY is not set: export your API key first"
            + " (or add --fake to try the tool offline)" + System.lineSeparator()));
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void anApiErrorExitsWith3() {
    ToolRun run = run(Map.of("OPENAI_API_KEY", "sk-wrong-key-987654321"), "upload", file.toString(), "--purpose", "user_data",
        "--base-url", server.baseUrl(), "--verbose");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("openai-uploads: the upload failed after 1 attempt: POST /v1/uploads failed"
        + " with HTTP 401: Incorrect API key provided.").contains("(check OPENAI_API_KEY: the API did not accept the key)")
        .contains("\tat ").doesNotContain("sk-wrong-key-987654321");

    ToolRun cancel = run(Map.of("OPENAI_API_KEY", "sk-wrong-key-987654321"), "cancel", "upload_abc", "--base-url",
        server.baseUrl());
    assertThat(cancel.code()).isEqualTo(3);
    assertThat(cancel.err()).endsWith("(check OPENAI_API_KEY: the API did not accept the key)" + System.lineSeparator());
  }

  @Test
  void networkFailuresAndExhaustedRetriesExitWith4() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ToolRun refused = run("upload", file.toString(), "--purpose", "user_data", "--max-retries", "0",
        "--base-url", "http://127.0.0.1:" + closedPort + "/v1");
    assertThat(refused.code()).isEqualTo(4);
    assertThat(refused.err()).startsWith("openai-uploads: the upload gave up after 1 attempt: Failed to connect");

    server.addFault(Fault.on(Operation.ADD_PART).always().respond(500));
    ToolRun exhausted = run("upload", file.toString(), "--purpose", "user_data", "--max-retries", "1", "--quiet");
    assertThat(exhausted.code()).isEqualTo(4);
    assertThat(exhausted.err()).contains("openai-uploads: the Upload upload_").contains("gave up at part")
        .contains("(the Upload was cancelled on the server)");
    assertThat(server.uploads().get(0).status()).isEqualTo("cancelled");
  }

  @Test
  void cancelCancelsAPendingUpload() throws IOException {
    OpenAiClient client = OpenAiClient.builder().apiKey(KEY).baseUrl(server.baseUrl()).build();
    Upload upload = client.execute(client.uploads().createUpload(CreateUploadRequest.builder().filename("a.bin")
        .purpose(CreateUploadRequest.PurposeEnum.BATCH).bytes(10L).mimeType("text/jsonl").build()));

    assertThat(run("cancel", upload.id())).isEqualTo(new ToolRun(0, upload.id() + " cancelled" + System.lineSeparator(), ""));
    assertThat(server.upload(upload.id()).orElseThrow().status()).isEqualTo("cancelled");
    ToolRun missing = run("cancel", "upload_missing");
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).contains("HTTP 404: No Upload found with id 'upload_missing'.");
  }

  @Test
  void aBatchFileOverTheBatchApisLimitsIsRefusedBeforeTheUploadStarts() throws IOException {
    Path batch = dir.resolve("many.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i <= BatchLimits.MAX_REQUESTS; i++) {
      lines.append("{\"custom_id\":\"r").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}\n");
    }
    java.nio.file.Files.writeString(batch, lines);
    ToolRun tooMany = run("upload", batch.toString(), "--purpose", "batch");
    assertThat(tooMany.code()).isEqualTo(2);
    assertThat(tooMany.err()).isEqualTo("openai-uploads: " + batch + " has 50001 requests (lines): a batch input file"
        + " may have at most 50000; split it into files of at most 50000 lines, one batch each; nothing was sent"
        + System.lineSeparator());

    Path big = dir.resolve("big.jsonl");
    try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      sparse.setLength(BatchLimits.MAX_BYTES + 1);
    }
    ToolRun tooBig = run("upload", big.toString(), "--purpose", "batch");
    assertThat(tooBig.code()).isEqualTo(2);
    assertThat(tooBig.err()).startsWith("openai-uploads: " + big + " has 200000001 bytes: a batch input file may have"
        + " at most 200000000 (200 MB)");
    assertThat(server.calls()).isEmpty();
    assertThat(run("upload", batch.toString(), "--purpose", "batch", "--no-check", "-q").code()).isZero();
  }

  @Test
  void checkReportsABrokenBatchLineByNumberOffline() throws IOException {
    Path batch = dir.resolve("batch.jsonl");
    java.nio.file.Files.writeString(batch, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
        + "\"body\":{}}\n{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}\n");
    ToolRun broken = run(Map.of(), "check", batch.toString(), "--purpose", "batch");
    assertThat(broken).isEqualTo(new ToolRun(2, "", batch + ": 1 problem found in 2 lines:" + System.lineSeparator()
        + "  line 2 (byte 132): the line ends before its JSON value does" + System.lineSeparator()));

    ToolRun refused = run("upload", batch.toString(), "--purpose", "batch", "--quiet");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("line 2 (byte 132): the line ends before its JSON value does")
        .endsWith("openai-uploads: fix the lines listed, or upload the file without the checks with --no-check"
            + System.lineSeparator());
    assertThat(server.calls()).isEmpty(); // one part: checked before the Upload is created

    java.nio.file.Files.writeString(batch, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
        + "\"body\":{}}\n");
    assertThat(run(Map.of(), "check", batch.toString(), "--purpose", "batch"))
        .isEqualTo(new ToolRun(0, batch + ": no problems found in 1 lines" + System.lineSeparator(), ""));
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void helpAndVersion() {
    assertThat(System.getProperty("project.version")).isNotBlank();
    assertThat(run("--version")).isEqualTo(new ToolRun(0, "openai-uploads " + System.getProperty("project.version")
        + System.lineSeparator(), ""));
    assertThat(run("upload", "--help").out()).contains("--part-size=SIZE", "--expires-after=DURATION", "--fake");
  }
}
