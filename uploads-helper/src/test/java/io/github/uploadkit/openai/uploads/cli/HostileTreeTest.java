package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  void aFileTruncatedBetweenValidationAndUploadIsCountedByTheBytesSent() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
    Path big = Files.writeString(docs.resolve("b.txt"), "b".repeat(9_000_000));
    server.addFault(Fault.on(Operation.CREATE).nth(1).delay(Duration.ofSeconds(1)));
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
    assertThat(run.err()).contains("2 uploaded, 0 failed, 0 refused; 106 B in");
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
