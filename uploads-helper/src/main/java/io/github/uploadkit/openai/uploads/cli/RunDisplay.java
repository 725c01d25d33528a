package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress of a many-file run as one status: files done of all, bytes, rate, time left and
 * the files in flight. On a terminal, one line redrawn in place, fitted to the width; otherwise a
 * plain line every {@value #PLAIN_SECONDS} seconds; nothing when quiet. Result lines printed
 * through {@link #println} do not tear the status line.
 */
final class RunDisplay {
  static final int PLAIN_SECONDS = 10;
  private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();

  private final PrintStream err;
  private final boolean terminal;
  private final boolean quiet;
  private final int width;
  private final int files;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  /** The files in flight by path: their name as shown, and the bytes they have sent. */
  private final Map<java.nio.file.Path, Long> inFlight = new LinkedHashMap<>();
  private int filesDone;
  private long bytesDone;
  private long lastDrawNanos;
  private int drawnChars;

  RunDisplay(CliContext context, boolean quiet, int files, long totalBytes) {
    this.err = context.err();
    this.terminal = context.terminal();
    this.quiet = quiet;
    this.width = columns(context);
    this.files = files;
    this.totalBytes = totalBytes;
    this.lastDrawNanos = startNanos;
  }

  private static int columns(CliContext context) {
    try {
      return Math.max(40, Integer.parseInt(context.env().getOrDefault("COLUMNS", "80").trim()));
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** A listener that counts one file's bytes into the status, where the file shows by its name. */
  UploadListener listenerFor(java.nio.file.Path file) {
    MonotonicProgress shown = new MonotonicProgress();
    synchronized (this) {
      inFlight.put(file, 0L);
    }
    return new UploadListener() {
      @Override
      public void onBytesTransferred(long delta, UploadProgress latest) {
        long sent;
        synchronized (shown) {
          sent = shown.next(latest).bytesSent();
        }
        update(file, sent);
      }
    };
  }

  private synchronized void update(java.nio.file.Path file, long sent) {
    if (inFlight.containsKey(file)) {
      inFlight.put(file, sent);
      maybeDraw(false);
    }
  }

  /** A file ended: its bytes count as done when it succeeded. */
  synchronized void fileEnded(java.nio.file.Path file, long bytes, boolean succeeded) {
    inFlight.remove(file);
    filesDone++;
    if (succeeded) {
      bytesDone += bytes;
    }
    maybeDraw(false);
  }

  /** Prints a line to {@code out} (a result) or standard error, clearing the status line first. */
  synchronized void println(PrintStream out, String line) {
    clear();
    out.println(line);
    out.flush();
    maybeDraw(true);
  }

  /** Clears the status; on a plain stream, prints the last state. */
  synchronized void close() {
    if (quiet) {
      return;
    }
    if (terminal) {
      clear();
    } else {
      err.println(status(Integer.MAX_VALUE));
    }
  }

  private void maybeDraw(boolean now) {
    if (quiet) {
      return;
    }
    long nanos = System.nanoTime();
    if (terminal && (now || nanos - lastDrawNanos >= REDRAW_NANOS)) {
      lastDrawNanos = nanos;
      String line = status(width - 1);
      err.print("\r" + line + " ".repeat(Math.max(0, drawnChars - line.length())));
      err.flush();
      drawnChars = line.length();
    } else if (!terminal && nanos - lastDrawNanos >= Duration.ofSeconds(PLAIN_SECONDS).toNanos()) {
      lastDrawNanos = nanos;
      err.println(status(Integer.MAX_VALUE));
    }
  }

  private void clear() {
    if (terminal && drawnChars > 0) {
      err.print("\r" + " ".repeat(drawnChars) + "\r");
      err.flush();
      drawnChars = 0;
    }
  }

  /** The status in at most {@code max} characters: the numbers first, then as many names as fit. */
  String status(int max) {
    long sent = bytesDone + inFlight.values().stream().mapToLong(Long::longValue).sum();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = sent / seconds;
    String eta = rate <= 0 || seconds < 1 ? "?" : ProgressDisplay.duration(
        Duration.ofSeconds((long) Math.ceil(Math.max(0, totalBytes - sent) / rate)));
    String numbers = String.format(Locale.ROOT, "%d/%d files, %s of %s, %s/s, %s left", filesDone, files,
        ProgressDisplay.bytes(sent), ProgressDisplay.bytes(totalBytes), ProgressDisplay.bytes((long) rate), eta);
    StringBuilder line = new StringBuilder(numbers.length() > max ? numbers.substring(0, max) : numbers);
    java.util.List<String> names = inFlight.keySet().stream().map(file -> PrintedText.plain(file.getFileName())).toList();
    for (int i = 0; i < names.size(); i++) {
      String more = (i == 0 ? " | " : ", ") + MonotonicProgress.shorten(names.get(i), 24);
      int left = names.size() - i - 1;
      if (line.length() + more.length() + (left > 0 ? (" +" + left).length() : 0) > max) {
        String all = " +" + (names.size() - i);
        if (line.length() + all.length() <= max) {
          line.append(all);
        }
        break;
      }
      line.append(more);
    }
    return line.length() > max ? line.substring(0, max) : line.toString();
  }
}
