package io.github.uploadkit.openai.uploads;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the uploader logs through {@code System.Logger} (java.util.logging behind it in
 * the tests), at every level, until closed.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.github.uploadkit.openai.uploads");

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Level levelBefore;

  private LogCapture() {
    levelBefore = LOG.getLevel();
    LOG.setLevel(Level.ALL);
    LOG.addHandler(this);
  }

  static LogCapture start() {
    return new LogCapture();
  }

  List<LogRecord> records() {
    return records;
  }

  List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    LOG.removeHandler(this);
    LOG.setLevel(levelBefore);
  }
}
