package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows one upload's progress: on a terminal, a status line redrawn in place and fitted to the
 * width (see {@link #fields}); otherwise a plain line every few seconds.
 */
abstract class ProgressDisplay implements UploadListener {
  /** The longest file name the status shows. */
  static final int NAME_CHARS = 20;
  /** The narrowest bar worth drawing, brackets included, and the widest. */
  private static final int BAR_MIN = 12;
  private static final int BAR_MAX = 42;
  /** No rate or time left is shown before this much time: the first figures say nothing. */
  private static final Duration SETTLED = Duration.ofSeconds(1);

  final MonotonicProgress shown = new MonotonicProgress();
  /** What an earlier run had stored of a resumed upload: the first event's total less its own bytes; -1 before it. */
  private long before = -1;

  /** The progress to show for an event, noting on the first what was stored before this run. */
  synchronized UploadProgress next(long delta, UploadProgress latest) {
    if (before < 0) {
      before = Math.max(0, latest.bytesSent() - delta);
    }
    return shown.next(latest);
  }

  synchronized long before() {
    return Math.max(0, before);
  }

  static ProgressDisplay create(Screen screen, boolean verbose, String name, PrintStream err) {
    return screen.terminal() ? new Live(name, verbose, new StatusLine(err, screen), err) : new Lines(name, verbose, err);
  }

  /**
   * The status's fields in the order shown, ranked by what matters most when the width is short:
   * the percentage, the bytes, retries (when any), the time left and the rate (once known), the
   * name, the bar, the parts. Nothing unknown is shown as a placeholder: it is left out.
   */
  static List<StatusLine.Field> fields(String name, UploadProgress p, boolean bar) {
    return fields(name, p, 0, bar);
  }

  /** The fields, the rate and time left counting only what this run sent: {@code before} was stored earlier. */
  static List<StatusLine.Field> fields(String name, UploadProgress p, long before, boolean bar) {
    List<StatusLine.Field> fields = new ArrayList<>();
    fields.add(StatusLine.Field.of(5, MonotonicProgress.shorten(name, NAME_CHARS)));
    fields.add(StatusLine.Field.of(0, (int) Math.floor(p.fraction() * 100) + "%"));
    fields.add(StatusLine.Field.of(1, bytes(p.bytesSent()) + " of " + bytes(p.totalBytes())));
    long sentNow = p.bytesSent() - before;
    double rate = sentNow / Math.max(1e-9, p.elapsed().toNanos() / 1e9);
    if (p.elapsed().compareTo(SETTLED) >= 0 && sentNow > 0) {
      fields.add(StatusLine.Field.of(4, bytes((long) rate) + "/s"));
      if (p.bytesSent() < p.totalBytes()) {
        fields.add(StatusLine.Field.of(3, duration(Duration.ofSeconds((long) Math.ceil(
            (p.totalBytes() - p.bytesSent()) / rate))) + " left"));
      }
    }
    fields.add(StatusLine.Field.of(7, "parts " + p.partsCompleted() + "/" + p.partsTotal()));
    if (p.retries() > 0) {
      fields.add(StatusLine.Field.of(2, "retries " + p.retries()));
    }
    if (bar) {
      fields.add(StatusLine.Field.stretching(6, BAR_MIN, chars -> bar(p.fraction(), Math.min(chars, BAR_MAX))));
    }
    return fields;
  }

  /** A bar of {@code chars} characters, brackets included. */
  static String bar(double fraction, int chars) {
    int inside = chars - 2;
    int full = (int) Math.floor(Math.min(1, Math.max(0, fraction)) * inside);
    return "[" + "=".repeat(full) + (full < inside ? ">" + " ".repeat(inside - full - 1) : "") + "]";
  }

  /** The whole status on one plain line, for logs and pipes. */
  static String describe(String name, UploadProgress p, long before) {
    List<StatusLine.Field> fields = fields(name, p, before, false);
    return name + ": " + StatusLine.fit(fields.subList(1, fields.size()), ", ", Integer.MAX_VALUE);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  static String retryLine(PartRange part, int attempt, Duration delay, Throwable cause) {
    return "retry: " + (part == null ? "request" : "part " + part.number()) + " attempt " + attempt
        + " failed (" + PrintedText.plain(String.valueOf(cause.getMessage())) + "); trying again in "
        + delay.toMillis() + " ms";
  }

  /** Shows the final state and releases the display. */
  abstract void finish(UploadProgress progress, boolean succeeded);

  /** The status line on a terminal: redrawn at most every 200 ms, and once at the end. */
  private static final class Live extends ProgressDisplay {
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private final String name;
    private final boolean verbose;
    private final StatusLine line;
    private final PrintStream err;
    private long lastNanos;

    Live(String name, boolean verbose, StatusLine line, PrintStream err) {
      this.name = name;
      this.verbose = verbose;
      this.line = line;
      this.err = err;
    }

    private void draw(UploadProgress progress) {
      line.draw(width -> StatusLine.fit(fields(name, progress, before(), true), "  ", width));
    }

    @Override
    public synchronized void onBytesTransferred(long delta, UploadProgress latest) {
      UploadProgress progress = next(delta, latest);
      long now = System.nanoTime();
      if (lastNanos == 0 || now - lastNanos >= REDRAW_NANOS) {
        lastNanos = now;
        draw(progress);
      }
    }

    @Override
    public synchronized void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
      if (verbose) {
        line.clear();
        err.println(retryLine(part, attempt, delay, cause));
      }
    }

    @Override
    synchronized void finish(UploadProgress latest, boolean succeeded) {
      draw(shown.next(latest));
      err.println();
    }
  }

  /** Plain lines for logs and pipes: at most one every two seconds, and one at the end. */
  private static final class Lines extends ProgressDisplay {
    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();
    private final String name;
    private final boolean verbose;
    private final PrintStream err;
    private long lastNanos = System.nanoTime();

    Lines(String name, boolean verbose, PrintStream err) {
      this.name = name;
      this.verbose = verbose;
      this.err = err;
    }

    @Override
    public synchronized void onBytesTransferred(long delta, UploadProgress latest) {
      UploadProgress progress = next(delta, latest);
      long now = System.nanoTime();
      if (now - lastNanos >= INTERVAL_NANOS) {
        lastNanos = now;
        err.println(describe(name, progress, before()));
      }
    }

    @Override
    public synchronized void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
      if (verbose) {
        err.println(retryLine(part, attempt, delay, cause));
      }
    }

    @Override
    synchronized void finish(UploadProgress latest, boolean succeeded) {
      if (succeeded) {
        err.println(describe(name, shown.next(latest), before()));
      }
    }
  }

  /** A byte count as the display shows it: the largest binary unit that keeps a number of 1 or more. */
  static String bytes(long count) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = count <= 0 ? 0 : Math.min(units.length - 1, (63 - Long.numberOfLeadingZeros(count)) / 10);
    if (unit == 0) {
      return count + " B";
    }
    double scaled = count / (double) (1L << (10 * unit));
    String number = scaled == Math.rint(scaled) ? String.valueOf((long) scaled)
        : String.format(java.util.Locale.ROOT, "%.1f", scaled);
    return number + " " + units[unit];
  }
}
