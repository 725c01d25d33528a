package io.github.uploadkit.openai.uploads.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Paces the requests of an engine on the request budget the server announces, so that processes
 * sharing one organization's budget slow down together before any of them is refused. The rule:
 * the {@code remaining} requests of the newest announcement are spread evenly over the time until
 * the budget is full again, one start every {@code resetIn / (remaining + 1)}, so that the budget
 * is not used up before it refills; when none is left, the next request waits for the reset. No
 * start waits more than {@link #MAX_INTERVAL} after the one before. Every process that
 * reads the same budget slows down as it shrinks; with a budget that refills at a steady rate, N
 * such processes settle where their starts add up to the refill rate with about
 * {@code limit / (N + 1)} requests to spare. The cost: a lone process whose work is a large share
 * of a full budget spends it more slowly than it could.
 *
 * <p>Until one attempt has ended (for at most {@link #FIRST_ANSWER_WAIT}), one request goes at a
 * time, so that processes started together learn the budget before they spend it. An
 * announcement holds until its reset time; after that, or without any, requests are not paced.
 * An answer without the headers changes nothing. Not thread-safe: the scheduler guards it.
 */
final class RequestPacing {
  /** The longest spacing between starts; a longer drought is left to the 429s and their Retry-After. */
  static final Duration MAX_INTERVAL = Duration.ofSeconds(10);
  /** How long the first request is waited for before others go unpaced. */
  static final Duration FIRST_ANSWER_WAIT = Duration.ofSeconds(1);

  /**
   * What the pacing knows at a moment, for reports: the newest announced budget, the spacing it
   * sets between starts, and how long a request that is ready now would wait.
   */
  record Snapshot(Optional<AnnouncedBudget> announced, Duration interval, Duration delay) {
  }

  private AnnouncedBudget announced;
  private long resetAt;
  private long interval;
  private boolean started;
  private boolean answered;
  private long firstStart;
  private long lastStart;

  /**
   * An attempt ended at {@code now}: with the budget its answer announced, or null when it had
   * none (absent or malformed headers, or no answer at all), which changes nothing.
   */
  void attemptEnded(AnnouncedBudget budget, long now) {
    answered = true;
    if (budget == null) {
      return;
    }
    announced = budget;
    long reset = budget.resetIn().toNanos();
    resetAt = now + reset;
    interval = Math.min(reset / (budget.remaining() + 1), MAX_INTERVAL.toNanos());
  }

  /** The earliest moment (in the clock's nanoseconds) at which the next request may start; {@code now} or before means now. */
  long nextStart(long now) {
    if (started && !answered) {
      return firstStart + FIRST_ANSWER_WAIT.toNanos();
    }
    if (announced == null || now - resetAt >= 0) {
      return now;
    }
    long next = announced.remaining() == 0 ? resetAt : lastStart + interval;
    long latest = lastStart + MAX_INTERVAL.toNanos();
    return next - latest > 0 ? latest : next;
  }

  /** A request started at {@code now}; a cancel too, though it does not wait. */
  void started(long now) {
    if (!started) {
      started = true;
      firstStart = now;
    }
    lastStart = now;
  }

  /** What the pacing knows at {@code now}. */
  Snapshot snapshot(long now) {
    boolean current = announced != null && now - resetAt < 0;
    return new Snapshot(Optional.ofNullable(announced), Duration.ofNanos(current ? interval : 0),
        Duration.ofNanos(Math.max(0, nextStart(now) - now)));
  }
}
