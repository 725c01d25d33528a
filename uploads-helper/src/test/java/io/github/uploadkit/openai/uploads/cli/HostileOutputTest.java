package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool against a hostile server or file tree: the key never shows, whatever field a server
 * puts it in; a path or a server's text cannot forge or break a line; names whose bytes are not
 * UTF-8 are shown escaped and refused before any request; a forged completion is not success; a
 * file named several ways is uploaded once; figures are those of the bytes sent.
 */
class HostileOutputTest {
  static final String KEY = "sk-hostile-output-0123456789abcdefghij";

  @TempDir
  Path dir;
  FakeToolServer tool;
  FakeUploadsServer server;

  @BeforeEach
  void start() {
    tool = new FakeToolServer(dir, KEY);
    server = tool.server;
  }

  @AfterEach
  void stop() {
    tool.close();
  }

  ToolRun run(String... args) {
    return tool.run(args);
  }

  /** Answers the next create with an Upload whose id carries the caller's key. */
  void createAnswersWithTheKeyInItsId(String filename, long bytes) {
    server.addFault(Fault.on(Operation.CREATE).nth(server.requestCount(Operation.CREATE) + 1).respond(200, "{\"id\":\"upload_" + KEY + "\",\"object\":\"upload\","
        + "\"bytes\":" + bytes + ",\"created_at\":1700000000,\"filename\":\"" + filename + "\",\"purpose\":\"assistants\","
        + "\"status\":\"pending\",\"expires_at\":4000000000}"));
  }

  @Test
  void aKeyInTheUploadIdTheServerChoseIsRedactedInPlainJsonAndVerboseOutput() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "alpha\n".repeat(1000));
    for (List<String> extra : List.of(List.<String>of(), List.of("--json"), List.of("--verbose"))) {
      server.clearFaults();
      createAnswersWithTheKeyInItsId("a.txt", Files.size(file));
      List<String> args = new java.util.ArrayList<>(List.of("upload", file.toString(), "--purpose", "assistants",
          "--no-journal", "--max-retries", "0"));
      args.addAll(extra);

      ToolRun run = run(args.toArray(String[]::new));

      assertThat(run.code()).as(run.err()).isNotZero();
      assertThat(run.err()).as("%s", extra).contains("Upload upload_[redacted] ");
      if (extra.contains("--json")) {
        assertThat(run.out()).contains("\"upload_id\":\"upload_[redacted]\"");
      }
      if (extra.contains("--verbose")) {
        assertThat(run.err()).contains("\tat ");
      }
    }
  }

  @Test
  void aKeyInTheUploadIdIsRedactedInTheResultLinesOfManyFiles() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Files.writeString(docs.resolve("b.txt"), "beta\n");
    createAnswersWithTheKeyInItsId("a.txt", 6);

    ToolRun run = run("upload", docs.toString(), "--purpose", "assistants", "--jobs", "1", "--json",
        "--max-retries", "0");

    assertThat(run.out()).contains("upload_[redacted]");
  }

  @Test
  void aForgedCompletionIsNotSuccessNoFileIdIsPrintedAndTheExitCodeIsThree() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "alpha\n".repeat(1000));
    String forgedFile = "{\"id\":\"file-forged\",\"object\":\"file\",\"bytes\":6000,\"created_at\":1700000001,"
        + "\"filename\":\"a.txt\",\"purpose\":\"assistants\",\"status\":\"processed\"}";
    for (String answer : List.of("\"id\":\"upload_other\",\"status\":\"completed\"",
        "\"id\":\"upload_other\",\"status\":\"cancelled\"")) {
      server.clearFaults();
      server.addFault(Fault.on(Operation.COMPLETE).nth(server.requestCount(Operation.COMPLETE) + 1).respond(200,
          "{" + answer + ",\"object\":\"upload\",\"bytes\":6000,\"created_at\":1700000000,\"filename\":\"a.txt\","
              + "\"purpose\":\"assistants\",\"expires_at\":4000000000,\"file\":" + forgedFile + "}"));

      ToolRun run = run("upload", file.toString(), "--purpose", "assistants", "--no-journal", "--quiet");

      assertThat(run.code()).as(run.err()).isEqualTo(3);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("failed verification").contains("it is Upload upload_other, not upload_")
          .contains("(the answer names File file-forged; do not rely on it)");
    }
  }

  @Test
  void aTabOrNewlineInADirectoryNameCannotForgeOrBreakAResultLine() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Path tab = Files.createDirectories(docs.resolve("sub\tfile-FORGED"));
    Path newline = Files.createDirectories(docs.resolve("two\nlines"));
    Path back = Files.createDirectories(docs.resolve("back\\slash"));
    Files.writeString(tab.resolve("a.txt"), "alpha\n");
    Files.writeString(newline.resolve("b.txt"), "beta\n");
    Files.writeString(back.resolve("c.txt"), "gamma\n");

    ToolRun plain = run("upload", docs.toString(), "-r", "--purpose", "assistants");

    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.outLines()).hasSize(3).allSatisfy(line -> assertThat(line.split("\t")).hasSize(2));
    assertThat(plain.outLines()).extracting(line -> line.split("\t")[0]).containsExactlyInAnyOrder(
        docs + "/sub\\tfile-FORGED/a.txt", docs + "/two\\nlines/b.txt", docs + "/back\\\\slash/c.txt");

    ToolRun json = run("upload", docs.toString(), "-r", "--purpose", "assistants", "--json");

    assertThat(json.outLines()).hasSize(3);
    List<Object> paths = json.outLines().stream().map(line -> parse(line).get("path")).toList();
    assertThat(paths).containsExactlyInAnyOrder(tab.resolve("a.txt").toString(), newline.resolve("b.txt").toString(),
        back.resolve("c.txt").toString());
  }

  @Test
  void aNewlineInTheServersErrorMessageStaysOnTheFailuresLine() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Files.writeString(docs.resolve("b.txt"), "beta\n");
    server.addFault(Fault.on(Operation.ADD_PART).always().respond(400, "{\"error\":{\"message\":\"bad part\\n"
        + "openai-uploads: 0 failed\\r\\u001b[2K\",\"type\":\"invalid_request_error\"}}"));

    ToolRun run = run("upload", docs.toString(), "--purpose", "assistants", "--quiet");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err().lines().filter(line -> line.contains("bad part")).toList()).hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("bad part\\nopenai-uploads: 0 failed\\r\\u001b[2K"));
    assertThat(run.err()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void aNewlineInTheMessageOfARetriedErrorStaysOnTheRetryLine() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "alpha\n".repeat(1000));
    server.addFault(Fault.on(Operation.ADD_PART).nth(1).respond(500, "{\"error\":{\"message\":\"boom\\nforged line\","
        + "\"type\":\"server_error\"}}"));

    ToolRun run = run("upload", file.toString(), "--purpose", "assistants", "--no-journal", "--verbose");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("failed (POST /v1/uploads/").contains("boom\\nforged line");
    assertThat(run.err().lines()).noneMatch(line -> line.startsWith("forged line"));
  }

  @Test
  void cancelPrintsTheAnswersIdOnOneLineAndWithoutTheKey() {
    server.addFault(Fault.on(Operation.CANCEL).nth(1).respond(200, "{\"id\":\"upload_x\\nforged " + KEY + "\","
        + "\"object\":\"upload\",\"bytes\":1,\"created_at\":1,\"filename\":\"a\",\"purpose\":\"assistants\","
        + "\"status\":\"cancelled\",\"expires_at\":2}"));

    ToolRun run = run("cancel", "upload_x");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.outLines()).containsExactly("upload_x\\nforged [redacted] cancelled");
  }

  @Test
  void aNameThatIsNotUtf8IsShownEscapedExactInJsonAndRefusedBeforeAnyRequest() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Path bad = Path.of(URI.create(docs.toUri() + "bad%FF.txt"));
    Files.writeString(bad, "not sent\n");
    Files.writeString(docs.resolve("good.txt"), "sent\n");

    ToolRun refused = run("upload", docs.toString(), "--purpose", "assistants");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains(docs + "/bad\\xff.txt: its name is not UTF-8 (byte 0xff at index 3), and the"
        + " API takes UTF-8 names only: rename the file").doesNotContain("\ufffd");
    assertThat(server.calls()).isEmpty();

    ToolRun json = run("upload", docs.toString(), "--purpose", "assistants", "--json", "--skip-invalid");

    assertThat(json.code()).isEqualTo(2);
    assertThat(json.out()).contains("\"path\":\"" + docs + "/bad\\udcff.txt\",\"status\":\"invalid\"");
    assertThat(server.uploads()).hasSize(1).allSatisfy(upload -> assertThat(upload.filename()).isEqualTo("good.txt"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String line) {
    try {
      return new Moshi.Builder().build().adapter(Map.class).fromJson(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  @Test
  void aFileTruncatedBetweenValidationAndUploadIsCountedByTheBytesSent() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Path big = Files.writeString(docs.resolve("b.txt"), "b".repeat(9_000_000));
    server.addFault(Fault.on(Operation.CREATE).nth(1).delay(Duration.ofSeconds(5))); // time for the truncation below
    java.util.concurrent.CompletableFuture<ToolRun> running = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> run("upload", docs.toString(), "--purpose", "assistants", "--jobs", "1", "--json"));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (server.requestCount(Operation.CREATE) < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5); // every file is validated before the first create
    }
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(big,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(100);
    }

    ToolRun run = running.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(server.uploads()).anySatisfy(upload -> assertThat(upload.bytes()).isEqualTo(100));
    assertThat(run.outLines()).anySatisfy(line -> assertThat(line).contains("b.txt\",\"status\":\"completed\"")
        .contains("\"bytes\":100"));
    assertThat(run.err()).contains("2 uploaded, 0 failed, 0 refused; 106 B sent in");
  }

  @Test
  void theSameFileThroughAHardLinkAndASymbolicLinkIsUploadedOnce() throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Path file = Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Files.createLink(docs.resolve("b-hard.txt"), file);
    Files.createSymbolicLink(docs.resolve("c-soft.txt"), file);
    Path elsewhere = Files.createSymbolicLink(dir.resolve("d-outside.txt"), docs.resolve("b-hard.txt"));
    Files.writeString(docs.resolve("e.txt"), "epsilon\n");

    ToolRun run = run("upload", docs.toString(), elsewhere.toString(), file.toString(), "--purpose", "assistants");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(2);
    assertThat(run.outLines()).extracting(line -> line.split("\t")[0])
        .containsExactlyInAnyOrder(docs.resolve("a.txt").toString(), docs.resolve("e.txt").toString());
  }
}
