package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows an upload's progress: a bar on a terminal, a line every few seconds otherwise. */
abstract class ProgressDisplay implements UploadListener {
  /** The longest file name the bar shows, so that the bar keeps its width at 80 columns. */
  static final int NAME_CHARS = 20;

  final MonotonicProgress shown = new MonotonicProgress();

  static ProgressDisplay create(boolean terminal, boolean verbose, String name, long total, PrintStream err) {
    return terminal ? new Bar(name, total, verbose, err) : new Lines(name, verbose, err);
  }

  static String describe(UploadProgress p) {
    String eta = p.eta().map(ProgressDisplay::duration).orElse("?");
    return String.format(Locale.ROOT, "%d%% %s of %s, %s/s, ETA %s, parts %d/%d, retries %d",
        (int) Math.floor(p.fraction() * 100), bytes(p.bytesSent()), bytes(p.totalBytes()),
        bytes((long) p.bytesPerSecond()), eta, p.partsCompleted(), p.partsTotal(), p.retries());
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** Shows the final state (plain lines only after success) and releases the display. */
  abstract void finish(UploadProgress progress, boolean succeeded);

  /** A progress bar drawn by the progressbar library. */
  private static final class Bar extends ProgressDisplay {
    private final ProgressBar bar;
    private final boolean verbose;
    private final PrintStream err;

    Bar(String name, long total, boolean verbose, PrintStream err) {
      this.verbose = verbose;
      this.err = err;
      this.bar = new ProgressBarBuilder()
          .setTaskName(MonotonicProgress.shorten(name, NAME_CHARS))
          .setInitialMax(total)
          .setUnit("MiB", 1 << 20)
          .setStyle(ProgressBarStyle.ASCII)
          .showSpeed()
          .setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .build();
    }

    @Override
    public void onBytesTransferred(long delta, UploadProgress latest) {
      synchronized (bar) {
        UploadProgress progress = shown.next(latest);
        bar.stepTo(progress.bytesSent());
        bar.setExtraMessage(" parts " + progress.partsCompleted() + "/" + progress.partsTotal()
            + (progress.retries() > 0 ? ", retries " + progress.retries() : ""));
      }
    }

    @Override
    public void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
      if (verbose) {
        synchronized (bar) {
          err.println();
          err.println(Lines.retryLine(part, attempt, delay, cause));
        }
      }
    }

    @Override
    void finish(UploadProgress latest, boolean succeeded) {
      synchronized (bar) {
        UploadProgress progress = shown.next(latest);
        bar.stepTo(progress.bytesSent());
        bar.setExtraMessage(" parts " + progress.partsCompleted() + "/" + progress.partsTotal()
            + (progress.retries() > 0 ? ", retries " + progress.retries() : ""));
        bar.close();
      }
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

    static String retryLine(PartRange part, int attempt, Duration delay, Throwable cause) {
      return "retry: " + (part == null ? "request" : "part " + part.number()) + " attempt " + attempt
          + " failed (" + PrintedText.plain(String.valueOf(cause.getMessage())) + "); trying again in " + delay.toMillis()
          + " ms";
    }

    @Override
    public synchronized void onBytesTransferred(long delta, UploadProgress latest) {
      UploadProgress progress = shown.next(latest);
      long now = System.nanoTime();
      if (now - lastNanos >= INTERVAL_NANOS) {
        lastNanos = now;
        err.println(name + ": " + describe(progress));
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
        err.println(name + ": " + describe(shown.next(latest)));
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
