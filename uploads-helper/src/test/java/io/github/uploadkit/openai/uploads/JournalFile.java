package io.github.uploadkit.openai.uploads;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A journal as the tests read it: its file format, parsed as plain JSON (the journal's class is internal). */
record JournalFile(String uploadId, long expiresAt, boolean completionSent, Map<Integer, String> parts) {
  /** The largest journal the uploader reads. */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  static JournalFile read(Path file) {
    try {
      Map<?, ?> json = (Map<?, ?>) new Moshi.Builder().build().adapter(Object.class).fromJson(Files.readString(file));
      Map<Integer, String> parts = new TreeMap<>();
      ((Map<?, ?>) json.get("parts")).forEach((number, id) -> parts.put(Integer.parseInt((String) number), (String) id));
      return new JournalFile((String) json.get("upload_id"), ((Number) json.get("expires_at")).longValue(),
          Boolean.TRUE.equals(json.get("completion_sent")), parts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
