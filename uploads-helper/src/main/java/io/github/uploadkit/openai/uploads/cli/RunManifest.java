package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.internal.UploadJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record of a many-file run, so that {@code --resume} with the same arguments skips the files
 * already uploaded: one line per finished file (File id, size, modification time, path), appended
 * as each finishes. Kept in the state folder under a name made from the purpose and the arguments,
 * under the journal's rules: only a regular file of at most {@link #MAX_BYTES} is read (never
 * through a link), each run writes a new file of its own (created exclusively, then moved over
 * the old one, so a planted link is replaced, never followed), a lock (taken as a journal's, in
 * the folder's one lock file) keeps two runs with the same arguments apart, and the path and the id in each line are percent-encoded bytes
 * so that no name can break a line. A line cut short by a killed process, or not of this format,
 * is ignored; a file that changed since is uploaded again. A record that cannot be read fails
 * with an {@link IOException} that says why, before anything is sent.
 */
final class RunManifest implements AutoCloseable {
  /** The largest record read: a line takes about 100 bytes plus the path. */
  static final long MAX_BYTES = 64L * 1024 * 1024;
  /** The longest line read; longer ones are not of this format and are skipped. */
  static final int MAX_LINE = 64 * 1024;
  private static final String HEADER = "# openai-uploads run record, version 2: FILE_ID SIZE MTIME_MS PATH, percent-encoded";

  private record Done(String fileId, long size, long modifiedMillis, String line) {
  }

  private final Path path;
  private final java.io.Closeable lock;
  private final Map<Path, Done> done = new HashMap<>();
  private FileChannel writer;

  private RunManifest(Path path, java.io.Closeable lock) {
    this.path = path;
    this.lock = lock;
  }

  /**
   * The record for these arguments, locked for this run; with {@code resume}, what it says of
   * {@code files} is read (and only that, so memory follows the run, not the record).
   *
   * @throws IOException if another run holds it, or it cannot be read: the message says why
   */
  static RunManifest open(CliContext context, String purpose, boolean recursive, List<Path> arguments, boolean resume,
      Collection<Path> files) throws IOException {
    StringBuilder key = new StringBuilder(purpose).append(recursive ? "\u0000recursive" : "");
    arguments.forEach(argument -> key.append('\u0000').append(argument.toAbsolutePath().normalize()));
    String name = java.util.UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)) + ".tsv";
    Path path = JournalLocation.stateFolder(context).resolve("runs").resolve(name);
    Files.createDirectories(path.getParent());
    java.io.Closeable lock = UploadJournal.tryLock(path);
    if (lock == null) {
      throw new IOException("another run with the same arguments is using its record " + path
          + ": wait for it to end, or stop it; nothing was sent");
    }
    RunManifest manifest = new RunManifest(path, lock);
    try {
      if (resume) {
        Set<Path> wanted = new HashSet<>();
        files.forEach(file -> wanted.add(file.toAbsolutePath().normalize()));
        manifest.read(wanted);
      } else {
        manifest.checkReplaceable();
      }
    } catch (IOException | RuntimeException e) {
      manifest.close();
      throw e;
    }
    return manifest;
  }

  private void checkReplaceable() throws IOException {
    BasicFileAttributes attributes = attributes();
    if (attributes != null && !attributes.isRegularFile()) {
      throw new IOException("the run's record " + path + " is not a regular file (a link, a folder or a pipe), so it"
          + " is not a record of this tool and was left as it is: remove it and run again; nothing was sent");
    }
  }

  private BasicFileAttributes attributes() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void read(Set<Path> wanted) throws IOException {
    BasicFileAttributes attributes = attributes();
    if (attributes == null) {
      return;
    }
    checkReplaceable();
    if (attributes.size() > MAX_BYTES) {
      throw new IOException("the run's record " + path + " has " + attributes.size() + " bytes, more than a record of"
          + " this tool ever has (" + MAX_BYTES + "): remove it, or run without --resume; nothing was sent");
    }
    try (InputStream in = Channels.newInputStream(FileChannel.open(path, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS))) {
      InputStream bounded = new java.io.BufferedInputStream(in);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long total = 0;
      boolean tooLong = false;
      for (int b; (b = bounded.read()) != -1 && total++ < MAX_BYTES; ) {
        if (b != '\n') {
          tooLong |= line.size() >= MAX_LINE;
          if (!tooLong) {
            line.write(b);
          }
          continue;
        }
        if (!tooLong) {
          remember(line.toString(StandardCharsets.ISO_8859_1), wanted);
        }
        line.reset();
        tooLong = false;
      }
    } catch (IOException e) {
      throw new IOException("the run's record " + path + " cannot be read (" + e.getMessage() + "): remove it, or"
          + " run without --resume; nothing was sent", e);
    }
  }

  /** Keeps a complete line of this format about one of the {@code wanted} files; ignores anything else. */
  private void remember(String line, Set<Path> wanted) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      return;
    }
    try {
      Path file = NativePaths.of(NativePaths.decoded(fields[3]));
      String fileId = new String(NativePaths.decoded(fields[0]), StandardCharsets.UTF_8);
      if (wanted.contains(file) && fileId.startsWith("file-")) {
        done.put(file, new Done(fileId, Long.parseLong(fields[1]), Long.parseLong(fields[2]), line));
      }
    } catch (RuntimeException notOfThisFormat) {
      // a line cut short, or not written by this tool
    }
  }

  /**
   * The run starts sending: the record becomes a new file of this run's own, holding what it
   * kept from the last run when resuming. Not before, so that a run refused before any request
   * leaves the last run's record for its --resume.
   *
   * @throws IOException if it cannot be written, or something other than a record is in its place
   */
  void begin() throws IOException {
    checkReplaceable();
    Path temporary = Files.createTempFile(path.getParent(), "." + path.getFileName() + ".", ".tmp");
    try {
      writer = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
      StringBuilder kept = new StringBuilder(HEADER).append('\n');
      done.values().forEach(entry -> kept.append(entry.line()).append('\n'));
      writer.write(StandardCharsets.ISO_8859_1.encode(kept.toString()));
      writer.force(true);
      try {
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw new IOException("the run's record " + path + " cannot be written (" + e.getMessage() + "); nothing was"
          + " sent", e);
    }
  }

  Path path() {
    return path;
  }

  /** The File id of {@code file} when an earlier run uploaded it as it is now, else null. */
  String doneEarlier(Path file) throws IOException {
    Done entry = done.get(file.toAbsolutePath().normalize());
    if (entry == null) {
      return null;
    }
    boolean same = entry.size() == Files.size(file) && entry.modifiedMillis() == Files.getLastModifiedTime(file).toMillis();
    return same ? entry.fileId() : null;
  }

  /** Records that {@code file}, as it is now, became File {@code fileId}. */
  synchronized void recordDone(Path file, String fileId) throws IOException {
    String line = NativePaths.encoded(fileId.getBytes(StandardCharsets.UTF_8)) + "\t" + Files.size(file) + "\t"
        + Files.getLastModifiedTime(file).toMillis() + "\t" + NativePaths.encoded(NativePaths.bytes(file.toAbsolutePath().normalize()))
        + "\n";
    writer.write(StandardCharsets.ISO_8859_1.encode(line));
  }

  /** Closes the record and releases its lock. */
  @Override
  public synchronized void close() {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (IOException ignored) {
      // the lines written are on disk; nothing more to do
    }
    try {
      lock.close();
    } catch (IOException ignored) {
      // the lock goes with the process at the latest
    }
  }
}
