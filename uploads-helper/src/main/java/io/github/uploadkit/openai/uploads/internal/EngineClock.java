package io.github.uploadkit.openai.uploads.internal;

/**
 * The engine's one source of time: a monotonic count of nanoseconds for waits, pauses and
 * durations, and the wall clock's seconds for the dates the API sends (an Upload's expiry).
 * Tests give the engine a clock of their own to move time by hand.
 */
interface EngineClock {
  /** The system's clocks. */
  EngineClock SYSTEM = new EngineClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public long epochSecond() {
      return System.currentTimeMillis() / 1000;
    }
  };

  /** A monotonic count of nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /** Seconds since the epoch, as the API dates things. */
  long epochSecond();
}
