package io.github.uploadkit.openai.uploads.cli;

import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The library's log lines (it logs through {@link System.Logger}, which is java.util.logging here)
 * while the tool runs: kept from the JDK's console handler, which would print each failure a
 * second time in its own two-line format, and shown on the tool's standard error (escaped, the
 * key redacted) only when the user asked for a log: {@code --verbose} or {@code OPENAI_LOG=info}
 * ({@code debug} shows the library's debug lines too). Undone when the run ends.
 */
final class ToolLog implements AutoCloseable {
  /** Held, so that the settings stay on this logger (java.util.logging keeps loggers weakly). */
  private static final Logger LIBRARY = Logger.getLogger("io.github.uploadkit");

  private final Level level;
  private final boolean useParentHandlers;
  private final Handler handler;

  private ToolLog(Handler handler) {
    this.level = LIBRARY.getLevel();
    this.useParentHandlers = LIBRARY.getUseParentHandlers();
    this.handler = handler;
  }

  /** Takes the library's log lines for this run: to {@code context}'s standard error if asked for, else nowhere. */
  static ToolLog install(CliContext context, boolean verbose) {
    String asked = context.env().getOrDefault("OPENAI_LOG", "").trim().toLowerCase(Locale.ROOT);
    Level shown = asked.equals("debug") ? Level.FINE : verbose || asked.equals("info") ? Level.INFO : Level.OFF;
    Handler handler = shown == Level.OFF ? null : new Handler() {
      private final SimpleFormatter formatter = new SimpleFormatter();

      @Override
      public void publish(LogRecord record) {
        if (isLoggable(record)) {
          String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
          ToolHttp.logLine(context, "log: " + record.getLevel().getName().toLowerCase(Locale.ROOT) + ": "
              + PrintedText.plain(formatter.formatMessage(record) + thrown));
        }
      }

      @Override
      public void flush() {
        context.err().flush();
      }

      @Override
      public void close() {
      }
    };
    ToolLog log = new ToolLog(handler);
    LIBRARY.setUseParentHandlers(false);
    LIBRARY.setLevel(shown);
    if (handler != null) {
      handler.setLevel(shown);
      LIBRARY.addHandler(handler);
    }
    return log;
  }

  @Override
  public void close() {
    if (handler != null) {
      LIBRARY.removeHandler(handler);
    }
    LIBRARY.setLevel(level);
    LIBRARY.setUseParentHandlers(useParentHandlers);
  }
}
