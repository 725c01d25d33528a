package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Fault;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tool says, in-process against the fake: each message once, in the tool's words, readable and escaped. */
class CliMessagesTest {
  static final String KEY = "sk-messages-test-0123456789abcdef";

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

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl(),
        "XDG_STATE_HOME", dir.resolve("state").toString(), "HOME", dir.resolve("home").toString()));
    return env;
  }

  ToolRun run(Map<String, String> env, String... args) {
    ToolRun run = ToolRun.of(env, args);
    assertThat(run.out() + run.err()).doesNotContain(KEY).doesNotContain(KEY.substring(3));
    return run;
  }

  ToolRun run(String... args) {
    return run(env(), args);
  }

  Path folder(String name, String... files) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    for (String file : files) {
      Files.writeString(folder.resolve(file), "text of " + file + "\n");
    }
    return folder;
  }

  @Test
  void anUnwritableStateFolderInAManyFileRunSaysWhatFailedWhichFolderAndWhatToDo() throws IOException {
    Path reports = folder("reports", "a.txt", "b.txt");
    Path inTheWay = Files.writeString(dir.resolve("not-a-folder"), "a file where the state folder would go\n");
    Map<String, String> env = env();
    env.put("XDG_STATE_HOME", inTheWay.toString());

    ToolRun run = run(env, "upload", reports.toString(), "--purpose", "assistants");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("the state folder " + inTheWay.resolve("openai-uploads").resolve("runs")
        + " cannot be made (").contains("): set XDG_STATE_HOME to a writable folder");
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aRelativeXdgStateHomeIsIgnoredOnceAndSaidSoUnlessQuiet() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "notes\n");
    String relative = "climsg-relative-state-" + System.nanoTime();
    Map<String, String> env = env();
    env.put("XDG_STATE_HOME", relative + "/state");

    ToolRun run = run(env, "upload", file.toString(), "--purpose", "assistants");
    ToolRun quiet = run(env, "upload", file.toString(), "--purpose", "assistants", "-q");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).containsOnlyOnce("XDG_STATE_HOME is not an absolute path ('" + relative + "/state')")
        .contains("the state folder is ~/.local/state/openai-uploads");
    assertThat(quiet.code()).as(quiet.err()).isZero();
    assertThat(quiet.err()).doesNotContain("XDG_STATE_HOME");
    assertThat(Path.of(relative)).doesNotExist();
    assertThat(dir.resolve("home").resolve(".local").resolve("state").resolve("openai-uploads")).isDirectory();
  }

  /** The library's log records that reach the JDK's root logger (whose console handler prints them) during {@code run}. */
  static List<LogRecord> reachingTheConsole(Runnable run) {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.github.uploadkit")) {
          records.add(record);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(handler);
    try {
      run.run();
    } finally {
      root.removeHandler(handler);
    }
    return records;
  }

  @Test
  void aFailureIsSaidOnceInTheToolsWordsAndTheLibrarysLogOnlyWhenAskedFor() throws IOException {
    Path batch = folder("batch", "a.txt", "b.txt");
    Path again = folder("again", "a.txt", "b.txt");
    Path third = folder("third", "a.txt", "b.txt");
    server.addFault(Fault.on(Operation.COMPLETE).always().respond(400));
    ToolRun[] runs = new ToolRun[3];
    Map<String, String> logged = env();
    logged.put("OPENAI_LOG", "info");

    List<LogRecord> records = reachingTheConsole(() -> {
      runs[0] = run("upload", batch.toString(), "--purpose", "assistants", "-q");
      runs[1] = run("upload", again.toString(), "--purpose", "assistants", "-q", "--verbose");
      runs[2] = run(logged, "upload", third.toString(), "--purpose", "assistants", "-q");
    });

    assertThat(records).isEmpty();
    assertThat(runs[0].code()).isEqualTo(3);
    assertThat(runs[0].err().lines().filter(line -> line.contains("a.txt"))).as(runs[0].err()).hasSize(1);
    assertThat(runs[0].err()).doesNotContain("WARNING").doesNotContain("EngineEvents").doesNotContain("log: ");
    for (ToolRun asked : new ToolRun[] {runs[1], runs[2]}) {
      assertThat(asked.code()).isEqualTo(3);
      assertThat(asked.err()).containsPattern("(?m)^log: warning: Upload \\S+ of 'a\\.txt' failed: ");
    }
  }

  @Test
  void aManyFileRunListsTheContentChecksProblemsOneALineEachLineEscaped() throws IOException {
    Path batch = folder("batch");
    Files.writeString(batch.resolve("good.jsonl"), "{\"custom_id\": \"1\", \"method\": \"POST\", \"url\":"
        + " \"/v1/chat/completions\", \"body\": {}}\n");
    Files.writeString(batch.resolve("bad.jsonl"), "not json\n{also not\n");

    ToolRun run = run("upload", batch.toString(), "--purpose", "batch", "--skip-invalid", "-q");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).containsPattern("(?m)bad\\.jsonl: the content checks found 2 problems in 2 lines:\\R"
        + "  line 1 \\(byte 1\\): .+\\R  line 2 \\(byte 10\\): .+\\R"
        + "  \\(fix the lines listed, or upload the file without the checks with --no-check\\)$")
        .doesNotContain("\\n");
    assertThat(run.err().lines()).allMatch(line -> line.startsWith("openai-uploads: ") || line.startsWith("  "));
  }

  @Test
  void aDryRunEscapesPathsAsARealRunDoesAndGivesJsonLinesWithJson() throws IOException {
    Path tree = folder("tree");
    Files.writeString(Files.createDirectories(tree.resolve("new\nline")).resolve("a.txt"), "alpha\n");
    Files.writeString(Files.createDirectories(tree.resolve("tab\there")).resolve("b.txt"), "beta\n");

    ToolRun plain = run("upload", tree.toString(), "-r", "--purpose", "assistants", "--dry-run");
    ToolRun json = run("upload", tree.toString(), "-r", "--purpose", "assistants", "--dry-run", "--json");

    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.outLines()).hasSize(2).allMatch(line -> line.split("\t", -1).length == 2)
        .anyMatch(line -> line.startsWith(tree + "/new\\nline/a.txt\t"))
        .anyMatch(line -> line.startsWith(tree + "/tab\\there/b.txt\t"));
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.outLines()).hasSize(2);
    com.squareup.moshi.JsonAdapter<Map<String, Object>> adapter = new com.squareup.moshi.Moshi.Builder().build()
        .adapter(com.squareup.moshi.Types.newParameterizedType(Map.class, String.class, Object.class));
    for (String line : json.outLines()) {
      Map<String, Object> object = adapter.fromJson(line);
      assertThat(object).containsEntry("status", "would_send").containsEntry("mime_type", "text/plain")
          .containsEntry("parts", 1.0).containsKeys("path", "bytes", "part_size");
    }
    assertThat(json.outLines().stream().map(line -> {
      try {
        return adapter.fromJson(line).get("path");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).containsExactlyInAnyOrder(tree.resolve("new\nline").resolve("a.txt").toString(),
        tree.resolve("tab\there").resolve("b.txt").toString());
    assertThat(server.calls()).isEmpty();
  }

  /** A tree with readable files and a subfolder "sealed" (holding one file) that, as {@code unreadable} makes it, cannot be listed. */
  Path treeWithASealedFolder() throws IOException {
    Path tree = folder("tree", "a.txt", "b.txt");
    folder("tree/sub", "c.txt");
    folder("tree/sealed", "secret.txt");
    return tree;
  }

  /** Runs with every listing of a folder named "sealed" failing as a folder without read permission does. */
  ToolRun withSealedUnreadable(String... args) {
    PathArguments.DirectoryOpener real = PathArguments.opener;
    PathArguments.opener = directory -> {
      if (directory.getFileName().toString().equals("sealed")) {
        throw new java.nio.file.AccessDeniedException(directory.toString());
      }
      return real.open(directory);
    };
    try {
      return run(args);
    } finally {
      PathArguments.opener = real;
    }
  }

  @Test
  void aFileListedButNotReachableIsRefusedByNameNotLeftOutSilently() throws IOException {
    Path tree = treeWithASealedFolder();
    PathArguments.AttributeReader real = PathArguments.attributes;
    PathArguments.attributes = entry -> { // as in a folder that can be listed but not searched (chmod 644)
      if (entry.getFileName().toString().equals("b.txt")) {
        throw new java.nio.file.AccessDeniedException(entry.toString());
      }
      return real.read(entry);
    };
    ToolRun run;
    try {
      run = run("upload", tree.toString(), "-r", "--purpose", "user_data", "--dry-run");
    } finally {
      PathArguments.attributes = real;
    }

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("b.txt: it cannot be read (permission denied), so it is not known whether it is a"
        + " file: make its folder");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void anUnreadableSubfolderIsNamedAsRefusedAndSkipInvalidUploadsTheRest() throws IOException {
    Path tree = treeWithASealedFolder();

    ToolRun run = withSealedUnreadable("upload", tree.toString(), "-r", "--purpose", "user_data", "--skip-invalid", "-q");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(tree.resolve("sealed") + ": the directory cannot be read (permission denied), so its"
        + " files are not known: make it readable");
    assertThat(run.outLines()).hasSize(3);
    assertThat(server.uploads()).extracting(upload -> upload.filename())
        .containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt");
  }

  @Test
  void anUnreadableSubfolderWithoutSkipInvalidRefusesTheRunBeforeAnyRequestListingEveryProblem() throws IOException {
    Path tree = treeWithASealedFolder();
    Files.writeString(tree.resolve("tab\there.txt"), "a name the API refuses\n");

    ToolRun run = withSealedUnreadable("upload", tree.toString(), "-r", "--purpose", "user_data");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(tree.resolve("sealed") + ": the directory cannot be read (permission denied)")
        .contains(tree + "/tab\\there.txt: ").contains("nothing was sent: 2 of the paths given were refused");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aFolderWithoutReadPermissionIsRefusedAloneWhenPermissionsApply() throws IOException {
    Path tree = treeWithASealedFolder();
    Path sealed = tree.resolve("sealed");
    Files.setPosixFilePermissions(sealed, java.util.Set.of());
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(sealed),
          "skipped: this process reads a folder without read permission (it runs as root); the seam tests above cover it");
      ToolRun run = run("upload", tree.toString(), "-r", "--purpose", "user_data", "--skip-invalid", "-q");
      assertThat(run.code()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains(sealed + ": the directory cannot be read (permission denied)");
      assertThat(run.outLines()).hasSize(3);
    } finally {
      Files.setPosixFilePermissions(sealed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void checkNamesTheFileOfEachRefusalOnce() throws IOException {
    Path tree = folder("tree", "ok.txt");
    Files.writeString(folder("tree/sub").resolve("a\tb.txt"), "tab in the name\n");
    Files.writeString(tree.resolve("c\td.txt"), "tab in the name\n");

    ToolRun run = run("check", tree.toString(), "-r", "--purpose", "user_data");

    assertThat(run.code()).isEqualTo(2);
    List<String> lines = run.err().lines().toList();
    assertThat(lines).as(run.err()).hasSize(2);
    assertThat(lines).anyMatch(line -> line.startsWith("openai-uploads: " + tree + "/c\\td.txt: filename contains the"
        + " control character U+0009"));
    assertThat(lines).anyMatch(line -> line.startsWith("openai-uploads: " + tree + "/sub/a\\tb.txt: filename contains"
        + " the control character U+0009"));
  }

  @Test
  void cancelRefusesAnIdThatIsEmptyOrNotAPlainIdBeforeAnyRequest() {
    for (String id : new String[] {"", "..", "upload_1/../files", "upload\u001b[2J"}) {
      ToolRun run = run("cancel", id);

      assertThat(run.code()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).doesNotContain("Exception").doesNotContain("\u001b")
          .endsWith(": an id has letters, digits, '_' and '-' only, such as upload_abc123; nothing was sent"
              + System.lineSeparator());
    }
    assertThat(run("cancel", "").err()).startsWith("openai-uploads: the Upload id is empty: ");
    ToolRun tooLong = run("cancel", "upload_" + "a".repeat(300)); // plain letters, but longer than an id can be
    assertThat(tooLong.code()).as(tooLong.err()).isEqualTo(2);
    assertThat(tooLong.err()).contains("an Upload id is 1 to 256 letters").doesNotContain("Exception")
        .containsOnlyOnce("nothing was sent");
    for (String id : new String[] {KEY + " ", "Bearer " + KEY, KEY}) { // run() checks that the key is never printed
      assertThat(run("cancel", id).code()).as(id).isEqualTo(2);
    }
    assertThat(run("cancel", "..").err()).startsWith("openai-uploads: '..' is not an Upload id: ");
    assertThat(run("cancel", "upload\u001b[2J").err()).startsWith("openai-uploads: 'upload\\u001b[2J' is not an Upload id");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void aRefusedOneFileDryRunSaysNothingWouldBeSentWithoutPointingAtSkipInvalid() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.txt"));

    ToolRun run = run("upload", empty.toString(), "--purpose", "assistants", "--dry-run");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("--skip-invalid")
        .contains("openai-uploads: " + empty + ": ")
        .endsWith("openai-uploads: dry run: nothing would be sent: 1 path was refused (see above); nothing was sent"
            + System.lineSeparator());
  }

  @Test
  void resumingFromAFileThatIsNotAJournalSuggestsWhatWorks() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "notes\n");
    Path readme = Files.writeString(dir.resolve("README.md"), "# not a journal\n");

    ToolRun refused = run("upload", file.toString(), "--purpose", "assistants", "--resume", "--journal", readme.toString());
    ToolRun restarted = run("upload", file.toString(), "--purpose", "assistants", "--restart", "--journal",
        readme.toString());
    ToolRun suggested = run("upload", file.toString(), "--purpose", "assistants", "--journal",
        dir.resolve("notes.journal.json").toString());

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).doesNotContain("--restart").contains("(give --journal the path of the upload's journal, or,"
        + " to start over, a new path without --resume)");
    assertThat(restarted.code()).as("--restart does not help here, so it is not suggested").isEqualTo(2);
    assertThat(suggested.code()).as(suggested.err()).isZero();
    assertThat(readme).hasContent("# not a journal");
  }

  @Test
  void helpListsTheExitCodesTheReadmeLists() throws IOException {
    ToolRun help = run("--help");
    String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
    String readmeCodes = readme.substring(readme.indexOf("Exit codes: "), readme.indexOf("**The display.**"));

    java.util.Set<String> inHelp = new java.util.TreeSet<>();
    java.util.regex.Matcher helpLine = java.util.regex.Pattern.compile("(?m)^ +(\\d+) {2,}\\S")
        .matcher(help.out().substring(help.out().indexOf("Exit codes:")));
    while (helpLine.find()) {
      inHelp.add(helpLine.group(1));
    }
    java.util.Set<String> inReadme = new java.util.TreeSet<>();
    java.util.regex.Matcher readmeItem = java.util.regex.Pattern.compile("(?:: |, )(\\d+) [A-Za-z]").matcher(readmeCodes);
    while (readmeItem.find()) {
      inReadme.add(readmeItem.group(1));
    }

    assertThat(help.code()).isZero();
    assertThat(inHelp).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "130", "143").isEqualTo(inReadme);
  }

  @Test
  void aOneFileRunListsTheContentChecksProblemsOneALineToo() throws IOException {
    Path batch = Files.writeString(dir.resolve("batch_input.jsonl"), "not json\n{also not\n");

    ToolRun run = run("upload", batch.toString(), "--purpose", "batch", "-q");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines()).as(run.err()).containsExactly(
        "openai-uploads: the upload was stopped: the content checks failed: 2 problems found in 2 lines:",
        "  line 1 (byte 1): the line is not valid JSON: expected 'null', found 'o'",
        "  line 2 (byte 10): the line is not valid JSON: expected a quoted member name, found 'a'",
        "openai-uploads: fix the lines listed, or upload the file without the checks with --no-check");
    assertThat(server.calls()).isEmpty();
  }
}
