package io.github.uploadkit.openai.uploads;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Reads a value on a daemon thread every period until stopped, and keeps the highest it saw. */
public final class PeakSampler {
  private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
  private final Thread thread;

  private PeakSampler(LongSupplier value, Duration period) {
    this.thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(value.getAsLong(), Math::max);
        try {
          Thread.sleep(period.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "peak-sampler");
    thread.setDaemon(true);
  }

  public static PeakSampler start(LongSupplier value, Duration period) {
    PeakSampler sampler = new PeakSampler(value, period);
    sampler.thread.start();
    return sampler;
  }

  /** Stops sampling; the peak stays readable. */
  public void stop() {
    thread.interrupt();
  }

  public long peak() {
    return peak.get();
  }
}
