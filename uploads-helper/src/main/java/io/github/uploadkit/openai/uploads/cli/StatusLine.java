package io.github.uploadkit.openai.uploads.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A status drawn on one line of a terminal and redrawn in place: fitted to the width of each
 * frame, the last column left free so that the line never wraps; lines printed through
 * {@link #println} appear above it. The fitting keeps the fields by rank (most important first)
 * and shows them in their own order; a field that does not fit is left out whole, never cut.
 */
final class StatusLine {
  private static final String ERASE_TO_END = "\u001b[K";

  /**
   * One field of a status: its rank (0 is kept first), the fewest characters it takes, and its
   * text for the characters it is given (more than its fewest only for the one field that
   * stretches; it may give fewer, or "" to leave itself out).
   */
  record Field(int rank, int chars, IntFunction<String> text, boolean stretches) {
    static Field of(int rank, String text) {
      return new Field(rank, text.length(), given -> text, false);
    }

    /** A field that takes the characters no other field uses, at least {@code chars}. */
    static Field stretching(int rank, int chars, IntFunction<String> text) {
      return new Field(rank, chars, text, true);
    }
  }

  private final PrintStream err;
  private final Screen screen;
  private boolean drawn;

  StatusLine(PrintStream err, Screen screen) {
    this.err = err;
    this.screen = screen;
  }

  /** The characters a frame may have now: the width less its last column. */
  int width() {
    return Math.max(1, screen.columns() - 1);
  }

  /** Draws a frame made for the width now, replacing the one before. */
  synchronized void draw(IntFunction<String> frame) {
    String line = frame.apply(width());
    err.print("\r" + line + ERASE_TO_END);
    err.flush();
    drawn = true;
  }

  /** Removes the frame, leaving the cursor at the start of the empty line. */
  synchronized void clear() {
    if (drawn) {
      err.print("\r" + ERASE_TO_END);
      err.flush();
      drawn = false;
    }
  }

  /**
   * The fields that fit in {@code width} characters, joined by {@code separator}: kept by rank
   * while they fit, shown in the order given, and the stretching field (at most one) given what
   * the others leave.
   */
  static String fit(List<Field> fields, String separator, int width) {
    List<Field> byRank = new ArrayList<>(fields);
    byRank.sort(Comparator.comparingInt(Field::rank));
    Set<Field> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    int used = 0;
    for (Field field : byRank) {
      int more = field.chars() + (kept.isEmpty() ? 0 : separator.length());
      if (used + more <= width) {
        kept.add(field);
        used += more;
      }
    }
    int spare = width - used;
    StringBuilder line = new StringBuilder();
    for (Field field : fields) {
      if (kept.contains(field)) {
        int given = field.chars() + (field.stretches() ? spare : 0);
        String text = field.text().apply(given);
        if (!text.isEmpty() && text.length() <= given) {
          line.append(line.length() == 0 ? "" : separator).append(text);
        }
      }
    }
    return line.toString();
  }
}
