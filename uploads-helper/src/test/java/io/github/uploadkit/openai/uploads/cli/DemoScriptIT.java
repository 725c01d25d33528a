package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, {@code scripts/demo-upload.sh}, with a file of 2 MB and the build already
 * done ({@code MVN=true}: this build packaged the tool): standard output gets the File id and
 * nothing else.
 */
class DemoScriptIT {
  @TempDir
  Path dir;

  @Test
  void theDemoPrintsOnlyTheFileIdOnStandardOutput() throws Exception {
    Path script = Path.of("..", "scripts", "demo-upload.sh").toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the demo is a bash script and there is no bash");
    ProcessBuilder demo = new ProcessBuilder("/bin/bash", script.toString(), "2")
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    demo.environment().put("MVN", "true");
    demo.environment().put("TMPDIR", dir.toString());
    demo.environment().keySet().removeIf(name -> name.startsWith("OPENAI_"));
    Process process = demo.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(err).isZero();
    assertThat(Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8)).matches("file-[0-9a-f]{24}\n");
    assertThat(err).contains("Using the embedded fake Uploads server", "openai-uploads-demo.jsonl: 100%");
    try (var left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).as("the demo's data is removed")
          .containsExactlyInAnyOrder("out.txt", "err.txt");
    }
  }
}
