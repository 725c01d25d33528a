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

/** The tool keeps a journal beside the file, resumes from it, and starts over when told. */
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
    file = TestFiles.randomFile(dir, "set.bin", 5L * 1024 * 1024, 21);
    journal = dir.resolve(".set.bin.openai-upload.json");
    env = Map.of("OPENAI_API_KEY", server.apiKey(), "OPENAI_BASE_URL", server.baseUrl(), "HOME", dir.toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ToolRun run(String... args) {
    return ToolRun.of(env, args);
  }

  private String interrupted() {
    server.addFault(Fault.on(Operation.ADD_PART).requests(3, 100).respond(503));
    server.addFault(Fault.on(Operation.CANCEL).always().respond(503));
    ToolRun failed = run("upload", file.toString(), "--purpose", "user_data", "--part-size", "1MiB", "--concurrency", "1",
        "--max-retries", "0", "-q");
    assertThat(failed.code()).isEqualTo(4);
    assertThat(failed.err()).contains("resume it with the journal at " + journal);
    assertThat(journal).exists();
    server.clearFaults();
    return server.uploads().get(0).id();
  }

  @Test
  void resumeFinishesTheSameUploadAndRemovesTheJournal() throws IOException {
    String uploadId = interrupted();
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
  void aJournalGoesToTheStateFolderWhenTheFilesFolderIsNotWritable() {
    Path stateJournal = JournalLocation.inStateFolder(Path.of("/proc/version"), new CliContext(env, null, null, false));
    assertThat(stateJournal.toString()).startsWith(dir.resolve(".local/state/openai-uploads").toString())
        .endsWith("-version.json");
  }
}
