package io.github.uploadkit.openai.uploads.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Paces the requests of an engine on the request budget the server announces, so that processes
 * sharing one organization's budget slow down together before any of them is refused. Three
 * rules, in the clock's nanoseconds:
 * <ol>
 *   <li>Spacing: what is left of the newest announcement (its {@code remaining} less the requests
 *       this engine started after the answered one) is spread over {@value #SPREAD} times the
 *       time until the budget is full again: one start every
 *       {@code SPREAD * resetIn / (left + 1)}. The factor leaves room for the others that read the
 *       same figures: N processes on a budget that refills steadily settle where their starts add
 *       up to the refill rate with about {@code (2 * limit - N) / (N + 2)} requests to spare.
 *       When nothing is left, the next request also waits for the reset.</li>
 *   <li>Slow start: no more requests go unanswered after the newest announcement than answers
 *       this engine has had, so that processes started together, each seeing a full budget, grow
 *       into it by doubling each round trip instead of all spending it at once; unless they are
 *       fewer than a {@value #STARTING_TOGETHER}th of the announced remaining, which that many
 *       processes together cannot overdraw (so a large budget never holds a slow part's
 *       neighbours back). A wait for an answer lasts at most {@link #ANSWER_WAIT}.</li>
 *   <li>Bounds: no start waits more than {@link #MAX_INTERVAL} after the one before; a longer
 *       drought is left to the 429s and their {@code Retry-After}.</li>
 * </ol>
 * An answer without the headers changes nothing, and without any announcement nothing is paced
 * (so the requests an engine sends before its first answer are not either). The cost: a lone process whose work is a large share of a full
 * budget spends it more slowly than it could (it settles with two thirds of it unspent), though
 * over time it still sends at the rate the budget refills. Not thread-safe: the scheduler guards
 * it.
 */
final class RequestPacing {
  /** How many times the time to the reset the requests left are spread over. */
  static final int SPREAD = 2;
  /** How many processes started together the slow start guards a budget against. */
  static final int STARTING_TOGETHER = 32;
  /** The longest spacing between starts. */
  static final Duration MAX_INTERVAL = Duration.ofSeconds(10);
  /** The longest wait for an answer before the next request goes anyway. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(1);

  /**
   * What the pacing knows at a moment, for reports: the newest announced budget; how many of its
   * requests are left for this engine (the announced remaining less the requests it started
   * since), or -1 without an announcement; the spacing it sets between starts; and how long a
   * request that is ready now would wait.
   */
  record Snapshot(Optional<AnnouncedBudget> announced, long left, Duration interval, Duration delay) {
  }

  private AnnouncedBudget announced;
  private long announcedTicket;
  private long resetAt;
  private long interval;
  private long starts;
  private long ended;
  private long lastStart;

  /**
   * A request starts at {@code now} (a cancel too, though it does not wait); returns its ticket,
   * to be handed back when its attempt ends.
   */
  long started(long now) {
    lastStart = now;
    return ++starts;
  }

  /**
   * The attempt of request {@code ticket} ended at {@code now}: with the budget its answer
   * announced, or null when it had none (absent or malformed headers, or no answer at all), which
   * changes nothing. An answer to a request that started before the one of the newest
   * announcement is older news, and is not taken.
   */
  void attemptEnded(AnnouncedBudget budget, long ticket, long now) {
    ended++;
    if (budget == null || announced != null && ticket < announcedTicket) {
      return;
    }
    announced = budget;
    announcedTicket = ticket;
    long reset = budget.resetIn().toNanos();
    resetAt = now + reset;
    long left = left();
    interval = Math.min(left <= 0 ? reset : SPREAD * reset / (left + 1), MAX_INTERVAL.toNanos());
  }

  /** The earliest moment at which the next request may start; {@code now} or before means now. */
  long nextStart(long now) {
    if (announced == null) {
      return now;
    }
    long next = lastStart + interval;
    if (left() <= 0 && resetAt - next > 0) {
      next = resetAt;
    }
    long unanswered = starts - announcedTicket;
    if (unanswered >= ended && unanswered * STARTING_TOGETHER >= announced.remaining()) { // slow start
      long answer = lastStart + ANSWER_WAIT.toNanos();
      if (answer - next > 0) {
        next = answer;
      }
    }
    long latest = lastStart + MAX_INTERVAL.toNanos();
    return next - latest > 0 ? latest : next;
  }

  /** The announced remaining requests less those this engine started after the one answered. */
  private long left() {
    return announced.remaining() - (starts - announcedTicket);
  }

  /** What the pacing knows at {@code now}. */
  Snapshot snapshot(long now) {
    return new Snapshot(Optional.ofNullable(announced), announced == null ? -1 : Math.max(0, left()),
        Duration.ofNanos(announced == null ? 0 : interval), Duration.ofNanos(Math.max(0, nextStart(now) - now)));
  }
}
