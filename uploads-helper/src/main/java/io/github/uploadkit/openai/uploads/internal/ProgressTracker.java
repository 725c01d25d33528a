package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts bytes, parts, retries and rate-limit waits from many threads at once, makes snapshots
 * of them, and passes byte counts to the listener coalesced: at most one event per
 * {@link #BYTE_EVENT_INTERVAL}, plus one at the end of each part attempt.
 */
final class ProgressTracker {
  static final Duration BYTE_EVENT_INTERVAL = Duration.ofMillis(200);

  private final long totalBytes;
  private final int partsTotal;
  private final UploadListener listener;
  private final EngineClock clock;
  private final EngineEvents events;
  private final long startNanos;
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicInteger partsCompleted = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicLong throttledNanos = new AtomicLong();
  private final AtomicLong unreportedBytes = new AtomicLong();
  private final AtomicLong lastByteEvent;

  /** Counts for one upload; bytes sent and rate-limit waits are added to the engine's {@code events} too. */
  ProgressTracker(long totalBytes, int partsTotal, UploadListener listener, EngineClock clock, EngineEvents events) {
    this.clock = clock;
    this.events = events;
    this.startNanos = clock.nanoTime();
    this.lastByteEvent = new AtomicLong(startNanos);
    this.totalBytes = totalBytes;
    this.partsTotal = partsTotal;
    this.listener = listener;
  }

  /** Counts bytes of a part on the wire (or taken back) and tells the listener when an event is due. */
  void addBytes(long delta) {
    bytesSent.addAndGet(delta);
    events.bytes(delta);
    unreportedBytes.addAndGet(delta);
    long now = clock.nanoTime();
    long last = lastByteEvent.get();
    if (now - last >= BYTE_EVENT_INTERVAL.toNanos() && lastByteEvent.compareAndSet(last, now)) {
      flushBytes();
    }
  }

  /** Counts the bytes of parts stored before a resume, without events. */
  void addStoredPart(long length) {
    bytesSent.addAndGet(length);
    partsCompleted.incrementAndGet();
  }

  /** Tells the listener of bytes not yet reported. */
  void flushBytes() {
    long delta = unreportedBytes.getAndSet(0);
    if (delta != 0) {
      listener.onBytesTransferred(delta, snapshot());
    }
  }

  void partCompleted() {
    partsCompleted.incrementAndGet();
  }

  void retried() {
    retries.incrementAndGet();
  }

  void throttled() {
    throttled.incrementAndGet();
  }

  void waitedForRateLimit(long nanos) {
    throttledNanos.addAndGet(nanos);
    events.waitedForRateLimit(nanos);
  }

  int retries() {
    return retries.get();
  }

  Duration elapsed() {
    return Duration.ofNanos(clock.nanoTime() - startNanos);
  }

  UploadProgress snapshot() {
    long sent = Math.max(0, Math.min(totalBytes, bytesSent.get()));
    return new UploadProgress(totalBytes, sent, partsTotal, partsCompleted.get(), retries.get(), throttled.get(),
        Duration.ofNanos(throttledNanos.get()), elapsed());
  }
}
