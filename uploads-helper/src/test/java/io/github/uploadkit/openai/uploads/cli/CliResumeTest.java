package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool keeps a journal in the state folder (nothing beside the file), resumes from it, finds
 * one that an earlier version left beside the file, and starts over when told.
 */
class CliResumeTest {
  @TempDir
  Path dir;
  FakeUploadsServer server;
  Path file;
  Path journal;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().start();
    file = TestFiles.randomFile(Files.createDirectories(dir.resolve("files")), "set.bin", 5L * 1024 * 1024, 21);
    env = Map.of("OPENAI_API_KEY", server.apiKey(), "OPENAI_BASE_URL", server.baseUrl(), "HOME",
        dir.resolve("home").toString());
    journal = JournalLocation.inStateFolder(file, new CliContext(env, null, null, Screen.none()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ToolRun run(String... args) {
    return ToolRun.of(env, args);
  }

  private String interrupted(String... more) {
    server.addFault(Fault.on(Operation.ADD_PART).requests(3, 100).respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    ToolRun failed = run(java.util.stream.Stream.concat(java.util.stream.Stream.of("upload", file.toString(), "--purpose",
        "user_data", "--part-size", "1MiB", "--concurrency", "1", "--max-retries", "0", "-q"), java.util.Arrays.stream(more))
        .toArray(String[]::new));
    assertThat(failed.code()).isEqualTo(4);
    assertThat(failed.err()).contains("resume it with the journal at " + journal);
    assertThat(journal).exists();
    server.clearFaults();
    return server.uploads().get(0).id();
  }

  @Test
  void resumeFinishesTheSameUploadAndRemovesTheJournal() throws IOException {
    String uploadId = interrupted();
    assertThat(Files.list(file.getParent())).as("nothing beside the file").containsExactly(file);
    int before = server.requestCount(Operation.ADD_PART);

    ToolRun resumed = run("upload", file.toString(), "--purpose", "user_data", "--resume", "-q");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(server.requestCount(Operation.ADD_PART) - before).isEqualTo(3);
    assertThat(server.upload(uploadId).orElseThrow().assembledMd5()).isEqualTo(TestFiles.md5(file));
    assertThat(resumed.out().trim()).isEqualTo(server.upload(uploadId).orElseThrow().fileId());
    assertThat(journal).doesNotExist();
  }

  @Test
  void aNewUploadOverAnUnfinishedOneIsRefusedUntilRestart() {
    String oldId = interrupted();
    ToolRun refused = run("upload", file.toString(), "--purpose", "user_data");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("openai-uploads: a journal of an unfinished upload exists at " + journal
        + ": resume that upload, or delete the journal to start over (add --resume to continue it, or --restart to"
        + " start over)" + System.lineSeparator());

    ToolRun restarted = run("upload", file.toString(), "--purpose", "user_data", "--restart", "-q");
    assertThat(restarted.code()).as(restarted.err()).isZero();
    assertThat(server.upload(oldId).orElseThrow().status()).isEqualTo("cancelled");
    assertThat(server.uploads()).hasSize(2);
    assertThat(journal).doesNotExist();
  }

  @Test
  void resumeWithNothingToResumeOrAChangedFileIsRefused() throws IOException {
    ToolRun nothing = run("upload", file.toString(), "--purpose", "user_data", "--resume");
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).startsWith("openai-uploads: no journal at " + journal);

    interrupted();
    Files.write(file, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    ToolRun changed = run("upload", file.toString(), "--purpose", "user_data", "--resume");
    assertThat(changed.code()).isEqualTo(2);
    assertThat(changed.err()).contains("is not the file that was being uploaded (its size changed")
        .contains("(run again with --restart instead of --resume to start over)");
  }

  @Test
  void theJournalIsNamedFromTheFilesRealPath() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.bin"), file);
    CliContext context = new CliContext(env, null, null, Screen.none());
    assertThat(journal.toString()).startsWith(dir.resolve("home/.local/state/openai-uploads").toString())
        .endsWith("-set.bin.json");
    assertThat(JournalLocation.inStateFolder(link, context)).isEqualTo(journal);
  }

  @Test
  void aJournalThatAnEarlierVersionLeftBesideTheFileIsResumed() throws IOException {
    journal = JournalLocation.beside(file);
    String uploadId = interrupted("--journal", journal.toString());

    ToolRun resumed = run("upload", file.toString(), "--purpose", "user_data", "--resume", "-q");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out().trim()).isEqualTo(server.upload(uploadId).orElseThrow().fileId());
    assertThat(journal).doesNotExist();
  }

  @Test
  void journalPutsTheJournalWhereAsked() throws IOException {
    journal = dir.resolve("elsewhere/my-journal.json");
    Files.createDirectories(journal.getParent());
    String uploadId = interrupted("--journal", journal.toString());

    ToolRun resumed = run("upload", file.toString(), "--purpose", "user_data", "--resume", "--journal",
        journal.toString(), "-q");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(server.upload(uploadId).orElseThrow().status()).isEqualTo("completed");
    assertThat(journal).doesNotExist();
  }
}
