package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of a many-file run as one status: files done of all, bytes, rate, time left and
 * the files in flight. On a terminal, one line redrawn in place and fitted to its width (see
 * {@link StatusLine}); otherwise a plain line every {@value #PLAIN_SECONDS} seconds; nothing when
 * quiet. Result lines printed through {@link #println} do not tear the status line. It counts
 * what this run sends: files an earlier run uploaded are not among its files.
 */
final class RunDisplay {
  static final int PLAIN_SECONDS = 10;
  private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
  /** The fewest characters the names of the files in flight are worth. */
  private static final int NAMES_MIN = 10;

  private final PrintStream err;
  private final boolean terminal;
  private final boolean quiet;
  private final StatusLine line;
  private final int files;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  /** The files in flight: the bytes an earlier run stored of each, and the bytes it sent in this run. */
  private final Map<java.nio.file.Path, long[]> inFlight = new LinkedHashMap<>();
  private int filesDone;
  private int filesFailed;
  private long bytesDone;
  private long lastDrawNanos;

  RunDisplay(CliContext context, boolean quiet, int files, long totalBytes) {
    this.err = context.err();
    this.terminal = context.screen().terminal();
    this.quiet = quiet;
    this.line = new StatusLine(err, context.screen());
    this.files = files;
    this.totalBytes = totalBytes;
    this.lastDrawNanos = startNanos;
  }

  /**
   * A listener that counts one file's bytes into the status, where the file shows by its name.
   * What an earlier run stored of it (a resumed upload) is not counted: the first event's total
   * less its own bytes.
   */
  UploadListener listenerFor(java.nio.file.Path file) {
    MonotonicProgress shown = new MonotonicProgress();
    long[] before = {-1};
    synchronized (this) {
      inFlight.put(file, new long[] {0, 0});
    }
    return new UploadListener() {
      @Override
      public void onBytesTransferred(long delta, UploadProgress latest) {
        long sent;
        synchronized (shown) {
          if (before[0] < 0) {
            before[0] = Math.max(0, latest.bytesSent() - delta);
          }
          sent = shown.next(latest).bytesSent();
        }
        update(file, before[0], sent);
      }
    };
  }

  private synchronized void update(java.nio.file.Path file, long before, long sent) {
    long[] counts = inFlight.get(file);
    if (counts != null) {
      counts[0] = before;
      counts[1] = Math.max(0, sent - before);
      maybeDraw(false);
    }
  }

  /** A file ended: the bytes this run sent of it ({@code size} less what an earlier run stored) count when it succeeded. */
  synchronized void fileEnded(java.nio.file.Path file, long size, boolean succeeded) {
    long[] counts = inFlight.remove(file);
    filesDone++;
    if (succeeded) {
      bytesDone += Math.max(0, size - (counts == null ? 0 : counts[0]));
    } else {
      filesFailed++;
    }
    maybeDraw(false);
  }

  /** The bytes of the files this run uploaded, sent by this run. */
  synchronized long bytesDone() {
    return bytesDone;
  }

  /** Prints a line to {@code out} (a result) or standard error, clearing the status line first. */
  synchronized void println(PrintStream out, String text) {
    line.clear();
    out.println(text);
    out.flush();
    maybeDraw(true);
  }

  /** Clears the status; on a plain stream, prints the last state. */
  synchronized void close() {
    if (quiet) {
      return;
    }
    if (terminal) {
      line.clear();
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
      line.draw(this::status);
    } else if (!terminal && nanos - lastDrawNanos >= Duration.ofSeconds(PLAIN_SECONDS).toNanos()) {
      lastDrawNanos = nanos;
      err.println(status(Integer.MAX_VALUE));
    }
  }

  /**
   * The status in at most {@code max} characters, ranked: files done of all, bytes, failures
   * (when any), time left and rate (once known), then the names of the files in flight that fit.
   */
  synchronized String status(int max) {
    long sent = bytesDone + inFlight.values().stream().mapToLong(counts -> counts[1]).sum();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds <= 0 ? 0 : sent / seconds;
    List<StatusLine.Field> fields = new ArrayList<>();
    fields.add(StatusLine.Field.of(0, filesDone + "/" + files + " files"));
    fields.add(StatusLine.Field.of(1, ProgressDisplay.bytes(sent) + " of " + ProgressDisplay.bytes(totalBytes)));
    if (filesFailed > 0) {
      fields.add(StatusLine.Field.of(2, filesFailed + " failed"));
    }
    if (seconds >= 1 && rate > 0) {
      fields.add(StatusLine.Field.of(4, ProgressDisplay.bytes((long) rate) + "/s"));
      if (filesDone < files && sent < totalBytes) {
        fields.add(StatusLine.Field.of(3, ProgressDisplay.duration(
            Duration.ofSeconds((long) Math.ceil((totalBytes - sent) / rate))) + " left"));
      }
    }
    List<String> names = inFlight.keySet().stream().map(file -> PrintedText.plain(file.getFileName())).toList();
    if (!names.isEmpty()) {
      fields.add(StatusLine.Field.stretching(5, NAMES_MIN, chars -> names(names, chars)));
    }
    return StatusLine.fit(fields, ", ", max);
  }

  /**
   * As many names as fit in {@code max} characters, then "+N" for the others; the first shortened
   * to the room there is (to 8 characters at least); "" when not even that fits.
   */
  private static String names(List<String> names, int max) {
    StringBuilder shown = new StringBuilder("sending");
    for (int i = 0; i < names.size(); i++) {
      int left = names.size() - i - 1;
      int others = left > 0 ? (" +" + left).length() : 0;
      int room = max - shown.length() - (i == 0 ? 1 : 2) - others;
      String name = MonotonicProgress.shorten(names.get(i), i == 0 ? Math.min(24, room) : 24);
      if (name.length() > room || i == 0 && room < 8) {
        String all = " +" + (names.size() - i);
        return i == 0 ? "" : shown.length() + all.length() <= max ? shown + all : shown.toString();
      }
      shown.append(i == 0 ? " " : ", ").append(name);
    }
    return shown.toString();
  }
}
