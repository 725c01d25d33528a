package io.github.uploadkit.openai.uploads.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where the tool keeps a file's upload journal (and its lock): in the state folder
 * ({@code $XDG_STATE_HOME/openai-uploads}, else {@code ~/.local/state/openai-uploads}), under a
 * name made from the file's real path, so that nothing is written beside the user's files and
 * one file reached through two paths has one journal. A journal that an earlier version left
 * beside the file ({@code .NAME.openai-upload.json}) is still found, to resume it.
 */
final class JournalLocation {
  private JournalLocation() {
  }

  /** Where earlier versions kept the journal: beside the file. */
  static Path beside(Path file) {
    return NativePaths.sibling(file, ".", ".openai-upload.json"); // from the name's bytes, whatever the locale
  }

  /**
   * The tool's state folder: {@code $XDG_STATE_HOME/openai-uploads}, else
   * {@code ~/.local/state/openai-uploads}; a relative {@code XDG_STATE_HOME} is ignored, as the XDG
   * Base Directory specification says (see {@link #ignoredStateHome}).
   */
  static Path stateFolder(CliContext context) {
    String state = context.env().get("XDG_STATE_HOME");
    Path folder = state != null && !state.isBlank() && ignoredStateHome(context) == null ? Path.of(state)
        : Path.of(context.env().getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
    return folder.resolve("openai-uploads");
  }

  /** Why {@code XDG_STATE_HOME} is ignored (it is a relative path), said for standard error; null when it is not. */
  static String ignoredStateHome(CliContext context) {
    String state = context.env().get("XDG_STATE_HOME");
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      if (Path.of(state).isAbsolute()) {
        return null;
      }
    } catch (java.nio.file.InvalidPathException e) {
      // not a path at all: ignored as a relative one is
    }
    return "XDG_STATE_HOME is not an absolute path ('" + PrintedText.plain(state) + "'), and the XDG Base Directory"
        + " specification says to ignore such a value: the state folder is ~/.local/state/openai-uploads (set"
        + " XDG_STATE_HOME to an absolute path to choose another)";
  }

  /**
   * Makes {@code folder} in the state folder when missing, or says what failed, which folder, and
   * how to choose another ({@code journalOption}: whether {@code --journal} can be given instead).
   */
  static void makeStateFolder(Path folder, boolean journalOption) throws IOException {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IOException("the state folder " + folder + " cannot be made (" + why(e)
          + "): set XDG_STATE_HOME to a writable folder" + (journalOption ? ", give --journal PATH, or add --no-journal"
              : " (the state folder keeps each file's journal and the run's record)"), e);
    }
  }

  /** What an I/O failure was, in words: a file system's reason rather than the bare path Java's message often is. */
  static String why(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
      return "a file that is not a folder is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** The journal's place in the state folder, named from the file's real path (its absolute path when it has none). */
  static Path inStateFolder(Path file, CliContext context) {
    return inStateFolderOf(realPath(file), context);
  }

  private static Path inStateFolderOf(Path absolute, CliContext context) {
    // a short, stable name for the file's path: its UUID (type 3, from an MD5 of the path's bytes)
    String key = java.util.UUID.nameUUIDFromBytes(NativePaths.bytes(absolute)).toString().replace("-", "").substring(0, 16);
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    name.writeBytes((key + "-").getBytes(StandardCharsets.UTF_8));
    name.writeBytes(NativePaths.bytes(absolute.getFileName()));
    name.writeBytes(".json".getBytes(StandardCharsets.UTF_8));
    return NativePaths.in(stateFolder(context), name.toByteArray());
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  /**
   * The journal that exists for the file: in the state folder (named from its real path, or from
   * its absolute path as before), else beside it; null when there is none.
   */
  static Path existing(Path file, CliContext context) {
    for (Path candidate : new Path[] {inStateFolder(file, context),
        inStateFolderOf(file.toAbsolutePath().normalize(), context), beside(file)}) {
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
    return null;
  }

  /** Where a new journal goes: the state folder, made when missing. */
  static Path forNewUpload(Path file, CliContext context) throws IOException {
    Path state = inStateFolder(file, context);
    makeStateFolder(state.getParent(), true);
    return state;
  }
}
