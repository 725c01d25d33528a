package io.github.uploadkit.openai.uploads.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request budget the API announces on an answer: {@code x-ratelimit-limit-requests} (the most
 * requests the budget holds), {@code x-ratelimit-remaining-requests} (how many may still be made)
 * and {@code x-ratelimit-reset-requests} (how long until the budget is back to its limit, in the
 * API's duration format: {@code 12ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}). The budget is
 * the organization's, shared by every process that uses its key.
 *
 * <p>The token headers ({@code x-ratelimit-*-tokens}) are not read: they count the tokens of
 * model requests, and the Uploads requests spend none, so that budget neither holds an upload
 * back nor is drawn down by one; pacing on it would slow uploads for a budget they do not use.
 *
 * @param limit the requests the budget holds when full, at least 1
 * @param remaining the requests left now, from 0 to {@code limit}
 * @param resetIn the time until the budget is full again, from 0 to {@link #MAX_RESET}
 */
record AnnouncedBudget(long limit, long remaining, Duration resetIn) {
  static final String LIMIT = "x-ratelimit-limit-requests";
  static final String REMAINING = "x-ratelimit-remaining-requests";
  static final String RESET = "x-ratelimit-reset-requests";
  /** The longest reset believed: the API's longest window is a day; anything longer is garbage. */
  static final Duration MAX_RESET = Duration.ofDays(1);

  private static final int MAX_HEADER_CHARS = 64;
  private static final Pattern COUNT = Pattern.compile("\\d{1,18}");
  private static final Pattern DURATION = Pattern.compile("(?:\\d{1,18}(?:\\.\\d{1,18})?(?:ns|us|µs|μs|ms|s|m|h))+");
  private static final Pattern SEGMENT = Pattern.compile("(\\d{1,18}(?:\\.\\d{1,18})?)(ns|us|µs|μs|ms|s|m|h)");

  /**
   * The budget that {@code header} (a lookup by name, null when absent) announces, or empty when
   * any of the three headers is absent, malformed or out of range: a budget half read is not
   * trusted.
   */
  static Optional<AnnouncedBudget> from(UnaryOperator<String> header) {
    Optional<Long> limit = count(header.apply(LIMIT));
    Optional<Long> remaining = count(header.apply(REMAINING));
    Optional<Duration> reset = duration(header.apply(RESET));
    if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty() || limit.get() < 1
        || remaining.get() > limit.get()) {
      return Optional.empty();
    }
    return Optional.of(new AnnouncedBudget(limit.get(), remaining.get(), reset.get()));
  }

  /** A count as the API writes it: decimal digits only. */
  static Optional<Long> count(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    return COUNT.matcher(text).matches() ? Optional.of(Long.parseLong(text)) : Optional.empty();
  }

  /**
   * A duration as the API writes it: one or more decimal numbers, each with a unit ({@code h},
   * {@code m}, {@code s}, {@code ms}, {@code us} or {@code µs}, {@code ns}), such as {@code 6m0s};
   * empty for anything else, or beyond {@link #MAX_RESET}.
   */
  static Optional<Duration> duration(String value) {
    if (value == null || value.length() > MAX_HEADER_CHARS) {
      return Optional.empty();
    }
    String text = value.trim();
    if (!DURATION.matcher(text).matches()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher segment = SEGMENT.matcher(text);
    while (segment.find()) {
      nanos = nanos.add(new BigDecimal(segment.group(1)).multiply(BigDecimal.valueOf(unitNanos(segment.group(2)))));
    }
    if (nanos.compareTo(BigDecimal.valueOf(MAX_RESET.toNanos())) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "h" -> 3_600_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "s" -> 1_000_000_000L;
      case "ms" -> 1_000_000L;
      case "ns" -> 1L;
      default -> 1_000L; // us, µs (micro sign) and μs (Greek mu), as Go writes microseconds
    };
  }
}
