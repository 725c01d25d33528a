package io.github.uploadkit.openai.uploads.fake;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random faults for the fake server: each request, with probability {@code rate}, gets a
 * fault drawn from a fixed mix. The seed fixes the sequence of draws; which request gets which
 * draw still depends on how the client's threads interleave. Timeouts (a delay longer than the
 * client waits) are only put on parts, where a late success is harmless; a timed-out create or
 * complete would leave the client unsure whether it happened. Thread-safe.
 */
public final class Chaos {
  /** The faults it injects. */
  public enum Kind {
    RESET, SERVER_ERROR, RATE_LIMITED, RATE_LIMITED_WITH_RETRY_AFTER, REQUEST_TIMEOUT, CONFLICT, SLOW, TIMEOUT, BAD_REQUEST
  }

  private final Random random;
  private final double rate;
  private final Duration timeout;
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);

  /**
   * @param seed the seed of the draws
   * @param rate the share of requests that get a fault, 0 to 1
   * @param timeout how long a {@link Kind#TIMEOUT} holds a part request before answering
   */
  public Chaos(long seed, double rate, Duration timeout) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be 0 to 1, but was " + rate);
    }
    this.random = new Random(seed);
    this.rate = rate;
    this.timeout = timeout;
  }

  /** The fault for the next request of an operation, or null for none. */
  synchronized Fault next(Operation operation) {
    if (random.nextDouble() >= rate) {
      return null;
    }
    int roll = random.nextInt(100);
    Kind kind = roll < 20 ? Kind.RESET
        : roll < 40 ? Kind.SERVER_ERROR
        : roll < 50 ? Kind.RATE_LIMITED
        : roll < 60 ? Kind.RATE_LIMITED_WITH_RETRY_AFTER
        : roll < 67 ? Kind.REQUEST_TIMEOUT
        : roll < 74 ? Kind.CONFLICT
        : roll < 87 ? Kind.SLOW
        : roll < 98 ? Kind.TIMEOUT
        : Kind.BAD_REQUEST;
    if (kind == Kind.TIMEOUT && operation != Operation.ADD_PART) {
      kind = Kind.SLOW;
    }
    injected.merge(kind, 1, Integer::sum);
    Fault fault = Fault.on(operation).always();
    return switch (kind) {
      case RESET -> fault.resetAfterBytes(operation == Operation.ADD_PART ? random.nextInt(64 * 1024) : 0);
      case SERVER_ERROR -> fault.respond(new int[] {500, 502, 503, 504}[random.nextInt(4)]);
      case RATE_LIMITED -> fault.respond(429);
      case RATE_LIMITED_WITH_RETRY_AFTER -> fault.respond(429).header("Retry-After", random.nextBoolean() ? "0" : "1");
      case REQUEST_TIMEOUT -> fault.respond(408);
      case CONFLICT -> fault.respond(409);
      case SLOW -> fault.delay(Duration.ofMillis(20 + random.nextInt(130)));
      case TIMEOUT -> fault.delay(timeout);
      case BAD_REQUEST -> fault.respond(400);
    };
  }

  /** How many faults of each kind were injected so far. */
  public synchronized Map<Kind, Integer> injected() {
    return Map.copyOf(injected);
  }

  /** The total of faults injected so far. */
  public synchronized int total() {
    return injected.values().stream().mapToInt(Integer::intValue).sum();
  }
}
