package io.github.uploadkit.openai.uploads.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tool keeps a file's upload journal: beside the file as {@code .NAME.openai-upload.json},
 * or, when that folder is not writable, in the state folder ({@code $XDG_STATE_HOME/openai-uploads},
 * else {@code ~/.local/state/openai-uploads}).
 */
final class JournalLocation {
  private JournalLocation() {
  }

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

  static Path inStateFolder(Path file, CliContext context) {
    Path absolute = file.toAbsolutePath().normalize();
    // a short, stable name for the file's path: its UUID (type 3, from an MD5 of the path's bytes)
    String key = java.util.UUID.nameUUIDFromBytes(NativePaths.bytes(absolute)).toString().replace("-", "").substring(0, 16);
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    name.writeBytes((key + "-").getBytes(StandardCharsets.UTF_8));
    name.writeBytes(NativePaths.bytes(absolute.getFileName()));
    name.writeBytes(".json".getBytes(StandardCharsets.UTF_8));
    return NativePaths.in(stateFolder(context), name.toByteArray());
  }

  /** The journal that exists for the file, beside it or in the state folder; null when neither does. */
  static Path existing(Path file, CliContext context) {
    Path beside = beside(file);
    if (Files.exists(beside)) {
      return beside;
    }
    Path state = inStateFolder(file, context);
    return Files.exists(state) ? state : null;
  }

  /** Where a new journal goes: beside the file when its folder is writable, else the state folder. */
  static Path forNewUpload(Path file, CliContext context) throws java.io.IOException {
    Path beside = beside(file);
    if (Files.isWritable(beside.getParent())) {
      return beside;
    }
    Path state = inStateFolder(file, context);
    Files.createDirectories(state.getParent());
    return state;
  }
}
