package io.github.uploadkit.openai.client;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A non-2xx response from the OpenAI API, with the facts a caller acts on: the HTTP status, the
 * error's type, code, param and message from the body, the {@code x-request-id} to quote to
 * support, and the server's retry hints ({@code x-should-retry}, {@code retry-after-ms},
 * {@code Retry-After}).
 *
 * <p>The message never contains the API key or a request body. When the error body is empty, not
 * JSON or HTML, the message says so and the error fields are null.
 */
public final class OpenAiApiException extends RuntimeException {
  private final int statusCode;
  private final String method;
  private final String path;
  private final String errorType;
  private final String errorCode;
  private final String param;
  private final String errorMessage;
  private final String requestId;
  private final Duration retryAfter;
  private final Boolean shouldRetry;

  OpenAiApiException(
      java.util.function.UnaryOperator<String> redactor,
      int statusCode,
      String method,
      String path,
      String errorType,
      String errorCode,
      String param,
      String errorMessage,
      String requestId,
      Duration retryAfter,
      Boolean shouldRetry,
      String bodyDescription) {
    super(redactor.apply(describe(statusCode, method, path, errorType, errorCode, param, errorMessage, requestId,
        bodyDescription)));
    this.statusCode = statusCode;
    this.method = method;
    this.path = path;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.param = param;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
    this.shouldRetry = shouldRetry;
  }

  private static String describe(int status, String method, String path, String type, String code,
      String param, String message, String requestId, String bodyDescription) {
    StringBuilder text = new StringBuilder()
        .append(method).append(' ').append(path).append(" failed with HTTP ").append(status);
    if (message != null) {
      text.append(": ").append(message);
    } else if (bodyDescription != null) {
      text.append(": ").append(bodyDescription);
    }
    if (type != null) {
      text.append(" (type ").append(type);
      if (code != null) {
        text.append(", code ").append(code);
      }
      if (param != null) {
        text.append(", param ").append(param);
      }
      text.append(')');
    }
    if (requestId != null) {
      text.append(" [request id ").append(requestId).append(']');
    }
    return text.toString();
  }

  /** The HTTP status code, for example 429. */
  public int statusCode() {
    return statusCode;
  }

  /** The request's HTTP method. */
  public String method() {
    return method;
  }

  /** The request's URL path, for example {@code /v1/uploads/upload_abc/parts}. */
  public String path() {
    return path;
  }

  /** The {@code error.type} of the body, or null when the body had none. */
  public @Nullable String errorType() {
    return errorType;
  }

  /** The {@code error.code} of the body, or null. */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** The {@code error.param} of the body, or null. */
  public @Nullable String param() {
    return param;
  }

  /** The {@code error.message} of the body, or null when the body had none. */
  public @Nullable String errorMessage() {
    return errorMessage;
  }

  /** The {@code x-request-id} response header, or null. */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * How long the server asked the client to wait, from {@code retry-after-ms} or else
   * {@code Retry-After} (seconds or an HTTP date); empty when it sent neither or a malformed one.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The {@code x-should-retry} header as a boolean; empty when absent or neither true nor false. */
  public Optional<Boolean> shouldRetry() {
    return Optional.ofNullable(shouldRetry);
  }
}
