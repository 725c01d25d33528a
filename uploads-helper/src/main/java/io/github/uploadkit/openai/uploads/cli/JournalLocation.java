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

  /** The tool's state folder: {@code $XDG_STATE_HOME/openai-uploads}, else {@code ~/.local/state/openai-uploads}. */
  static Path stateFolder(CliContext context) {
    String state = context.env().get("XDG_STATE_HOME");
    Path folder = state != null && !state.isBlank() ? Path.of(state)
        : Path.of(context.env().getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
    return folder.resolve("openai-uploads");
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
    try {
      Files.createDirectories(state.getParent());
    } catch (IOException e) {
      throw new IOException("the state folder " + state.getParent() + " cannot be made (" + e.getMessage()
          + "): set XDG_STATE_HOME to a writable folder, give --journal PATH, or add --no-journal", e);
    }
    return state;
  }
}
