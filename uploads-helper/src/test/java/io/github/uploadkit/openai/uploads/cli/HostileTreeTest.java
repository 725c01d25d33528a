package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many-file uploads over a hostile file tree: links and names that point at the same file. */
class HostileTreeTest {
  static final String KEY = "sk-hostile-tree-0123456789abcdef";

  @TempDir
  Path dir;
  FakeUploadsServer server;

  @BeforeEach
  void start() {
    server = FakeUploadsServer.builder().apiKey(KEY).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ToolRun run(String... args) {
    return ToolRun.of(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl(),
        "XDG_STATE_HOME", dir.resolve("state").toString()), args);
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
