package io.github.uploadkit.openai.uploads.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.Signals;

/**
 * The terminal that standard error writes to, if it is one: the displays draw a status line there
 * only. Asked of standard error itself (standard output may be a file or a pipe meanwhile); its
 * width is read again after the terminal is resized. When the width cannot be read, {@code COLUMNS}
 * is used, else 80.
 */
abstract class Screen {
  static final int DEFAULT_COLUMNS = 80;

  /** Whether standard error is a terminal on which a line may be redrawn in place. */
  abstract boolean terminal();

  /** The terminal's width in columns now; for a stream that is not a terminal, {@code COLUMNS} or 80. */
  abstract int columns();

  /** Not a terminal: plain lines. */
  static Screen none() {
    return fixed(false, DEFAULT_COLUMNS);
  }

  /** A terminal of a width that does not change, or a plain stream: for tests run in this JVM. */
  static Screen fixed(boolean terminal, int columns) {
    return new Screen() {
      @Override
      boolean terminal() {
        return terminal;
      }

      @Override
      int columns() {
        return columns;
      }
    };
  }

  /** The process's standard error, asked with JLine's {@code test -t 2}; never a terminal when TERM is dumb. */
  static Screen standardError(Map<String, String> env) {
    int fallback = columnsFrom(env);
    boolean terminal = !"dumb".equals(env.get("TERM")) && isTerminal();
    return terminal ? new StandardError(fallback) : fixed(false, fallback);
  }

  private static boolean isTerminal() {
    try {
      return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
    } catch (IOException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** {@code COLUMNS} when it holds a width, else 80. */
  static int columnsFrom(Map<String, String> env) {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
      return columns > 0 ? columns : DEFAULT_COLUMNS;
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }

  /** Standard error on a terminal: its width read once, then again after each SIGWINCH. */
  private static final class StandardError extends Screen {
    private final int fallback;
    private volatile boolean resized = true;
    private int columns;

    StandardError(int fallback) {
      this.fallback = fallback;
      try {
        Signals.register("WINCH", () -> resized = true);
      } catch (RuntimeException | LinkageError e) {
        // no such signal here (Windows): the width read first stays
      }
    }

    @Override
    boolean terminal() {
      return true;
    }

    @Override
    synchronized int columns() {
      if (resized) {
        resized = false;
        int read = read();
        columns = read > 0 ? read : fallback;
      }
      return columns;
    }

    /**
     * The width as {@code stty} reads it from standard error's own terminal (JLine's width
     * asks standard input, which may be a file); -1 when it cannot be read.
     */
    private static int read() {
      try {
        Process stty = new ProcessBuilder("sh", "-c", "stty size <&2 2>/dev/null")
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        String size;
        try (InputStream in = stty.getInputStream()) {
          size = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
        }
        if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
          stty.destroy();
          return -1;
        }
        String[] rowsAndColumns = size.split("\\s+");
        return rowsAndColumns.length == 2 ? Integer.parseInt(rowsAndColumns[1]) : -1;
      } catch (IOException | RuntimeException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }
}
