package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fake server for in-process runs of the tool, keyed with {@code key}, the tool's state folder
 * under {@code dir}; every run is checked never to print the key or any large piece of it.
 */
final class FakeToolServer implements AutoCloseable {
  final FakeUploadsServer server;
  private final Path dir;
  private final String key;

  FakeToolServer(Path dir, String key) {
    this.server = FakeUploadsServer.builder().apiKey(key).start();
    this.dir = dir;
    this.key = key;
  }

  ToolRun run(String... args) {
    ToolRun run = ToolRun.of(Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL", server.baseUrl(),
        "XDG_STATE_HOME", dir.resolve("state").toString()), args);
    assertThat(run.out() + run.err()).doesNotContain(key).doesNotContain(key.substring(3));
    return run;
  }

  /** The folder of the runs' records. */
  Path runs() {
    return dir.resolve("state").resolve("openai-uploads").resolve("runs");
  }

  @Override
  public void close() {
    server.close();
  }
}
