package io.github.uploadkit.openai.uploads.internal;

/**
 * The rule for an id this library puts into a request's path (an Upload's, from a caller, a
 * journal or a server): 1 to {@value #MAX_LENGTH} ASCII letters, digits, '_' and '-', as the API's
 * ids are ({@code upload_abc123}). Anything else could leave the path ({@code ..}, {@code /}) or
 * name another route ({@code ""} gives {@code /uploads//cancel}), so it is refused before any
 * request.
 */
final class UploadIds {
  static final int MAX_LENGTH = 256;
  /** What an id may be, for a message. */
  static final String ALLOWED = "an Upload id is 1 to " + MAX_LENGTH + " letters, digits, '_' and '-', as in upload_abc123";
  private static final int SHOWN = 64;

  private UploadIds() {
  }

  /** Whether {@code id} is a plain id that can go into a path as it is. */
  static boolean plain(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} (already redacted) in double quotes for a message: a quote, a backslash and
   * every character outside printable ASCII escaped as {@code \}{@code uXXXX}, and no more than
   * {@value #SHOWN} characters shown.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(text.length(), SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (text.length() > shown) {
      out.append(" (").append(text.length()).append(" characters, the first ").append(shown).append(" shown)");
    }
    return out.toString();
  }
}
