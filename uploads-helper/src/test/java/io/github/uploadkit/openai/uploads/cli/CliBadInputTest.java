package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the tool: paths, sizes, purposes, MIME types, filenames, part sizes,
 * concurrency, expiry, journals, flags and environment. Each exits with 2, prints exactly the
 * expected first line, and creates no Upload.
 */
class CliBadInputTest {
  static Path dir;
  static FakeUploadsServer server;
  static final String NL = System.lineSeparator();

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("bad-input-");
    server = FakeUploadsServer.builder().start();
    TestFiles.randomFile(dir, "ok.jsonl", 1_000_000, 1);
    TestFiles.randomFile(dir, "photo.png", 1000, 2);
    Files.createFile(dir.resolve("empty.jsonl"));
    Files.createDirectory(dir.resolve("folder.jsonl"));
    TestFiles.randomFile(dir, "broken.jsonl", 1000, 3);
    Files.writeString(dir.resolve(".broken.jsonl.openai-upload.json"), "not json at all");
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  static Arguments row(String args, String firstLine) {
    return Arguments.of(args, firstLine);
  }

  static Stream<Arguments> badInputs() {
    String ok = dir.resolve("ok.jsonl").toString();
    Path okJournal = JournalLocation.inStateFolder(dir.resolve("ok.jsonl"),
        new CliContext(Map.of("HOME", dir.toString()), null, null, Screen.none()));
    return Stream.of(
        row("upload DIR/missing.jsonl --purpose batch", "file DIR/missing.jsonl does not exist"),
        row("upload DIR/folder.jsonl --purpose batch",
            "DIR/folder.jsonl: the directory has no files to upload (hidden files are skipped)"),
        row("upload DIR/empty.jsonl --purpose batch", "file DIR/empty.jsonl is empty: an upload needs at least 1 byte"),
        row("upload DIR/ok.jsonl", "Missing required option: '--purpose=P'"),
        row("upload --purpose batch", "Missing required parameter: 'PATH'"),
        row("upload DIR/ok.jsonl --purpose training",
            "purpose 'training' is not one of assistants, batch, fine-tune, vision, user_data, evals"),
        row("upload DIR/ok.jsonl --purpose batch --mime-type application/pdf",
            "MIME type application/pdf is not accepted for purpose batch: allowed are application/jsonl,"
                + " application/x-ndjson, text/jsonl"),
        row("upload DIR/photo.png --purpose vision --mime-type image/gif",
            "MIME type image/gif contradicts the extension .png of 'photo.png', which means image/png"),
        row("upload DIR/photo.png --purpose batch",
            "'photo.png' is image/png, which purpose batch does not accept: allowed extensions are jsonl"),
        row("upload DIR/ok.jsonl --purpose batch --mime-type text",
            "MIME type 'text' is not of the form type/subtype, for example text/jsonl"),
        row("upload DIR/ok.jsonl --purpose batch --filename a/b.jsonl",
            "filename 'a/b.jsonl' contains a path separator: give a plain name such as b.jsonl"),
        row("upload DIR/ok.jsonl --purpose batch --filename \t",
            "filename is blank: give the name the File should have, for example data.jsonl"),
        row("upload DIR/ok.jsonl --purpose batch --filename a\u0007.jsonl",
            "filename contains the control character U+0007 at index 1: use printable characters only"),
        row("upload DIR/ok.jsonl --purpose batch --part-size 0",
            "--part-size must be 1 to 67108864 bytes (64MiB at most), but was 0"),
        row("upload DIR/ok.jsonl --purpose batch --part-size 65MiB",
            "--part-size must be 1 to 67108864 bytes (64MiB at most), but was 68157440"),
        row("upload DIR/ok.jsonl --purpose batch --part-size 10",
            "part size 10 bytes would cut 1000000 bytes into 100000 parts, more than the 10000 allowed: use at least"
                + " 100 bytes per part, or leave it automatic"),
        row("upload DIR/ok.jsonl --purpose batch --part-size 12XB",
            "Invalid value for option '--part-size': '12XB' is not a size: give bytes (67108864) or a number with a"
                + " unit, KB, MB, GB (1000s) or KiB, MiB, GiB (1024s), for example 32MiB"),
        row("upload DIR/ok.jsonl --purpose batch --concurrency 0", "--concurrency must be 1 to 16, but was 0"),
        row("upload DIR/ok.jsonl --purpose batch --concurrency 17", "--concurrency must be 1 to 16, but was 17"),
        row("upload DIR/ok.jsonl --purpose batch --concurrency many",
            "Invalid value for option '--concurrency': 'many' is not an int"),
        row("upload DIR/ok.jsonl --purpose batch --expires-after 10m",
            "--expires-after must be 3600 to 2592000 seconds (1h to 30d), but was 600"),
        row("upload DIR/ok.jsonl --purpose batch --expires-after 31d",
            "--expires-after must be 3600 to 2592000 seconds (1h to 30d), but was 2678400"),
        row("upload DIR/ok.jsonl --purpose batch --expires-after 1w",
            "Invalid value for option '--expires-after': '1w' is not a duration: give seconds (3600) or a number"
                + " with s, m, h or d, for example 2h or 7d"),
        row("upload DIR/ok.jsonl --purpose batch --max-retries -1", "--max-retries must be 0 to 100, but was -1"),
        row("upload DIR/ok.jsonl --purpose batch --max-retries 101", "--max-retries must be 0 to 100, but was 101"),
        row("upload DIR/ok.jsonl --purpose batch --jobs 0", "--jobs must be 1 to 64, but was 0"),
        row("uplod DIR/ok.jsonl --purpose batch",
            "unknown command 'uplod': the commands are upload, check, cancel and help; did you mean 'upload'?"),
        row("chek DIR/ok.jsonl --purpose batch",
            "unknown command 'chek': the commands are upload, check, cancel and help; did you mean 'check'?"),
        row("upload DIR/ok.jsonl --purpose batch --frobnicate", "Unknown option: '--frobnicate'"),
        row("upload DIR/ok.jsonl --purpose batch --base-url ftp://host/v1",
            "baseUrl must be an http or https URL such as https://api.openai.com/v1, but was 'ftp://host/v1'"),
        row("upload DIR/ok.jsonl --purpose batch --base-url http://api.example.com/v1",
            "Refusing to send the API key over plain http to api.example.com: use https or a loopback host (the tool"
                + " sends the key over plain http to no other host)"),
        row("NOKEY upload DIR/ok.jsonl --purpose batch",
            "OPENAI_API_KEY is not set: export your API key first (or add --fake to try the tool offline)"),
        row("NOKEY cancel upload_abc", "OPENAI_API_KEY is not set: export your API key first"),
        row("upload DIR/ok.jsonl --purpose batch --resume",
            "no journal at " + okJournal + ": there is no unfinished upload to resume; upload without"
                + " resuming (run again with --restart instead of --resume to start over)"),
        row("upload DIR/ok.jsonl --purpose batch --resume --restart", "--resume and --restart cannot be used together"),
        row("upload DIR/ok.jsonl --purpose batch --resume --no-journal",
            "--resume needs a journal: it cannot be used with --no-journal or --fake"),
        row("upload DIR/broken.jsonl --purpose batch --resume",
            "DIR/.broken.jsonl.openai-upload.json is not a journal of this tool (it is not JSON): give the path of a"
                + " journal; it was left as it is (to start over, delete that file and run again without --resume)"),
        row("upload DIR/ok.jsonl --purpose batch --resume --journal DIR/.broken.jsonl.openai-upload.json",
            "DIR/.broken.jsonl.openai-upload.json is not a journal of this tool (it is not JSON): give the path of a"
                + " journal; it was left as it is (give --journal the path of the upload's journal, or, to start over,"
                + " a new path without --resume)"),
        row("upload DIR/broken.jsonl --purpose batch",
            "DIR/.broken.jsonl.openai-upload.json exists and is not a journal of this tool: choose another journal path"
                + " (the file was left as it is)"),
        row("upload DIR/ok.jsonl --purpose batch --journal DIR/no-such-folder/j.json --resume",
            "no journal at DIR/no-such-folder/j.json: there is no unfinished upload to resume; upload without resuming"
                + " (run again with --restart instead of --resume to start over)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void exitsWith2AndCreatesNoUpload(String args, String firstLine) {
    Map<String, String> env = new HashMap<>(Map.of("OPENAI_API_KEY", server.apiKey(), "OPENAI_BASE_URL", server.baseUrl(),
        "HOME", dir.toString()));
    String line = args;
    if (line.startsWith("NOKEY ")) {
      env.remove("OPENAI_API_KEY");
      line = line.substring(6);
    }
    String[] argv = line.replace("DIR", dir.toString()).split(" ");
    for (int i = 0; i < argv.length; i++) {
      argv[i] = argv[i].replace("\t", " ");
    }
    ToolRun run = ToolRun.of(env, argv);

    String stderr = run.err();
    assertThat(run.code()).as(stderr).isEqualTo(2);
    assertThat(stderr.split("\\R")[0]).isEqualTo("openai-uploads: " + firstLine.replace("DIR", dir.toString()));
    assertThat(run.out()).isEmpty();
    assertThat(server.uploads()).isEmpty();
    assertThat(server.calls()).isEmpty();
  }
}
