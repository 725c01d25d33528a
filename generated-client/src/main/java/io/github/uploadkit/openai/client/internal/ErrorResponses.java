package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.client.model.ErrorResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads what an error response says: the capped body parsed as the API's error shape, and the
 * retry headers. Never throws for a malformed body; it describes it instead.
 */
public final class ErrorResponses {
  /** The most bytes of an error body that are read; the rest is discarded. */
  public static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final int SNIPPET_CHARS = 200;

  private final JsonAdapter<ErrorResponse> adapter;
  private final java.util.function.UnaryOperator<String> redactor;

  /** Parses with {@code moshi}; {@code redactor} takes secrets out of every text before it is kept or cut. */
  public ErrorResponses(Moshi moshi, java.util.function.UnaryOperator<String> redactor) {
    this.adapter = moshi.adapter(ErrorResponse.class);
    this.redactor = text -> text == null ? null : redactor.apply(text);
  }

  /** What was read from one error body. */
  public record Parsed(String type, String code, String param, String message, String description) {
  }

  /** Reads at most {@link #MAX_ERROR_BODY_BYTES} of the body and parses it. */
  public Parsed parse(ResponseBody body) {
    if (body == null) {
      return new Parsed(null, null, null, null, "empty body");
    }
    String contentType = body.contentType() == null ? "no content type" : body.contentType().toString();
    byte[] bytes;
    boolean truncated;
    try (body) {
      BufferedSource source = body.source();
      truncated = source.request(MAX_ERROR_BODY_BYTES + 1L);
      long available = Math.min(source.getBuffer().size(), MAX_ERROR_BODY_BYTES);
      bytes = source.readByteArray(available);
    } catch (IOException e) {
      return new Parsed(null, null, null, null, "the error body could not be read (" + e + ")");
    }
    if (bytes.length == 0) {
      return new Parsed(null, null, null, null, "empty body");
    }
    String text = redactor.apply(new String(bytes, StandardCharsets.UTF_8));
    if (!truncated) {
      try {
        ErrorResponse parsed = adapter.fromJson(text);
        if (parsed != null && parsed.error() != null) {
          var error = parsed.error();
          return new Parsed(redactor.apply(error.type()), redactor.apply(error.code()), redactor.apply(error.param()),
              redactor.apply(error.message()), null);
        }
      } catch (JsonDataException | IOException e) {
        // described below
      }
    }
    String what = truncated
        ? "an error body larger than " + MAX_ERROR_BODY_BYTES + " bytes"
        : "a body that is not the API's JSON error shape";
    return new Parsed(null, null, null, null,
        what + " (" + contentType + "): " + snippet(text));
  }

  private static String snippet(String text) {
    String flat = text.replaceAll("<[^>]{0,200}>", " ").replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "...";
  }

  /**
   * The wait the server asked for: {@code retry-after-ms} (milliseconds), else {@code Retry-After}
   * (seconds or an HTTP date); null when absent, malformed or negative.
   */
  public static Duration retryAfter(Headers headers, Instant now) {
    String millis = headers.get("retry-after-ms");
    if (millis != null) {
      try {
        double value = Double.parseDouble(millis.trim());
        if (value >= 0 && value < Long.MAX_VALUE) {
          return Duration.ofMillis((long) value);
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String header = headers.get("retry-after");
    if (header == null) {
      return null;
    }
    String value = header.trim();
    try {
      double seconds = Double.parseDouble(value);
      return seconds >= 0 && seconds < 1e12 ? Duration.ofMillis((long) (seconds * 1000)) : null;
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** The {@code x-should-retry} header: true, false, or null when absent or anything else. */
  public static Boolean shouldRetry(Headers headers) {
    String value = headers.get("x-should-retry");
    if ("true".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(value)) {
      return Boolean.FALSE;
    }
    return null;
  }
}
