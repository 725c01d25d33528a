package io.github.uploadkit.openai.uploads.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a many-file run, so that {@code --resume} with the same arguments skips the files
 * already uploaded: one line per finished file (File id, size, modification time, path), appended
 * as each finishes. Kept in the state folder under a name made from the purpose and the arguments.
 * A line cut short by a killed process is ignored; a file that changed since is uploaded again.
 */
final class RunManifest {
  private final Path path;
  private final Map<Path, String[]> done = new HashMap<>();
  private boolean resumed;

  private RunManifest(Path path) {
    this.path = path;
  }

  /** The manifest for these arguments: read when resuming; else left as it is until {@link #begin}. */
  static RunManifest open(CliContext context, String purpose, boolean recursive, List<Path> arguments, boolean resume)
      throws IOException {
    StringBuilder key = new StringBuilder(purpose).append(recursive ? "\u0000recursive" : "");
    arguments.forEach(argument -> key.append('\u0000').append(argument.toAbsolutePath().normalize()));
    String name = java.util.UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)) + ".tsv";
    Path path = JournalLocation.stateFolder(context).resolve("runs").resolve(name);
    Files.createDirectories(path.getParent());
    RunManifest manifest = new RunManifest(path);
    if (resume && Files.exists(path)) {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        String[] fields = line.split("\t", 4);
        if (fields.length == 4 && fields[0].startsWith("file-")) {
          manifest.done.put(Path.of(fields[3]), fields);
        }
      }
    }
    manifest.resumed = resume;
    return manifest;
  }

  /**
   * The run starts sending: a new run (not resumed) forgets the old record now, not before, so a
   * run refused before any request leaves the last run's record for its --resume.
   */
  void begin() throws IOException {
    if (!resumed) {
      Files.writeString(path, "", StandardCharsets.UTF_8);
    }
  }

  Path path() {
    return path;
  }

  /** The File id of {@code file} when an earlier run uploaded it as it is now, else null. */
  String doneEarlier(Path file) throws IOException {
    String[] fields = done.get(file.toAbsolutePath().normalize());
    if (fields == null) {
      return null;
    }
    boolean same = fields[1].equals(Long.toString(Files.size(file)))
        && fields[2].equals(Long.toString(Files.getLastModifiedTime(file).toMillis()));
    return same ? fields[0] : null;
  }

  /** Records that {@code file}, as it is now, became File {@code fileId}. */
  synchronized void recordDone(Path file, String fileId) throws IOException {
    String line = fileId + "\t" + Files.size(file) + "\t" + Files.getLastModifiedTime(file).toMillis() + "\t"
        + file.toAbsolutePath().normalize() + "\n";
    try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      out.write(line);
    }
  }
}
