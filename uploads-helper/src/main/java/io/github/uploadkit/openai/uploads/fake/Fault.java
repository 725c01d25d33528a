package io.github.uploadkit.openai.uploads.fake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted fault for the fake server: for the Nth to Mth request of an operation (counted over
 * all Uploads, from 1), wait, answer with a status instead of handling it, or reset the connection
 * after reading some of the body. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * Fault.on(Operation.ADD_PART).nth(2).respond(503).header("Retry-After", "1")
 * Fault.on(Operation.ADD_PART).nth(1).resetAfterBytes(4096)
 * Fault.on(Operation.CREATE).always().delay(Duration.ofMillis(200))
 * }</pre>
 */
public final class Fault {
  private final Operation operation;
  private final int from;
  private final int to;
  private final int status;
  private final String body;
  private final Map<String, String> headers;
  private final long resetAfterBytes;
  private final Duration delay;
  private final boolean dropResponse;

  private Fault(Operation operation, int from, int to, int status, String body, Map<String, String> headers,
      long resetAfterBytes, Duration delay) {
    this(operation, from, to, status, body, headers, resetAfterBytes, delay, false);
  }

  private Fault(Operation operation, int from, int to, int status, String body, Map<String, String> headers,
      long resetAfterBytes, Duration delay, boolean dropResponse) {
    this.dropResponse = dropResponse;
    this.operation = operation;
    this.from = from;
    this.to = to;
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
    this.resetAfterBytes = resetAfterBytes;
    this.delay = delay;
  }

  /** A fault for the first request of {@code operation} that does nothing until configured. */
  public static Fault on(Operation operation) {
    return new Fault(Objects.requireNonNull(operation), 1, 1, 0, null, Map.of(), -1, Duration.ZERO);
  }

  /** Applies to the {@code n}th request only. */
  public Fault nth(int n) {
    return requests(n, n);
  }

  /** Applies to the {@code from}th through the {@code to}th request. */
  public Fault requests(int from, int to) {
    if (from < 1 || to < from) {
      throw new IllegalArgumentException("requests need 1 <= from <= to, but were " + from + ", " + to);
    }
    return new Fault(operation, from, to, status, body, headers, resetAfterBytes, delay);
  }

  /** Applies to every request. */
  public Fault always() {
    return requests(1, Integer.MAX_VALUE);
  }

  /** Answers with this status and an error body in the API's shape. */
  public Fault respond(int status) {
    return respond(status, errorBody(status));
  }

  /** Answers with this status and body (sent as JSON). */
  public Fault respond(int status, String body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100 to 599, but was " + status);
    }
    return new Fault(operation, from, to, status, body, headers, resetAfterBytes, delay);
  }

  /** Adds a response header, for example {@code Retry-After}. */
  public Fault header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Fault(operation, from, to, status, body, copy, resetAfterBytes, delay);
  }

  /** Reads this many bytes of the request body, then drops the connection without answering. */
  public Fault resetAfterBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be 0 or more, but was " + bytes);
    }
    return new Fault(operation, from, to, status, body, headers, bytes, delay);
  }

  /** Waits this long before answering (or before the scripted response). */
  public Fault delay(Duration delay) {
    return new Fault(operation, from, to, status, body, headers, resetAfterBytes, Objects.requireNonNull(delay));
  }

  /**
   * Handles the request as usual (an Upload is created, a part stored, an Upload completed) and
   * then drops the connection instead of answering: the client cannot know what happened.
   */
  public Fault dropResponse() {
    return new Fault(operation, from, to, status, body, headers, resetAfterBytes, delay, true);
  }

  boolean dropsResponse() {
    return dropResponse;
  }

  boolean matches(Operation op, int n) {
    return op == operation && n >= from && n <= to;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }

  long resetAfterBytes() {
    return resetAfterBytes;
  }

  Duration delay() {
    return delay;
  }

  private static String errorBody(int status) {
    String type = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
    return "{\"error\":{\"message\":\"Injected fault: HTTP " + status + "\",\"type\":\"" + type
        + "\",\"param\":null,\"code\":null}}";
  }

  @Override
  public String toString() {
    return "Fault{" + operation + " #" + from + (to == from ? "" : ".." + (to == Integer.MAX_VALUE ? "" : to))
        + (status > 0 ? ", respond " + status : "") + (resetAfterBytes >= 0 ? ", reset after " + resetAfterBytes + " bytes" : "")
        + (delay.isZero() ? "" : ", delay " + delay) + "}";
  }
}
