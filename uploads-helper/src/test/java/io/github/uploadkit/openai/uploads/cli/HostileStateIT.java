package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool against a hostile state folder in a small heap, and hostile names in the
 * POSIX locale, where the JVM cannot decode a byte of a name that is not ASCII.
 */
class HostileStateIT {
  static final String KEY = "sk-hostile-state-0123456789abcdef";

  @TempDir
  Path dir;
  FakeUploadsServer server;
  Path docs;

  record Result(int code, String out, String err) {
  }

  @BeforeEach
  void start() throws IOException {
    server = FakeUploadsServer.builder().apiKey(KEY).start();
    docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "alpha\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result tool(String locale, String... args) throws Exception {
    Process child = ChildJvm.tool("-Xmx64m").env("OPENAI_API_KEY", KEY).env("OPENAI_BASE_URL", server.baseUrl())
        .env("XDG_STATE_HOME", dir.resolve("state").toString()).env("LC_ALL", locale).env("LANG", locale)
        .output(dir.resolve("out.txt"), dir.resolve("err.txt")).start(args);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Result result = new Result(child.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.ISO_8859_1),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.ISO_8859_1));
    assertThat(result.err()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ").doesNotContain(KEY);
    return result;
  }

  Path record() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("state").resolve("openai-uploads").resolve("runs"))) {
      return files.filter(file -> file.toString().endsWith(".tsv")).findFirst().orElseThrow();
    }
  }

  @Test
  void aRecordOfSixtyMegabytesOrTwoHundredIsReadOrRefusedInA64MegabyteHeap() throws Exception {
    Files.writeString(docs.resolve("b.txt"), "beta\n");
    Result first = tool("C.UTF-8", "upload", docs.toString(), "--purpose", "assistants", "--quiet");
    assertThat(first.code()).as(first.err()).isZero();
    Path record = record();
    try (Writer out = Files.newBufferedWriter(record, StandardCharsets.ISO_8859_1,
        java.nio.file.StandardOpenOption.APPEND)) {
      String other = "file-other\t5\t1700000000000\t/elsewhere/" + "x".repeat(200) + "/f";
      for (long written = 0; written < 60L * 1024 * 1024; written += other.length() + 12) {
        out.write(other + written + "\n"); // lines about files of no run: ignored, never kept
      }
    }

    Result resumed = tool("C.UTF-8", "upload", docs.toString(), "--purpose", "assistants", "--resume", "--quiet");

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(2);

    try (RandomAccessFile huge = new RandomAccessFile(record.toFile(), "rw")) {
      huge.setLength(200L * 1024 * 1024);
    }
    Result refused = tool("C.UTF-8", "upload", docs.toString(), "--purpose", "assistants", "--resume", "--quiet");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("has 209715200 bytes, more than a record of this tool ever has");
    assertThat(server.requestCount(Operation.CREATE)).isEqualTo(2);
  }

  @Test
  void inThePosixLocaleANameThatIsNotUtf8IsRefusedClearlyAndAUtf8NameIsSentExactly() throws Exception {
    Files.writeString(Path.of(URI.create(docs.toUri() + "bad%FF.txt")), "not sent\n");
    Files.writeString(Path.of(URI.create(docs.toUri() + "caf%C3%A9.txt")), "sent\n");

    Result refused = tool("C", "upload", docs.toString(), "--purpose", "assistants", "--quiet");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("/bad\\xff.txt: its name is not UTF-8 (byte 0xff at index 3)")
        .doesNotContain("Malformed input");
    assertThat(server.calls()).isEmpty();

    Result rest = tool("C", "upload", docs.toString(), "--purpose", "assistants", "--quiet", "--skip-invalid", "--json");

    assertThat(rest.code()).as(rest.err()).isEqualTo(2);
    assertThat(rest.out()).contains("/caf\\u00e9.txt\",\"status\":\"completed\"")
        .contains("/bad\\udcff.txt\",\"status\":\"invalid\"");
    assertThat(server.uploads()).extracting(upload -> upload.filename()).containsExactlyInAnyOrder("a.txt", "caf\u00e9.txt");
  }
}
